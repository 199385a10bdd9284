/**
 * The real server for the browser suite, as a child process: server/src compiled with swc (the same transform
 * jest uses, decorator metadata included) and run with node on a fresh PostgreSQL database seeded with the
 * demo data. A separate process, not the in-process test harness, because the simulation queue (pg-boss, with its
 * own timers and connections) runs inside the server, and the suite drives simulations.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { transformFileSync } from '@swc/core';
import { Client } from 'pg';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
// one folder per jest process: two runs side by side (developers, helpers) must not delete each other's build
const OUT = join(REPO_ROOT, 'node_modules', '.cache', `kp-e2e-ui-server-${process.pid}`);
const PG = process.env.KP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.spec.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Compile server/src to JavaScript (about a second with swc) and copy the schemas its validator imports. */
export function buildServer(): string {
  rmSync(OUT, { recursive: true, force: true });
  for (const file of tsFiles(join(REPO_ROOT, 'server', 'src'))) {
    const { code } = transformFileSync(file, {
      jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: false,
    });
    const target = join(OUT, relative(REPO_ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
  }
  cpSync(join(REPO_ROOT, 'schemas'), join(OUT, 'schemas'), { recursive: true });
  return join(OUT, 'server', 'src', 'main.js');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: `${PG}/postgres` });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface RunningServer {
  baseUrl: string;
  log: () => string;
  stop(): Promise<void>;
}

/** Start the built server on a fresh database; resolves once /api/health answers (the demo seed runs before). */
export async function startServer(opts: { adminUiDir: string; timeoutMs?: number }): Promise<RunningServer> {
  const main = buildServer();
  const database = `kp_e2eui_${process.pid}`;
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${database}`);
  });
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: `${PG}/${database}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      KP_ADMIN_UI_DIR: opts.adminUiDir,
      JWT_SECRET: randomBytes(24).toString('hex'),
      KP_SIM_THREADS: '1',
      LOGIN_RATE_LIMIT: '1000',
      // the browser suites test screens, not budgets (test/hardening/budget.spec.ts does): on a loaded two-core
      // machine a pack's tests or a try can pass the production default of 5 s
      KP_EVAL_TIMEOUT_MS: process.env.KP_EVAL_TIMEOUT_MS ?? '30000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(() => undefined);
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server exited during start-up:\n${output.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /api/health in time:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { baseUrl, log: () => output, stop };
}
