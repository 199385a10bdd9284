import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createTestApp, REPO_ROOT, type TestApp } from '../support/harness';
import { startWorker, stopWorker, waitFor } from '../simulation/jobs-support';
import type { Envelope, Pack } from '../../server/src/engine';
import { simulate, type SimulationPlan } from '../../server/src/engine/simulate';

/**
 * One large simulation across worker processes (issue 17): the planner splits the job into partitions on the
 * queue, three `npm run worker` processes take them, one is killed (SIGKILL) in the middle of a partition, and the
 * merged result equals, to the last digit, what one worker stores for the same job unsplit. Cancel reaches every partition.
 */
jest.setTimeout(180_000);

const PACK = 'rehab-branch-stars'; // history rules only: split by subject, every period of a subject together
const N = 180_000; // subject-periods: 3 periods of 60,000
const SIZE = 22_500; // per partition: 8 partitions
const QUICK = { KP_QUEUE_HEARTBEAT_SECONDS: '6', KP_QUEUE_SUPERVISE_SECONDS: '2', KP_PACKS_DIR: join(REPO_ROOT, 'rule-packs') };

function newestPack(id: string): Pack {
  const v = readdirSync(join(REPO_ROOT, 'rule-packs', id))
    .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .pop()!;
  return require(join(REPO_ROOT, 'rule-packs', id, v)) as Pack;
}

let t: TestApp;
let url: string;
let version: string;
const workers: (ChildProcess & { log: () => string })[] = [];
const wasWorker = process.env.KP_SIM_WORKER;

beforeAll(async () => {
  process.env.KP_SIM_WORKER = 'off'; // the test's own app only queues; the worker processes run everything
  t = await createTestApp('distsim');
  url = t.config.databaseUrl;
  const pack = newestPack(PACK);
  version = pack.version;
  await t.publish(pack);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
  await t?.close();
  if (wasWorker === undefined) delete process.env.KP_SIM_WORKER;
  else process.env.KP_SIM_WORKER = wasWorker;
});

async function worker(name: string, env: Record<string, string>) {
  const w = startWorker(url, name, { ...QUICK, ...env });
  workers.push(w);
  await waitFor(`${name} to start`, async () => w.log().includes('consuming'), 60_000);
  return w;
}

async function submit(datasetId: string): Promise<string> {
  const res = await t
    .as('analyst')
    .post('/api/v1/simulations')
    .send({ datasetId, baseline: { packId: PACK, version }, variants: [{ name: '4★ at 86', parameters: { starBands: [60, 70, 80, 86, 96] } }] })
    .expect(202);
  return res.body.id;
}

const job = async (id: string) =>
  (await t.sql<{ status: string; progress: number; partitions: number | null; done: number; split: { by: string } | null; figures: any }>(
    `SELECT status, progress, partitions, partitions_done AS done, split, figures FROM simulation_jobs WHERE id = $1`,
    [id],
  ))[0];

describe('one large simulation across worker processes', () => {
  let datasetId: string;
  let single: unknown;

  it('one worker with splitting off stores the single-process result', async () => {
    const ds = await t.as('analyst').post('/api/v1/datasets/generate').send({ packId: PACK, version, name: 'large', n: N, seed: 17 }).expect(201);
    datasetId = ds.body.id;
    const w = await worker('single', { KP_SIM_PARTITION_SUBJECTS: 'off' });
    const id = await submit(datasetId);
    await waitFor('the single-process job', async () => (await job(id)).status === 'completed', 120_000);
    await stopWorker(w);
    expect(await job(id)).toMatchObject({ partitions: null, split: null, progress: 1 });
    single = (await t.as('analyst').get(`/api/v1/simulations/${id}/result`).expect(200)).body;
    expect((single as any).baseline.subjects).toBe(N);
    expect((single as any).variants[0].changedCount).toBeGreaterThan(0);
  });

  it('three workers take the partitions; one killed mid-partition loses only that partition, and the merge equals the single result', async () => {
    const env = { KP_SIM_PARTITION_SUBJECTS: String(SIZE) };
    const names = ['w1', 'w2', 'w3'];
    const procs = new Map<string, ChildProcess>();
    for (const n of names) procs.set(n, await worker(n, env));
    const id = await submit(datasetId);
    // A partition in the middle of its evaluation (progress reported, not done), while others remain.
    const victim = await waitFor(
      'a partition mid-run',
      async () =>
        (await t.sql<{ seq: number; worker: string }>(
          `SELECT p.seq, p.worker FROM simulation_partitions p JOIN simulation_jobs j ON j.id = p.job_id
            WHERE p.job_id = $1 AND p.status = 'running' AND p.progress > 0 AND p.progress < 1 AND j.partitions_done < j.partitions - 1 ORDER BY p.seq LIMIT 1`,
          [id],
        ))[0],
      120_000,
    );
    await stopWorker(procs.get(victim.worker)!, 'SIGKILL');
    await waitFor('the split job to complete', async () => (await job(id)).status === 'completed', 150_000);

    const j = await job(id);
    expect(j).toMatchObject({ status: 'completed', progress: 1, partitions: N / SIZE, done: N / SIZE, split: { by: 'range' } });
    expect(j.figures).toMatchObject({ partitions: N / SIZE, split: 'range', subjects: N });
    const merged = (await t.as('analyst').get(`/api/v1/simulations/${id}/result`).expect(200)).body;
    expect(merged).toEqual(single);
    expect(JSON.stringify(merged)).toBe(JSON.stringify(single));

    // Only the killed worker's partition ran twice: its attempt there never finished, a live worker's next one did.
    // (The worker may have moved on to another partition between the query above and the kill: read which one it held.)
    const runs = await t.sql<{ seq: number; attempt: number; worker: string; outcome: string | null }>(
      `SELECT seq, attempt, worker, outcome FROM simulation_partition_runs WHERE job_id = $1 ORDER BY seq, attempt`,
      [id],
    );
    const cut = runs.filter((r) => r.outcome !== 'completed');
    expect({ cut, runs }).toEqual({ cut: [{ seq: expect.any(Number), attempt: 1, worker: victim.worker, outcome: null }], runs: expect.anything() });
    const seq = cut[0].seq;
    expect(runs.filter((r) => r.seq === seq)).toEqual([cut[0], { seq, attempt: 2, worker: expect.not.stringMatching(victim.worker), outcome: 'completed' }]);
    expect(runs.filter((r) => r.seq !== seq)).toEqual(runs.filter((r) => r.seq !== seq).map((r) => ({ ...r, attempt: 1, outcome: 'completed' })));
    expect(new Set(runs.map((r) => r.worker)).size).toBe(3);

    const shown = (await t.as('analyst').get(`/api/v1/simulations/${id}`).expect(200)).body;
    expect(shown.partitions).toHaveLength(N / SIZE);
    expect(shown.partitions.every((p: { status: string; progress: number }) => p.status === 'completed' && p.progress === 1)).toBe(true);
  });

  it('cancel stops every partition of a split job and stores nothing', async () => {
    // Fresh workers and two partitions of 90,000: warm workers finish a partition of 22,500 within one progress beat
    // on a quiet machine, so the cancel must meet partitions large enough to be seen running.
    for (const w of workers) await stopWorker(w);
    for (const n of ['c1', 'c2']) await worker(n, { KP_SIM_PARTITION_SUBJECTS: String(N / 2) });
    const id = await submit(datasetId);
    await waitFor('partitions to run', async () => (await t.sql(`SELECT 1 FROM simulation_partitions WHERE job_id = $1 AND status = 'running' AND progress > 0`, [id])).length > 0, 120_000);
    const progress = (await job(id)).progress;
    expect(progress).toBeGreaterThan(0);
    expect(progress).toBeLessThan(1);
    await t.as('analyst').post(`/api/v1/simulations/${id}/cancel`).expect(200);
    // The running partitions' workers see the cancel on their next beat and end their attempt.
    await waitFor('every attempt to end', async () => (await t.sql(`SELECT 1 FROM simulation_partition_runs WHERE job_id = $1 AND finished_at IS NULL`, [id])).length === 0, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    const parts = await t.sql<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM simulation_partitions WHERE job_id = $1 GROUP BY status`, [id]);
    expect(parts.filter((p) => p.status === 'queued' || p.status === 'running')).toEqual([]);
    expect(parts.some((p) => p.status === 'cancelled')).toBe(true);
    // An attempt that the cancel overtook stored nothing: it ends 'discarded (…)', or 'cancelled'.
    const outcomes = (await t.sql<{ outcome: string }>(`SELECT DISTINCT outcome FROM simulation_partition_runs WHERE job_id = $1 AND outcome <> 'completed'`, [id])).map((o) => o.outcome);
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) expect(['cancelled', 'discarded (cancelled)', 'discarded (completed)']).toContain(o);
    const j = await t.sql(`SELECT status, result FROM simulation_jobs WHERE id = $1`, [id]);
    expect(j).toEqual([{ status: 'cancelled', result: null }]);
    await t.as('analyst').get(`/api/v1/simulations/${id}/result`).expect(409);
  });

  it('stored rows: split by subject-id buckets (history) and by the field every rank groups by, read a chunk at a time; equal to simulating whole', async () => {
    for (const w of workers) await stopWorker(w);
    await worker('rows-1', { KP_SIM_PARTITION_SUBJECTS: '200' });
    await worker('rows-2', { KP_SIM_PARTITION_SUBJECTS: '200' });
    const other = newestPack('central-upgrade-classification');
    await t.publish(other);
    for (const [pack, by] of [
      [newestPack(PACK), 'ids'],
      [other, 'key'],
    ] as const) {
      const demo = require(join(REPO_ROOT, 'rule-packs', pack.id, 'demo.json')) as Envelope;
      const ds = await t.as('analyst').post('/api/v1/datasets').send({ packId: pack.id, version: pack.version, name: 'demo', envelope: demo }).expect(201);
      const variants = pack.id === PACK ? [{ name: '4★ at 86', parameters: { starBands: [60, 70, 80, 86, 96] } }] : [{ name: 'same', parameters: {} }];
      const res = await t.as('analyst').post('/api/v1/simulations').send({ datasetId: ds.body.id, baseline: { packId: pack.id, version: pack.version }, variants }).expect(202);
      const id = res.body.id;
      await waitFor(`the ${pack.id} job`, async () => (await job(id)).status === 'completed', 60_000);
      const j = await job(id);
      expect(j.split).toMatchObject({ by });
      expect(j.partitions).toBeGreaterThan(1);
      const [{ plan }] = await t.sql<{ plan: SimulationPlan }>(`SELECT plan FROM simulation_jobs WHERE id = $1`, [id]);
      const stored = (await t.as('analyst').get(`/api/v1/simulations/${id}/result`).expect(200)).body;
      expect(stored).toEqual(JSON.parse(JSON.stringify(simulate(plan, demo))));
    }
  });
});
