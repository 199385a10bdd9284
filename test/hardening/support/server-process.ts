import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../../../server/src/db/entities';
import { seedMinimal, TEST_PASSWORD } from '../../support/harness';
import { REPO_ROOT } from './packs';

/**
 * The built server (`node dist/server/src/main.js`) as a child process on its own database, for the suites that
 * kill it, restart PostgreSQL under it or load it from outside: the fault and load suites.
 *
 * KP_FAULTS_PG_URL      the PostgreSQL to use (default postgres://postgres@127.0.0.1:5432, the CI one)
 * KP_FAULTS_PG_RESTART  the command that restarts it (default: pg_ctlcluster … main restart, as in CI)
 */
export const PG_URL = process.env.KP_FAULTS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const PG_RESTART = process.env.KP_FAULTS_PG_RESTART ?? 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart';
export const MAIN = join(REPO_ROOT, 'dist', 'server', 'src', 'main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function admin<T>(f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: `${PG_URL}/postgres`, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

export async function createDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const db = `kp_hz_${name}_${process.pid}`;
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${db}`);
  });
  return { url: `${PG_URL}/${db}`, drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)).then(() => undefined) };
}

/** SQL on a database, with a fresh connection each time (PostgreSQL may have restarted in between). */
export async function sql<T = Record<string, unknown>>(url: string, text: string, args: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return (await c.query(text, args)).rows as T[];
  } finally {
    await c.end();
  }
}

/** The harness's organisations and users (password TEST_PASSWORD) on a migrated database. */
export async function seedUsers(url: string): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url, entities: ENTITIES, installExtensions: false });
  await ds.initialize();
  try {
    await seedMinimal(ds);
  } finally {
    await ds.destroy();
  }
}

export async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await ok().catch(() => false)) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Restarts PostgreSQL and waits until it accepts connections again; returns how long it was away, in ms. */
export async function restartPostgres(): Promise<number> {
  const start = Date.now();
  execSync(PG_RESTART, { stdio: 'pipe', shell: '/bin/bash', timeout: 120_000 });
  const u = new URL(PG_URL);
  await waitFor('pg_isready', async () => {
    try {
      execSync(`pg_isready -h ${u.hostname} -p ${u.port || 5432} -q`, { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  }, 120_000);
  return Date.now() - start;
}

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  pid: number;
  /** Everything the server printed, for failure messages. */
  output(): string;
  health(): Promise<number>;
  login(username: string): Promise<string>;
  /** RSS of the server process in kB, from /proc. */
  rssKb(): number;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      KP_DEMO: 'off',
      KP_IMPORT_PACKS: 'off',
      JWT_SECRET: 'hardening-secret-kept-across-restarts',
      LOGIN_RATE_LIMIT: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const health = async () => (await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) })).status;
  const s: ServerProcess = {
    baseUrl,
    child,
    pid: child.pid!,
    output: () => out,
    health,
    async login(username) {
      const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
    rssKb() {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) : NaN;
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  try {
    await waitFor(`the server on ${baseUrl}`, async () => {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${out}`);
      return (await health()) === 200;
    }, 90_000);
  } catch (e) {
    await s.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${out}`);
  }
  return s;
}

/** fetch with a bearer token and a JSON body; answers status and parsed body. */
export async function api(s: ServerProcess, token: string, method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}
