import type { DataSource, EntityManager } from 'typeorm';
import { SIMULATION_DDL } from '../db/migrations/1732395000000-simulations';
import type { SimulationPlan, SimulationResult } from '../engine/simulate';
import { OrgEntity } from '../orgs/org.entity';
import type { PartitionSpec } from './partitions';
import { SimulationJobRunEntity } from './simulation-job-run.entity';
import { SimulationJobEntity, type SimulationStatus } from './simulation-job.entity';
import { SimulationPartitionRunEntity } from './simulation-partition-run.entity';
import { SimulationPartitionEntity } from './simulation-partition.entity';

export type JobStatus = SimulationStatus;

/**
 * Where the stores read and write: the DataSource's manager, or the EntityManager of a transaction (the server's
 * DataSource, or the one `npm run worker` opens). Functions that must be all-or-nothing open a transaction on it
 * (a nested one is a savepoint of the caller's).
 */
export type Db = EntityManager;

/**
 * Jobs, their runs and their partitions: the tables come from the migration 1732395000000-simulations. Worker
 * processes and test databases that never ran the server's migrations create them with the same text (IF NOT
 * EXISTS, under an advisory lock, so processes starting at once do not race). Raw SQL: it is the migration's DDL.
 */
export async function ensureSimulationSchema(db: DataSource | EntityManager): Promise<void> {
  await db.query(SIMULATION_DDL);
}

/** What a job reads as (API and workers): every column but the result and the partition bookkeeping. */
export const JOB_FIELDS = ['id', 'orgId', 'kind', 'datasetId', 'plan', 'status', 'progress', 'attempts', 'worker', 'error', 'figures', 'createdBy', 'createdAt', 'startedAt', 'finishedAt'] as const;
export type JobRow = Pick<SimulationJobEntity, (typeof JOB_FIELDS)[number]>;

/** A jsonb document for `set()`: the entities type them `unknown`, which TypeORM's deep-partial types cannot take. */
const doc = (v: unknown): never => v as never;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPEN: JobStatus[] = ['queued', 'running'];
const INTERRUPTED = { kind: 'Interrupted', message: { 'zh-CN': '计算进程多次中断，任务已终止，未保存任何结果', en: 'the worker stopped during every attempt; the job failed and stored no result' } };

/** The fields of JOB_FIELDS (without `omit`), for a query builder over `simulation_jobs` aliased `j`. */
export function jobSelection(omit: (typeof JOB_FIELDS)[number][] = []): string[] {
  return JOB_FIELDS.filter((f) => !omit.includes(f)).map((f) => `j.${f}`);
}

/** Only the row itself (the caller's transaction writes its audit entry beside it). */
export async function insertJob(db: Db, j: { orgId: string; kind: 'simulate' | 'sweep'; datasetId: string; plan: SimulationPlan; createdBy: string }): Promise<string> {
  const { identifiers } = await db
    .createQueryBuilder()
    .insert()
    .into(SimulationJobEntity)
    // the cast only because TypeORM's deep-partial insert type cannot express the plan's `unknown` leaves
    .values({ orgId: j.orgId, kind: j.kind, datasetId: j.datasetId, plan: j.plan as never, status: 'queued', createdBy: j.createdBy })
    .execute();
  return identifiers[0].id as string;
}

/** A job with its organisation's path; null when there is none (or the id is no uuid). */
export async function findJob(db: Db, id: string): Promise<(JobRow & { orgPath: string }) | null> {
  if (!UUID.test(id)) return null;
  const { entities, raw } = await db
    .createQueryBuilder(SimulationJobEntity, 'j')
    .select(jobSelection())
    .innerJoin(OrgEntity, 'o', 'o.id = j.orgId')
    .addSelect('o.path', 'orgPath')
    .where('j.id = :id', { id })
    .getRawAndEntities<{ orgPath: string }>();
  return entities[0] ? Object.assign(entities[0], { orgPath: raw[0].orgPath }) : null;
}

export async function jobResult(db: Db, id: string): Promise<SimulationResult | null> {
  const j = await db.getRepository(SimulationJobEntity).findOne({ select: { id: true, result: true }, where: { id } });
  return j?.result ?? null;
}

/**
 * Starts an attempt: only a queued job, or one whose earlier attempt was cut off (still `running`), starts. The
 * guarded update and the attempt's run row are one transaction; the attempt number is the one this update wrote.
 */
export async function startAttempt(db: Db, id: string, worker: string): Promise<{ attempt: number; row: JobRow } | null> {
  return db.transaction(async (tx) => {
    const r = await tx
      .createQueryBuilder()
      .update(SimulationJobEntity)
      .set({ status: 'running', attempts: () => 'attempts + 1', worker, startedAt: () => 'now()', heartbeatAt: () => 'now()', progress: 0 })
      .where('id = :id AND status IN (:...open) AND partitions IS NULL', { id, open: OPEN })
      .returning(['attempts'])
      .updateEntity(false)
      .execute();
    const attempt = (r.raw as { attempts: number }[])[0]?.attempts;
    if (attempt === undefined) return null;
    const row = await tx.createQueryBuilder(SimulationJobEntity, 'j').select(jobSelection()).where('j.id = :id', { id }).getOneOrFail();
    await tx.getRepository(SimulationJobRunEntity).insert({ jobId: id, attempt, worker });
    return { attempt, row };
  });
}

/** The job's progress (only this attempt's, while it runs) and heartbeat; returns the job's status (a cancel reaches the worker this way). */
export async function reportProgress(db: Db, id: string, attempt: number, progress: number): Promise<JobStatus | null> {
  const r = await db
    .createQueryBuilder()
    .update(SimulationJobEntity)
    .set({ progress: () => `CASE WHEN attempts = :attempt AND status = 'running' THEN :progress ELSE progress END`, heartbeatAt: () => 'now()' })
    .where('id = :id', { id, attempt, progress })
    .returning(['status'])
    .updateEntity(false)
    .execute();
  return (r.raw as { status: JobStatus }[])[0]?.status ?? null;
}

/**
 * Ends an attempt. The guard (this attempt, still running) means a cancelled job, or an attempt a newer
 * one replaced, stores nothing: each job completes at most once and never half. The job's status and result and
 * its run's outcome change in one transaction, so nobody reads a completed job whose run still looks unfinished.
 */
export async function finishAttempt(
  db: Db,
  id: string,
  attempt: number,
  outcome: { status: 'completed'; result: SimulationResult; figures: unknown } | { status: 'failed'; error: unknown } | { status: 'cancelled' },
): Promise<boolean> {
  const endRun = (tx: Db, text: string) =>
    tx
      .createQueryBuilder()
      .update(SimulationJobRunEntity)
      .set({ finishedAt: () => 'clock_timestamp()', outcome: text })
      .where('job_id = :id AND attempt = :attempt', { id, attempt })
      .execute();
  if (outcome.status === 'cancelled') {
    await endRun(db, 'cancelled');
    return true;
  }
  return db.transaction(async (tx) => {
    const done = await tx
      .createQueryBuilder()
      .update(SimulationJobEntity)
      .set({
        status: outcome.status,
        result: outcome.status === 'completed' ? (outcome.result as never) : null,
        error: doc(outcome.status === 'failed' ? outcome.error : null),
        figures: doc(outcome.status === 'completed' ? outcome.figures : null),
        ...(outcome.status === 'completed' ? { progress: 1 } : {}),
        finishedAt: () => 'now()',
      })
      .where(`id = :id AND attempts = :attempt AND status = 'running'`, { id, attempt })
      .execute();
    const stored = done.affected === 1;
    await endRun(tx, stored ? outcome.status : `discarded (${outcome.status})`);
    return stored;
  });
}

/**
 * The status the job had when it was cancelled, or null when it was not cancellable. Run it in a transaction: the
 * old status is read under the job's row lock (so a worker cannot slip in between), and the job and its
 * partitions are cancelled before the lock is released.
 */
export async function cancelJob(tx: Db, id: string): Promise<'queued' | 'running' | null> {
  const old = await tx.createQueryBuilder(SimulationJobEntity, 'j').select(['j.id', 'j.status']).where('j.id = :id', { id }).setLock('pessimistic_write').getOne();
  if (!old || (old.status !== 'queued' && old.status !== 'running')) return null;
  await tx.createQueryBuilder().update(SimulationJobEntity).set({ status: 'cancelled', finishedAt: () => 'now()' }).where('id = :id', { id }).execute();
  await cancelOpenPartitions(tx, id);
  return old.status;
}

function cancelOpenPartitions(db: Db, id: string) {
  return db
    .createQueryBuilder()
    .update(SimulationPartitionEntity)
    .set({ status: 'cancelled', finishedAt: () => 'now()' })
    .where('job_id = :id AND status IN (:...open)', { id, open: OPEN })
    .execute();
}

/** The queue gave up on a job (its attempts were cut off every time): say so, instead of leaving it `running`. */
export async function failAbandoned(db: Db, id: string): Promise<void> {
  await db
    .createQueryBuilder()
    .update(SimulationJobEntity)
    .set({ status: 'failed', finishedAt: () => 'now()', error: INTERRUPTED })
    .where('id = :id AND status IN (:...open)', { id, open: OPEN })
    .execute();
}

// ---- partitions of a split job (README.md, "One large simulation over several machines") ----
// Each write is a guarded compare-and-set (this attempt, still running); counting a partition done takes the job's
// row lock (an UPDATE … RETURNING of the counter), which orders concurrent workers.

/**
 * Records the planner's split: the job (this attempt, still running, not yet split) gets its partitions, each queued.
 * In the caller's transaction, with the queue messages, so a job is split once and every partition is queued or none.
 */
export async function splitJob(tx: Db, id: string, attempt: number, split: unknown, partitions: { spec: PartitionSpec; weight: number }[]): Promise<boolean> {
  const r = await tx
    .createQueryBuilder()
    .update(SimulationJobEntity)
    .set({ split: doc(split), partitions: partitions.length, partitionsDone: 0, progress: 0 })
    .where(`id = :id AND attempts = :attempt AND status = 'running' AND partitions IS NULL`, { id, attempt })
    .execute();
  if (r.affected !== 1) return false;
  await tx.getRepository(SimulationPartitionEntity).insert(partitions.map((p, seq) => ({ jobId: id, seq, spec: p.spec as never, weight: String(p.weight) })));
  await tx
    .createQueryBuilder()
    .update(SimulationJobRunEntity)
    .set({ finishedAt: () => 'clock_timestamp()', outcome: 'split' })
    .where('job_id = :id AND attempt = :attempt', { id, attempt })
    .execute();
  return true;
}

export interface PartitionRow {
  jobId: string;
  seq: number;
  spec: PartitionSpec;
  attempts: number;
  partitions: number;
  datasetId: string;
  plan: SimulationPlan;
}

/** Starts an attempt at a partition: only while the job runs and the partition is queued or was cut off. */
export async function startPartition(db: Db, id: string, seq: number, worker: string): Promise<PartitionRow | null> {
  return db.transaction(async (tx) => {
    const r = await tx
      .createQueryBuilder()
      .update(SimulationPartitionEntity)
      .set({ status: 'running', attempts: () => 'attempts + 1', worker, startedAt: () => 'now()', heartbeatAt: () => 'now()', progress: 0 })
      .where('job_id = :id AND seq = :seq AND status IN (:...open)', { id, seq, open: OPEN })
      .andWhere(`EXISTS ${tx.createQueryBuilder().subQuery().select('1').from(SimulationJobEntity, 'j').where(`j.id = :id AND j.status = 'running'`).getQuery()}`)
      .returning(['attempts', 'spec'])
      .updateEntity(false)
      .execute();
    const part = (r.raw as { attempts: number; spec: PartitionSpec }[])[0];
    if (!part) return null;
    const job = await tx.getRepository(SimulationJobEntity).findOneOrFail({ select: { id: true, partitions: true, datasetId: true, plan: true }, where: { id } });
    await tx.getRepository(SimulationPartitionRunEntity).insert({ jobId: id, seq, attempt: part.attempts, worker });
    return { jobId: id, seq, spec: part.spec, attempts: part.attempts, partitions: job.partitions!, datasetId: job.datasetId, plan: job.plan };
  });
}

/** A partition's progress, and the job's: the partitions' progress weighted by their size. Returns the job's status (cancel reaches every partition this way). */
export async function reportPartitionProgress(db: Db, id: string, seq: number, attempt: number, progress: number): Promise<JobStatus | null> {
  await db
    .createQueryBuilder()
    .update(SimulationPartitionEntity)
    .set({ progress: () => `CASE WHEN attempts = :attempt AND status = 'running' THEN :progress ELSE progress END`, heartbeatAt: () => 'now()' })
    .where('job_id = :id AND seq = :seq', { id, seq, attempt, progress })
    .execute();
  const r = await db
    .createQueryBuilder()
    .update(SimulationJobEntity)
    .set({
      heartbeatAt: () => 'now()',
      // a set-based expression: the weighted mean of the partitions' progress, in the same statement
      progress: () =>
        `CASE WHEN status = 'running' THEN (SELECT sum(p.progress * p.weight::float8) / greatest(sum(p.weight::float8), 1) FROM simulation_partitions p WHERE p.job_id = simulation_jobs.id) ELSE progress END`,
    })
    .where('id = :id', { id })
    .returning(['status'])
    .updateEntity(false)
    .execute();
  return (r.raw as { status: JobStatus }[])[0]?.status ?? null;
}

/**
 * Ends an attempt at a partition, in the caller's transaction. A completed one stores its state (guarded by the attempt)
 * and counts itself done on the job under the job's row lock, so exactly one worker sees the last one done: it gets
 * `last: true` and queues the merge in the same transaction. A failed one fails the job and cancels its other partitions.
 */
export async function finishPartition(
  tx: Db,
  id: string,
  seq: number,
  attempt: number,
  outcome: { status: 'completed'; state: string; figures: unknown } | { status: 'failed'; error: unknown } | { status: 'cancelled' },
): Promise<{ stored: boolean; last: boolean }> {
  const status = outcome.status;
  const r = await tx
    .createQueryBuilder()
    .update(SimulationPartitionEntity)
    .set({
      status,
      // the encoded state is stored as its own text (a json column keeps it as written); TypeORM would encode the string again
      state: () => (outcome.status === 'completed' ? 'CAST(:state AS json)' : 'NULL'),
      figures: doc(outcome.status === 'completed' ? outcome.figures : null),
      error: doc(outcome.status === 'failed' ? outcome.error : null),
      ...(status === 'completed' ? { progress: 1 } : {}),
      finishedAt: () => 'now()',
    })
    .where(`job_id = :id AND seq = :seq AND attempts = :attempt AND status = 'running'`, { id, seq, attempt, state: outcome.status === 'completed' ? outcome.state : null })
    .execute();
  const stored = r.affected === 1;
  await tx
    .createQueryBuilder()
    .update(SimulationPartitionRunEntity)
    .set({ finishedAt: () => 'clock_timestamp()', outcome: stored ? status : `discarded (${status})` })
    .where('job_id = :id AND seq = :seq AND attempt = :attempt', { id, seq, attempt })
    .execute();
  if (!stored) return { stored, last: false };
  if (outcome.status === 'failed') {
    await tx
      .createQueryBuilder()
      .update(SimulationJobEntity)
      .set({ status: 'failed', error: doc(outcome.error), finishedAt: () => 'now()' })
      .where(`id = :id AND status = 'running'`, { id })
      .execute();
    await cancelOpenPartitions(tx, id);
    return { stored, last: false };
  }
  if (outcome.status === 'cancelled') return { stored, last: false };
  const done = await tx
    .createQueryBuilder()
    .update(SimulationJobEntity)
    .set({ partitionsDone: () => 'partitions_done + 1' })
    .where(`id = :id AND status = 'running'`, { id })
    .returning(['partitionsDone', 'partitions'])
    .updateEntity(false)
    .execute();
  const row = (done.raw as { partitions_done: number; partitions: number }[])[0];
  return { stored, last: !!row && row.partitions_done === row.partitions };
}

/** The queue gave up on a partition: it and its job fail, the other partitions stop (all or nothing). */
export async function failPartitionAbandoned(db: Db, id: string, seq: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .createQueryBuilder()
      .update(SimulationPartitionEntity)
      .set({ status: 'failed', error: INTERRUPTED, finishedAt: () => 'now()' })
      .where('job_id = :id AND seq = :seq AND status IN (:...open)', { id, seq, open: OPEN })
      .execute();
    await cancelOpenPartitions(tx, id);
    await failAbandoned(tx, id);
  });
}

/** What the merge reads: the job (still running, every partition done) and each partition's state as stored text. */
export async function partitionStates(
  db: Db,
  id: string,
): Promise<{ plan: SimulationPlan; split: { by: string; size: number }; startedAt: Date; parts: { seq: number; spec: PartitionSpec; state: string; worker: string; figures: Record<string, number> }[] } | null> {
  const job = await db
    .createQueryBuilder(SimulationJobEntity, 'j')
    .select(['j.id', 'j.plan', 'j.split', 'j.startedAt'])
    .where(`j.id = :id AND j.status = 'running' AND j.partitions IS NOT NULL AND j.partitionsDone = j.partitions`, { id })
    .getOne();
  if (!job) return null;
  const parts = await db
    .createQueryBuilder(SimulationPartitionEntity, 'p')
    .select('p.seq', 'seq')
    .addSelect('p.spec', 'spec')
    // the text as stored: key order matters to the decoder, which parsing the json would not keep
    .addSelect('p.state::text', 'state')
    .addSelect('p.worker', 'worker')
    .addSelect('p.figures', 'figures')
    .where('p.jobId = :id', { id })
    .orderBy('p.seq')
    .getRawMany<{ seq: number; spec: PartitionSpec; state: string; worker: string; figures: Record<string, number> }>();
  return { plan: job.plan, split: job.split as { by: string; size: number }, startedAt: job.startedAt!, parts };
}

/** Stores the merged result, once: only while the job runs with every partition done (a cancelled job stores nothing). */
export async function finishMerged(db: Db, id: string, outcome: { status: 'completed'; result: SimulationResult; figures: unknown } | { status: 'failed'; error: unknown }): Promise<boolean> {
  const r = await db
    .createQueryBuilder()
    .update(SimulationJobEntity)
    .set({
      status: outcome.status,
      result: outcome.status === 'completed' ? (outcome.result as never) : null,
      figures: doc(outcome.status === 'completed' ? outcome.figures : null),
      error: doc(outcome.status === 'failed' ? outcome.error : null),
      ...(outcome.status === 'completed' ? { progress: 1 } : {}),
      finishedAt: () => 'now()',
    })
    .where(`id = :id AND status = 'running' AND partitions_done = partitions`, { id })
    .execute();
  return r.affected === 1;
}
