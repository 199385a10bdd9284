import { insertDataset } from '../../server/src/datasets/store';
import { simulate, type SimulationPlan } from '../../server/src/engine/simulate';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { insertJob } from '../../server/src/simulations/store';
import { freshDatabase, startWorker, stopWorker, waitFor } from './jobs-support';
import { loadDemo, loadPack, ROOT } from './support';

jest.setTimeout(240_000);

const pack = loadPack('rehab-branch-stars');
const demo = loadDemo('rehab-branch-stars');
const plan = (top: number): SimulationPlan => ({ baseline: { pack }, variants: [{ name: `4★ at ${top}`, parameters: { starBands: [60, 70, 80, top, 96] } }] });

async function enqueue(url: string, db: Parameters<typeof insertJob>[0], datasetId: string, plans: SimulationPlan[], env: Record<string, string> = {}): Promise<string[]> {
  const ids: string[] = [];
  for (const p of plans) ids.push(await insertJob(db, { orgId: 'prov', kind: 'simulate', datasetId, plan: p, createdBy: 'analyst' }));
  execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'enqueue.ts'), url, ...ids], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return ids;
}

describe('simulation jobs on the PostgreSQL queue', () => {
  it('two worker processes share a job set without losing or doubling work', async () => {
    const { url, db, ds, drop } = await freshDatabase('share');
    const workers = [startWorker(url, 'worker-a'), startWorker(url, 'worker-b')];
    try {
      const rows = await insertDataset(ds.manager, { orgId: 'prov', packId: pack.id, version: pack.version, name: 'demo', source: 'json', createdBy: 'analyst', envelope: demo });
      const synthetic = await insertDataset(ds.manager, { orgId: 'prov', packId: pack.id, version: pack.version, name: 'big', source: 'synthetic', createdBy: 'analyst', recipe: { n: 30_000, seed: 4 } });
      const tops = [85, 86, 87, 88, 89, 91];
      const ids = [...(await enqueue(url, ds.manager, rows, tops.map(plan))), ...(await enqueue(url, ds.manager, synthetic, tops.map(plan)))];
      await waitFor('every job to finish', async () => {
        const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM simulation_jobs WHERE status IN ('queued', 'running')`);
        return r.rows[0].n === 0;
      });
      const jobs = await db.query<{ id: string; status: string; attempts: number; worker: string }>(`SELECT id, status, attempts, worker FROM simulation_jobs`);
      expect(jobs.rows).toHaveLength(ids.length);
      for (const j of jobs.rows) expect([j.status, j.attempts]).toEqual(['completed', 1]);
      const runs = await db.query<{ job_id: string; n: number }>(`SELECT job_id, count(*)::int AS n FROM simulation_job_runs GROUP BY job_id`);
      expect(runs.rows.map((r) => r.n)).toEqual(ids.map(() => 1));
      const byWorker = await db.query<{ worker: string; n: number }>(`SELECT worker, count(*)::int AS n FROM simulation_job_runs GROUP BY worker ORDER BY worker`);
      expect(byWorker.rows.map((r) => r.worker)).toEqual(['worker-a', 'worker-b']);
      // What a worker stored is what simulating in this process gives.
      const stored = await db.query(`SELECT result FROM simulation_jobs WHERE id = $1`, [ids[3]]);
      expect(stored.rows[0].result).toEqual(JSON.parse(JSON.stringify(simulate(plan(88), demo))));
    } finally {
      await Promise.all(workers.map((w) => stopWorker(w)));
      await drop();
    }
  });

  it('a job whose worker is killed mid-run is taken over by another worker and completed once', async () => {
    const { url, db, ds, drop } = await freshDatabase('restart');
    const a = startWorker(url, 'worker-a');
    let b: ReturnType<typeof startWorker> | null = null;
    try {
      // Large enough that loading alone takes seconds, so the kill lands mid-run.
      const big = await insertDataset(ds.manager, { orgId: 'prov', packId: pack.id, version: pack.version, name: 'big', source: 'synthetic', createdBy: 'analyst', recipe: { n: 300_000, seed: 9 } });
      const [id] = await enqueue(url, ds.manager, big, [plan(88)]);
      await waitFor('worker-a to start the job', async () => (await db.query(`SELECT 1 FROM simulation_job_runs WHERE job_id = $1 AND worker = 'worker-a'`, [id])).rowCount);
      await stopWorker(a, 'SIGKILL');
      const mid = await db.query<{ status: string; result: unknown }>(`SELECT status, result FROM simulation_jobs WHERE id = $1`, [id]);
      expect(mid.rows[0]).toEqual({ status: 'running', result: null });
      b = startWorker(url, 'worker-b');
      await waitFor('the job to complete', async () => (await db.query(`SELECT 1 FROM simulation_jobs WHERE id = $1 AND status = 'completed'`, [id])).rowCount, 150_000);
      const runs = await db.query(`SELECT attempt, worker, outcome FROM simulation_job_runs WHERE job_id = $1 ORDER BY attempt`, [id]);
      expect(runs.rows).toEqual([
        { attempt: 1, worker: 'worker-a', outcome: null },
        { attempt: 2, worker: 'worker-b', outcome: 'completed' },
      ]);
      const job = await db.query(`SELECT attempts, result->'baseline'->'subjects' AS subjects FROM simulation_jobs WHERE id = $1`, [id]);
      expect(job.rows[0]).toEqual({ attempts: 2, subjects: 300_000 });
    } finally {
      await stopWorker(a, 'SIGKILL');
      if (b) await stopWorker(b);
      await drop();
    }
  });

  it('a job cut off on its last attempt fails clearly and stores nothing', async () => {
    const { url, db, ds, drop } = await freshDatabase('deadletter');
    const noRetry = { KP_QUEUE_RETRY_LIMIT: '0' };
    const a = startWorker(url, 'worker-a', noRetry);
    let b: ReturnType<typeof startWorker> | null = null;
    try {
      const big = await insertDataset(ds.manager, { orgId: 'prov', packId: pack.id, version: pack.version, name: 'big', source: 'synthetic', createdBy: 'analyst', recipe: { n: 300_000, seed: 9 } });
      const [id] = await enqueue(url, ds.manager, big, [plan(88)], noRetry);
      await waitFor('worker-a to start the job', async () => (await db.query(`SELECT 1 FROM simulation_job_runs WHERE job_id = $1`, [id])).rowCount);
      await stopWorker(a, 'SIGKILL');
      b = startWorker(url, 'worker-b', noRetry);
      const job = await waitFor(
        'the job to fail',
        async () => (await db.query(`SELECT status, result, error->>'kind' AS kind, attempts FROM simulation_jobs WHERE id = $1 AND status = 'failed'`, [id])).rows[0],
        150_000,
      );
      expect(job).toEqual({ status: 'failed', result: null, kind: 'Interrupted', attempts: 1 });
      const runs = await db.query(`SELECT attempt, worker, outcome FROM simulation_job_runs WHERE job_id = $1`, [id]);
      expect(runs.rows).toEqual([{ attempt: 1, worker: 'worker-a', outcome: null }]);
    } finally {
      await stopWorker(a, 'SIGKILL');
      if (b) await stopWorker(b);
      await drop();
    }
  });
});
