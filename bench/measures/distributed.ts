import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../server/src/db/data-source';
import type { Pack } from '../../server/src/engine';
import type { SimulationPlan } from '../../server/src/engine/simulate';
import { seedOrgs } from '../../server/src/seed/seed-db';
import { QUEUE, startQueue } from '../../server/src/simulations/queue';
import { insertJob } from '../../server/src/simulations/store';
import { log } from '../lib/report';
import { ROOT } from '../lib/packs';

/**
 * `npm run bench -- distributed`: one simulation (baseline + 1 variant + diff over a synthetic dataset) split into
 * partitions and run by 1, 2 and 3 `npm run worker` processes on the local PostgreSQL, in a database of its own
 * (kp_bench_distributed, dropped at the end), and once unsplit by one worker for reference. Every stored result must
 * be the same JSON, or the bench fails. Timed from queueing to the stored result, with the workers already started.
 */
export interface DistributedFigures {
  pack: string;
  subjects: number;
  partitionSize: number;
  partitions: number;
  split: string;
  /** Seconds, by number of worker processes. */
  seconds: Record<number, number>;
  unsplitSeconds: number;
  identical: boolean;
  load: number[];
}

const BASE = process.env.KP_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DB = 'kp_bench_distributed';
const PACK = 'rehab-branch-stars';

function newest(id: string): Pack {
  const v = readdirSync(join(ROOT, 'rule-packs', id))
    .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .pop()!;
  return require(join(ROOT, 'rule-packs', id, v)) as Pack;
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: `${BASE}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function startWorker(url: string, name: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'src', 'worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, KP_WORKER_NAME: name, KP_SIM_THREADS: '1', KP_QUEUE_POLL_SECONDS: '0.5', KP_PACKS_DIR: join(ROOT, 'rule-packs'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes('consuming')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`worker ${name} exited (${code}): ${out.slice(-2000)}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function measureDistributed(opts: { subjects?: number; partitionSize?: number } = {}): Promise<DistributedFigures> {
  const subjects = opts.subjects ?? 600_000;
  const size = opts.partitionSize ?? 50_000;
  const url = `${BASE}/${DB}`;
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  // The schema as the server makes it: every migration.
  const ds = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
  await ds.initialize();
  const boss = await startQueue({ connectionString: url });
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await ds.transaction((m) => seedOrgs(m, [{ id: 'prov', parentId: null, nameZh: '基准省', nameEn: 'Bench Province', level: 'province' }]));
    const pack = newest(PACK);
    const periods = (require(join(ROOT, 'rule-packs', PACK, 'demo.json')) as { periods: { period: string }[] }).periods.map((q) => q.period);
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO datasets (org_id, pack_id, version, name, source, subjects, periods, recipe, created_by)
       VALUES ('prov', $1, $2, 'bench', 'synthetic', $3, $4, $5::jsonb, 'bench') RETURNING id`,
      [pack.id, pack.version, subjects, periods, JSON.stringify({ n: subjects, seed: 11 })],
    );
    const datasetId = rows[0].id;
    const plan: SimulationPlan = { baseline: { pack }, variants: [{ name: '4★ at 86', parameters: { starBands: [60, 70, 80, 86, 96] } }], options: { maxChanged: 10_000 } };

    const run = async (workers: number, partitionSize: string): Promise<{ seconds: number; result: string; partitions: number | null; split: string | null }> => {
      const procs = await Promise.all(Array.from({ length: workers }, (_, i) => startWorker(url, `bench-${workers}-${i + 1}`, { KP_SIM_PARTITION_SUBJECTS: partitionSize })));
      try {
        const id = await insertJob(ds.manager, { orgId: 'prov', kind: 'simulate', datasetId, plan, createdBy: 'bench' });
        const t0 = performance.now();
        await boss.send(QUEUE, { jobId: id });
        for (;;) {
          const j = (await db.query<{ status: string; error: unknown }>(`SELECT status, error FROM simulation_jobs WHERE id = $1`, [id])).rows[0];
          if (j.status === 'completed') break;
          if (j.status !== 'queued' && j.status !== 'running') throw new Error(`the job ended ${j.status}: ${JSON.stringify(j.error)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        const seconds = (performance.now() - t0) / 1000;
        const r = (await db.query<{ result: string; partitions: number | null; split: { by: string } | null }>(`SELECT result::text AS result, partitions, split FROM simulation_jobs WHERE id = $1`, [id])).rows[0];
        log(`  ${workers} worker${workers > 1 ? 's' : ''}${r.partitions ? `, ${r.partitions} partitions (${r.split!.by})` : ', unsplit'}: ${seconds.toFixed(1)} s (load ${loadavg()[0].toFixed(1)})`);
        return { seconds, result: r.result, partitions: r.partitions, split: r.split?.by ?? null };
      } finally {
        await Promise.all(procs.map(stop));
      }
    };

    log(`distributed: ${PACK}@${pack.version}, ${subjects.toLocaleString('en')} synthetic subject-periods, partitions of ${size.toLocaleString('en')}`);
    const load = [loadavg()[0]];
    const unsplit = await run(1, 'off');
    const split: Record<number, Awaited<ReturnType<typeof run>>> = {};
    for (const w of [1, 2, 3]) split[w] = await run(w, String(size));
    load.push(loadavg()[0]);
    const identical = [1, 2, 3].every((w) => split[w].result === unsplit.result);
    return {
      pack: `${PACK}@${pack.version}`,
      subjects,
      partitionSize: size,
      partitions: split[3].partitions ?? 0,
      split: split[3].split ?? 'none',
      seconds: { 1: split[1].seconds, 2: split[2].seconds, 3: split[3].seconds },
      unsplitSeconds: unsplit.seconds,
      identical,
      load: load.map((x) => Number(x.toFixed(1))),
    };
  } finally {
    await db.end();
    await boss.stop({ graceful: false });
    await ds.destroy();
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

/** The last line of `npm run bench -- distributed`; throws (the bench fails) unless every result is the same. */
export function distributedLine(f: DistributedFigures): string {
  if (!f.identical) throw new Error('distributed: the split results differ from the unsplit one');
  return `distributed: ${f.partitions} partitions, 3 workers ${f.seconds[3].toFixed(1)} s vs 1 worker ${f.seconds[1].toFixed(1)} s, results identical`;
}
