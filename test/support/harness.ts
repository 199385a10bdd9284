/**
 * API test harness (jest + supertest), shared by the API, simulation, UI e2e and hardening suites.
 *
 *   import { createTestApp, type TestApp } from '../support/harness';
 *
 *   let t: TestApp;
 *   beforeAll(async () => { t = await createTestApp('packs'); });   // one fresh database per suite
 *   afterAll(() => t?.close());                                       // closes the app, drops the database
 *
 *   await t.as('author').get('/api/v1/packs').expect(200);           // supertest, Authorization: Bearer <token of author>
 *   await t.as('a.deployer').post('/api/v1/deployments').send({...}); // any seeded username
 *   await t.http.get('/api/health').expect(200);                     // anonymous supertest
 *   const token = await t.login('viewer');                           // a real POST /api/v1/auth/login (password TEST_PASSWORD)
 *   const rows = await t.sql('SELECT count(*)::int AS n FROM evaluations');    // raw SQL on the suite's database
 *   await t.publish(doc);                                            // create + publish a pack document (prov author/publisher)
 *   t.app / t.db / t.config / t.baseUrl (when listen: true)          // the Nest app, its TypeORM DataSource, its config
 *
 * createTestApp(name, options):
 *   seed:        'minimal' (default: the TEST_ORGS tree and TEST_USERS below) | 'demo' (the `npm start` seed:
 *                demo orgs, users, packs, deployments, evaluations; slow) | 'none' (empty database, migrations only)
 *   importPacks: import rule-packs/ as published versions at start (default false; 'demo' implies true)
 *   config:      overrides of AppConfig (e.g. { loginLimitPerMinute: 5 })
 *   imports:     extra Nest modules to mount (e.g. a feature module not yet in app.module.ts)
 *   listen:      also listen on a loopback port (for autocannon, playwright): t.baseUrl = http://127.0.0.1:<port>
 *
 * Database: CREATE DATABASE kp_api_<name>_<pid> on 127.0.0.1:5432 (user postgres, trust; override with
 * KP_TEST_PG_URL=postgres://user@host:port), dropped at close. When nothing answers there, an embedded PGlite in a
 * temporary folder is used instead (pool size 1), so the suites still run on a machine without PostgreSQL.
 *
 * Minimal seed: organisations prov (province) → city → county → town-a (township) → basic-a (basic), and
 * county → town-b (township, the "other locality"). Users, all with password TEST_PASSWORD:
 *   <role>          at prov    for every role: admin, author, publisher, deployer, analyst, viewer
 *   a.<role>        at town-a  for every role
 *   b.<role>        at town-b  for every role
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import * as argon2 from 'argon2';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../server/src/app.module';
import { configureApp } from '../../server/src/app/configure';
import { JwtSecretService } from '../../server/src/auth/jwt-secret.service';
import { ROLES, type Role } from '../../server/src/auth/roles';
import { loadConfig, type AppConfig } from '../../server/src/config';
import type { Pack } from '../../server/src/engine/types';
import { seedOrgs, type OrgSeed } from '../../server/src/seed/seed-db';
import { UserEntity } from '../../server/src/users/user.entity';

export const REPO_ROOT = join(__dirname, '..', '..');
export const TEST_PASSWORD = 'test-password-1';

export const TEST_ORGS: OrgSeed[] = [
  { id: 'prov', parentId: null, nameZh: '测试省', nameEn: 'Test Province', level: 'province' },
  { id: 'city', parentId: 'prov', nameZh: '测试市', nameEn: 'Test City', level: 'city' },
  { id: 'county', parentId: 'city', nameZh: '测试县', nameEn: 'Test County', level: 'county' },
  { id: 'town-a', parentId: 'county', nameZh: '甲镇', nameEn: 'Town A', level: 'township' },
  { id: 'basic-a', parentId: 'town-a', nameZh: '甲村党支部', nameEn: 'Village A Branch', level: 'basic' },
  { id: 'town-b', parentId: 'county', nameZh: '乙镇', nameEn: 'Town B', level: 'township' },
];

export interface TestUser {
  username: string;
  roles: Role[];
  orgId: string;
}

export const TEST_USERS: TestUser[] = [
  ...ROLES.map((r) => ({ username: r, roles: [r], orgId: 'prov' })),
  ...ROLES.map((r) => ({ username: `a.${r}`, roles: [r], orgId: 'town-a' })),
  ...ROLES.map((r) => ({ username: `b.${r}`, roles: [r], orgId: 'town-b' })),
];

export interface TestAppOptions {
  seed?: 'minimal' | 'demo' | 'none';
  importPacks?: boolean;
  config?: Partial<AppConfig>;
  imports?: (Type | DynamicModule)[];
  listen?: boolean;
}

type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head';
export type AuthedAgent = Record<Verb, (url: string) => request.Test>;

export interface TestApp {
  app: INestApplication;
  db: DataSource;
  config: AppConfig;
  /** Anonymous supertest. */
  http: ReturnType<typeof request>;
  /** http://127.0.0.1:<port> when created with listen: true. */
  baseUrl: string | null;
  /** Supertest requests with a valid bearer token of that user. */
  as(username: string): AuthedAgent;
  /** The bearer token of a user (signed directly, no login request). */
  token(username: string): Promise<string>;
  /** A real login request; returns the access token. */
  login(username: string, password?: string): Promise<string>;
  sql<T = Record<string, unknown>>(text: string, args?: unknown[]): Promise<T[]>;
  /** Create and publish a pack document as the province author and publisher; returns the published version. */
  publish(doc: Pack | Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A seed pack document from rule-packs/<id>/<version>.json (a fresh copy each call). */
export function loadPack(id: string, version = '1.0.0'): Pack {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'rule-packs', id, `${version}.json`), 'utf8')) as Pack;
}

/** A seed pack under another id (and version), for suites that create and publish their own packs. */
export function packCopy(from: string, id: string, version = '1.0.0', fromVersion = '1.0.0'): Pack {
  return { ...loadPack(from, fromVersion), id, version };
}

let cachedHash: Promise<string> | null = null;

export async function createTestApp(name: string, opts: TestAppOptions = {}): Promise<TestApp> {
  const seed = opts.seed ?? 'minimal';
  const database = await freshDatabase(name);
  const config: AppConfig = {
    ...loadConfig({}),
    databaseUrl: database.url,
    poolMax: database.poolMax,
    packsDir: join(REPO_ROOT, 'rule-packs'),
    adminUiDir: join(REPO_ROOT, 'test', 'support', 'no-admin-ui'),
    jwtSecret: null,
    loginLimitPerMinute: 10_000,
    importPacks: seed === 'demo' || (opts.importPacks ?? false),
    demo: seed === 'demo',
    ...opts.config,
  };
  let app: NestExpressApplication | undefined;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config), ...(opts.imports ?? [])] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: process.env.KP_TEST_LOG ? undefined : ['error'] });
    configureApp(app, config);
    await app.init();
    if (opts.listen) await app.listen(0, '127.0.0.1');
  } catch (e) {
    await app?.close().catch(() => undefined);
    await database.drop();
    throw e;
  }
  const db = app.get(DataSource);
  if (seed === 'minimal') await seedMinimal(db);

  const jwt = app.get(JwtService);
  const secret = app.get(JwtSecretService);
  const tokens = new Map<string, string>();
  // a token carries the user's credential version: after a password, role, organisation or disable change the
  // next request gets a token of the new version (the old one is refused, as a real client's would be)
  const token = async (username: string) => {
    const user = await db.getRepository(UserEntity).findOne({ select: { id: true, tokenVersion: true }, where: { username } });
    if (!user) throw new Error(`harness: no user ${username}`);
    const key = `${username}\u0000${user.tokenVersion}`;
    let t = tokens.get(key);
    if (!t) {
      t = await jwt.signAsync({ sub: user.id, username, tv: user.tokenVersion }, { secret: secret.value, expiresIn: 3600 });
      tokens.set(key, t);
    }
    return t;
  };
  const server = app.getHttpServer();
  const address = opts.listen ? server.address() : null;
  const t: TestApp = {
    app,
    db,
    config,
    http: request(server),
    baseUrl: address && typeof address === 'object' ? `http://127.0.0.1:${address.port}` : null,
    as(username) {
      const agent = {} as AuthedAgent;
      for (const verb of ['get', 'post', 'put', 'patch', 'delete', 'head'] as Verb[]) {
        agent[verb] = (url: string) => {
          const req = request(server)[verb](url);
          // supertest sends when awaited; the token is attached just before
          const then = req.then.bind(req);
          req.then = ((ok: never, fail: never) => token(username).then((tk) => then.call(req.set('Authorization', `Bearer ${tk}`), ok, fail), fail)) as never;
          return req;
        };
      }
      return agent;
    },
    token,
    async login(username, password = TEST_PASSWORD) {
      const res = await request(server).post('/api/v1/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`harness: login ${username} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    sql: (text, args = []) => db.query(text, args),
    async publish(doc) {
      const d = doc as { id: string; version: string };
      const created = await t.as('author').post('/api/v1/packs').send({ document: doc });
      if (created.status !== 201) throw new Error(`harness: create ${d.id} → ${created.status} ${JSON.stringify(created.body)}`);
      const res = await t.as('publisher').post(`/api/v1/packs/${d.id}/versions/${d.version}/publish`);
      if (res.status !== 200) throw new Error(`harness: publish ${d.id}@${d.version} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async close() {
      await app!.close();
      await database.drop();
    },
  };
  return t;
}

/** The TEST_ORGS tree and TEST_USERS (one argon2 hash shared by all: hashing is the slow part). */
export async function seedMinimal(db: DataSource): Promise<void> {
  cachedHash ??= argon2.hash(TEST_PASSWORD);
  const hash = await cachedHash;
  await db.transaction(async (m) => {
    await seedOrgs(m, TEST_ORGS);
    await m.getRepository(UserEntity).insert(TEST_USERS.map((u) => ({ username: u.username, passwordHash: hash, roles: u.roles, orgId: u.orgId })));
  });
}

interface FreshDatabase {
  url: string;
  poolMax: number;
  drop(): Promise<void>;
}

async function freshDatabase(name: string): Promise<FreshDatabase> {
  const admin = process.env.KP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const dbName = `kp_api_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}`;
  const client = new Client({ connectionString: `${admin}/postgres`, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch {
    return embeddedDatabase();
  }
  try {
    await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${dbName}`);
  } finally {
    await client.end();
  }
  return {
    url: `${admin}/${dbName}`,
    poolMax: 4,
    async drop() {
      const c = new Client({ connectionString: `${admin}/postgres` });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

async function embeddedDatabase(): Promise<FreshDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'kp-pglite-'));
  const child = spawn(process.execPath, [join(__dirname, 'embedded-pg.mjs'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`harness: embedded PostgreSQL exited (${code})`)));
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    poolMax: 1,
    async drop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
