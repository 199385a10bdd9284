import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../server/src/db/data-source';
import { ROOT } from './support';

const BASE = process.env.KP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * A fresh database for one suite, migrated as the server migrates it, with one organisation (prov): `ds` a TypeORM
 * data source on it (datasets and jobs are stored through the server's stores), `db` a plain pg client for the
 * tests' own look at the tables.
 */
export async function freshDatabase(name: string): Promise<{ url: string; db: Client; ds: DataSource; drop(): Promise<void> }> {
  const dbName = `kp_sim_${name}_${process.pid}`;
  const admin = new Client({ connectionString: `${BASE}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = `${BASE}/${dbName}`;
  const ds = await new DataSource({ ...dataSourceOptions(url, 2), logging: ['error'] }).initialize();
  const db = new Client({ connectionString: url });
  await db.connect();
  await db.query(`INSERT INTO orgs (id, name_zh, name_en, level, path) VALUES ('prov', '省', 'Province', 'province', '/prov/')`);
  return {
    url,
    db,
    ds,
    async drop() {
      await db.end();
      await ds.destroy();
      const a = new Client({ connectionString: `${BASE}/postgres` });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** `npm run worker` as a child process (node with the tsx loader, so a kill reaches the worker itself). */
export function startWorker(url: string, name: string, env: Record<string, string> = {}): ChildProcess & { log: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'src', 'worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, KP_WORKER_NAME: name, KP_SIM_THREADS: '1', KP_QUEUE_POLL_SECONDS: '0.5', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { log: () => string };
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  child.log = () => out;
  return child;
}

export async function waitFor<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function stopWorker(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
