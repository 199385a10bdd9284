import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Sql } from '../../server/src/datasets/store';
import { ensureDatasetSchema } from '../../server/src/datasets/store';
import { ensureSimulationSchema } from '../../server/src/simulations/store';
import { ROOT } from './support';

const BASE = process.env.KP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A fresh database for one suite, with the tables the simulation stores need (and a one-org `orgs`). */
export async function freshDatabase(name: string): Promise<{ url: string; db: Sql & { end(): Promise<void> }; drop(): Promise<void> }> {
  const dbName = `kp_sim_${name}_${process.pid}`;
  const admin = new Client({ connectionString: `${BASE}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = `${BASE}/${dbName}`;
  const db = new Client({ connectionString: url });
  await db.connect();
  await db.query(`CREATE TABLE IF NOT EXISTS orgs (id text PRIMARY KEY, path text NOT NULL)`);
  await db.query(`INSERT INTO orgs VALUES ('prov', '/prov/') ON CONFLICT DO NOTHING`);
  await ensureDatasetSchema(db);
  await ensureSimulationSchema(db);
  return {
    url,
    db,
    async drop() {
      await db.end();
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
