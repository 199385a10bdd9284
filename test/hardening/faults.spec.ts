/**
 * Faults, against the built server as a child process (KP_FAULTS=1; they restart PostgreSQL, so nothing else may
 * run beside them: jest --runInBand):
 *   PostgreSQL restarted while an evaluation batch is being stored: the batch is all there or not at all, the
 *   answer is a clean error when it is not, and the same server process is healthy again and evaluates anew;
 *   the server SIGKILLed while storing a batch: after a restart, the batch is all there or not at all;
 *   PostgreSQL restarted during a simulation job: the job completes or fails with a stated error, never stays
 *   running, and a new job completes; the server SIGKILLed mid-job: after a restart the job resumes and completes.
 * KP_FAULTS_PG_URL / KP_FAULTS_PG_RESTART choose the PostgreSQL (see support/server-process.ts).
 */
import { branch, FOUR_STAR, TWO_STAR } from '../support/fixtures';
import { packCopy } from '../support/harness';
import { recordFigures } from './support/figures';
import { api, createDatabase, restartPostgres, seedUsers, sql, startServer, waitFor, type ServerProcess } from './support/server-process';

const run = process.env.KP_FAULTS === '1' ? describe : describe.skip;
const PACK = 'hz-fault';
/** The shortest heartbeat pg-boss allows (10 s) and a quick supervisor, so a killed server's job is handed on soon. */
const QUEUE_ENV = { KP_QUEUE_HEARTBEAT_SECONDS: '10', KP_QUEUE_SUPERVISE_SECONDS: '2', KP_SIM_THREADS: '1' };
/** The batches here are over the default stored-evaluation size (2,000 subject-periods) on purpose: lift it. */
const SERVER_ENV = { KP_BODY_LIMIT: String(64 * 1024 * 1024), KP_EVAL_MAX_SUBJECT_PERIODS: '1000000', ...QUEUE_ENV };
const figures = { jobsThroughPgRestart: [] as string[], jobsThroughServerKill: [] as string[], pgRestarts: 0, serverKills: 0, batchesCutOff: 0, batchesCompleted: 0, partialBatches: 0, cutOffAnswers: [] as number[], recoveryMs: [] as number[] };

/** A batch big enough to be caught mid-store: `periods` years of `n` branches each. */
function bigBatch(firstYear: number, periods: number, n: number) {
  return {
    periods: Array.from({ length: periods }, (_, k) => ({
      period: String(firstYear + k),
      subjects: Array.from({ length: n }, (_, i) => branch(`s${i}`, i % 3 ? FOUR_STAR : TWO_STAR)),
    })),
  };
}

run('faults (KP_FAULTS=1)', () => {
  let db: { url: string; drop(): Promise<void> };
  let s: ServerProcess;
  let deployer: string;
  let analyst: string;
  let dataset: string;

  const job = async (id: string) => (await sql<{ status: string; progress: number; attempts: number; error: unknown }>(db.url, `SELECT status, progress, attempts, error FROM simulation_jobs WHERE id = $1`, [id]))[0];
  const submit = async () => {
    const res = await api(s, analyst, 'POST', '/api/v1/simulations', { datasetId: dataset, baseline: { packId: 'rehab-branch-stars', version: '1.0.0' }, variants: [{ name: 'band88', parameters: { starBands: [60, 70, 80, 88, 96] } }, { name: 'band92', parameters: { starBands: [60, 70, 80, 92, 96] } }] });
    const log = res.status === 202 ? null : s.output().split('\n').filter((l) => /queue|simulation/i.test(l)).slice(-5).join('\n');
    expect({ status: res.status, body: res.status === 202 ? null : res.body, log }).toEqual({ status: 202, body: null, log: null });
    return res.body.id as string;
  };
  const settled = (id: string, ms: number) => waitFor(`job ${id} to finish`, async () => ['completed', 'failed', 'cancelled'].includes((await job(id)).status), ms, 500);

  const evaluations = async () => (await sql<{ n: number; b: number }>(db.url, `SELECT count(*)::int AS n, count(DISTINCT batch_id)::int AS b FROM evaluations`))[0];
  /** Every stored big batch (periods before 2100; the small probes come after) has all of its periods. */
  const partial = async (periods: number) =>
    (await sql<{ batch_id: string; n: number }>(db.url, `SELECT batch_id, count(*)::int AS n FROM evaluations WHERE period < '2100' GROUP BY batch_id HAVING count(*) <> $1`, [periods])).length;
  /** Waits until the server is inside the transaction that stores the batch. */
  const storing = () =>
    waitFor('the batch being stored', async () => {
      const rows = await sql(db.url, `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND (state = 'idle in transaction' OR query ILIKE 'INSERT INTO evaluations%') AND pid <> pg_backend_pid()`);
      return rows.length > 0;
    }, 60_000, 20);

  beforeAll(async () => {
    db = await createDatabase('faults');
    s = await startServer(db.url, SERVER_ENV);
    await seedUsers(db.url);
    const author = await s.login('author');
    const publisher = await s.login('publisher');
    deployer = await s.login('a.deployer');
    expect((await api(s, author, 'POST', '/api/v1/packs', { document: packCopy('rehab-branch-stars', PACK) })).status).toBe(201);
    expect((await api(s, publisher, 'POST', `/api/v1/packs/${PACK}/versions/1.0.0/publish`)).status).toBe(200);
    expect((await api(s, deployer, 'POST', '/api/v1/deployments', { orgId: 'town-a', packId: PACK, version: '1.0.0', effectiveFrom: '1900-01-01' })).status).toBe(201);
    // a synthetic dataset (needs rule-packs/<id>/demo.json, so the pack keeps its own id) big enough to run for seconds
    expect((await api(s, author, 'POST', '/api/v1/packs', { document: packCopy('rehab-branch-stars', 'rehab-branch-stars') })).status).toBe(201);
    expect((await api(s, publisher, 'POST', '/api/v1/packs/rehab-branch-stars/versions/1.0.0/publish')).status).toBe(200);
    analyst = await s.login('analyst');
    const ds = await api(s, analyst, 'POST', '/api/v1/datasets/generate', { packId: 'rehab-branch-stars', version: '1.0.0', name: 'faults', n: Number(process.env.KP_FAULTS_JOB_SUBJECTS ?? 300_000), seed: 7 });
    expect(ds.status).toBe(201);
    dataset = ds.body.id;
  }, 180_000);

  afterAll(async () => {
    recordFigures('faults', figures);
    await s?.kill('SIGTERM');
    await db?.drop();
  }, 60_000);

  it.each([1, 2])('PostgreSQL restarted while a batch is stored (round %i): all or nothing, clean error, the same process recovers', async (round) => {
    const PERIODS = 8;
    const before = await evaluations();
    const pending = api(s, deployer, 'POST', `/api/v1/orgs/town-a/packs/${PACK}/evaluate`, bigBatch(1900 + round * 20, PERIODS, 1500), 180_000);
    // on a faster machine the batch may be stored before it is caught: the restart then checks a whole batch
    await Promise.race([storing(), pending]);
    const away = await restartPostgres();
    figures.pgRestarts++;
    const res = await pending;
    const after = await evaluations();
    if (res.status === 201) {
      figures.batchesCompleted++;
      expect(after.n).toBe(before.n + PERIODS);
    } else {
      figures.batchesCutOff++;
      figures.cutOffAnswers.push(res.status);
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |node_modules|\.(ts|js):\d+|QueryFailedError/);
      expect(after).toEqual(before);
    }
    figures.partialBatches += await partial(PERIODS);
    expect(await partial(PERIODS)).toBe(0);
    // the same process, not restarted: healthy again and evaluating
    const t0 = Date.now();
    await waitFor('health 200 after the restart', async () => (await s.health()) === 200, 60_000);
    await waitFor('a new evaluation stored', async () => (await api(s, deployer, 'POST', `/api/v1/orgs/town-a/packs/${PACK}/evaluate`, bigBatch(2100 + round, 1, 2))).status === 201, 60_000, 500);
    figures.recoveryMs.push(Date.now() - t0 + away);
    expect(s.child.exitCode).toBeNull();
  }, 300_000);

  it('PostgreSQL restarted during a simulation job: it completes or fails with a stated error, never hangs; a new job completes', async () => {
    const id = await submit();
    await waitFor('the job running', async () => (await job(id)).status === 'running', 120_000, 100);
    await restartPostgres();
    figures.pgRestarts++;
    await settled(id, 300_000);
    const j = await job(id);
    figures.jobsThroughPgRestart.push(`${j.status} after ${j.attempts} attempt(s)`);
    if (j.status === 'failed') expect(j.error).toEqual(expect.objectContaining({ message: expect.anything() }));
    else expect(j.status).toBe('completed');
    expect(s.child.exitCode).toBeNull();
    await waitFor('health 200', async () => (await s.health()) === 200, 60_000);
    const next = await submit();
    await settled(next, 300_000);
    expect((await job(next)).status).toBe('completed');
  }, 700_000);

  it('the server SIGKILLed mid-job: after a restart the job resumes and completes', async () => {
    const id = await submit();
    await waitFor('the job running with progress', async () => {
      const j = await job(id);
      return j.status === 'running' && j.progress > 0;
    }, 120_000, 100);
    await s.kill('SIGKILL');
    figures.serverKills++;
    expect((await job(id)).status).toBe('running');
    s = await startServer(db.url, SERVER_ENV);
    analyst = await s.login('analyst');
    deployer = await s.login('a.deployer');
    await settled(id, 300_000);
    const j = await job(id);
    figures.jobsThroughServerKill.push(`${j.status} after ${j.attempts} attempt(s)`);
    expect(j.status).toBe('completed');
    expect(j.attempts).toBeGreaterThanOrEqual(2);
    const result = await api(s, analyst, 'GET', `/api/v1/simulations/${id}/result`);
    expect(result.status).toBe(200);
    expect(result.body.variants.map((v: { name: string }) => v.name)).toEqual(['band88', 'band92']);
  }, 700_000);

  it('the server SIGKILLed while a batch is stored: after a restart the batch is all there or not at all', async () => {
    const PERIODS = 8;
    const before = await evaluations();
    const pending = api(s, deployer, 'POST', `/api/v1/orgs/town-a/packs/${PACK}/evaluate`, bigBatch(1960, PERIODS, 1500), 180_000).catch((e: Error) => ({ status: 0, body: e.message }));
    await Promise.race([storing(), pending]);
    await s.kill('SIGKILL');
    figures.serverKills++;
    const res = await pending;
    expect(res.status === 0 || res.status === 201).toBe(true);
    s = await startServer(db.url, SERVER_ENV);
    const after = await evaluations();
    expect([before.n, before.n + PERIODS]).toContain(after.n);
    if (res.status === 201) expect(after.n).toBe(before.n + PERIODS);
    figures.partialBatches += await partial(PERIODS);
    expect(await partial(PERIODS)).toBe(0);
    if (after.n === before.n) figures.batchesCutOff++;
    else figures.batchesCompleted++;
    deployer = await s.login('a.deployer');
    expect((await api(s, deployer, 'POST', `/api/v1/orgs/town-a/packs/${PACK}/evaluate`, bigBatch(2200, 1, 2))).status).toBe(201);
  }, 300_000);
});
