import type { Sql } from '../datasets/store';
import { SIMULATION_DDL } from '../db/migrations/1732395000000-simulations';
import type { SimulationPlan, SimulationResult } from '../engine/simulate';

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/**
 * Jobs, their runs and their partitions: the tables come from the migration 1732395000000-simulations. Worker
 * processes and test databases that never ran the server's migrations create them with the same text (IF NOT
 * EXISTS, under an advisory lock, so processes starting at once do not race).
 */
export async function ensureSimulationSchema(db: Sql): Promise<void> {
  await db.query(SIMULATION_DDL);
}

export interface JobRow {
  id: string;
  orgId: string;
  kind: 'simulate' | 'sweep';
  datasetId: string;
  plan: SimulationPlan;
  status: JobStatus;
  progress: number;
  attempts: number;
  worker: string | null;
  error: unknown;
  figures: unknown;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export const JOB_COLUMNS = `j.id, j.org_id AS "orgId", j.kind, j.dataset_id AS "datasetId", j.plan, j.status, j.progress, j.attempts, j.worker,
  j.error, j.figures, j.created_by AS "createdBy", j.created_at AS "createdAt", j.started_at AS "startedAt", j.finished_at AS "finishedAt"`;

export async function insertJob(db: Sql, j: { orgId: string; kind: string; datasetId: string; plan: SimulationPlan; createdBy: string }): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO simulation_jobs (org_id, kind, dataset_id, plan, status, created_by) VALUES ($1, $2, $3, $4::jsonb, 'queued', $5) RETURNING id`,
    [j.orgId, j.kind, j.datasetId, JSON.stringify(j.plan), j.createdBy],
  );
  return rows[0].id;
}

export async function findJob(db: Sql, id: string): Promise<(JobRow & { orgPath: string }) | null> {
  const { rows } = await db.query(`SELECT ${JOB_COLUMNS}, o.path AS "orgPath" FROM simulation_jobs j JOIN orgs o ON o.id = j.org_id WHERE j.id::text = $1`, [id]);
  return rows[0] ?? null;
}

export async function jobResult(db: Sql, id: string): Promise<SimulationResult | null> {
  const { rows } = await db.query<{ result: SimulationResult | null }>(`SELECT result FROM simulation_jobs WHERE id = $1`, [id]);
  return rows[0]?.result ?? null;
}

/** Starts an attempt: only a queued job, or one whose earlier attempt was cut off (still `running`), starts. */
export async function startAttempt(db: Sql, id: string, worker: string): Promise<{ attempt: number; row: JobRow } | null> {
  const { rows } = await db.query<JobRow>(
    `UPDATE simulation_jobs j SET status = 'running', attempts = attempts + 1, worker = $2, started_at = now(), heartbeat_at = now(), progress = 0
       WHERE id = $1 AND status IN ('queued', 'running') AND partitions IS NULL RETURNING ${JOB_COLUMNS}`,
    [id, worker],
  );
  if (!rows[0]) return null;
  const attempt = rows[0].attempts;
  await db.query(`INSERT INTO simulation_job_runs (job_id, attempt, worker) VALUES ($1, $2, $3)`, [id, attempt, worker]);
  return { attempt, row: rows[0] };
}

export async function reportProgress(db: Sql, id: string, attempt: number, progress: number): Promise<JobStatus | null> {
  const { rows } = await db.query<{ status: JobStatus }>(
    `UPDATE simulation_jobs SET progress = CASE WHEN attempts = $2 AND status = 'running' THEN $3 ELSE progress END, heartbeat_at = now()
       WHERE id = $1 RETURNING status`,
    [id, attempt, progress],
  );
  return rows[0]?.status ?? null;
}

/**
 * Ends an attempt. The guard (this attempt, still running) means a cancelled job, or an attempt a newer
 * one replaced, stores nothing: each job completes at most once and never half.
 */
export async function finishAttempt(
  db: Sql,
  id: string,
  attempt: number,
  outcome: { status: 'completed'; result: SimulationResult; figures: unknown } | { status: 'failed'; error: unknown } | { status: 'cancelled' },
): Promise<boolean> {
  if (outcome.status === 'cancelled') {
    await db.query(`UPDATE simulation_job_runs SET finished_at = clock_timestamp(), outcome = 'cancelled' WHERE job_id = $1 AND attempt = $2`, [id, attempt]);
    return true;
  }
  // One statement: the job's status and its run's outcome change together, so nobody reads a completed
  // job whose run still looks unfinished (a data-modifying WITH runs whether or not it is read).
  const r = await db.query<{ stored: number }>(
    `WITH done AS (
       UPDATE simulation_jobs SET status = $3::text, result = $4::jsonb, error = $5::jsonb, figures = $6::jsonb,
              progress = CASE WHEN $3::text = 'completed' THEN 1 ELSE progress END, finished_at = now()
        WHERE id = $1 AND attempts = $2 AND status = 'running'
       RETURNING 1),
     run AS (
       UPDATE simulation_job_runs SET finished_at = clock_timestamp(),
              outcome = CASE WHEN (SELECT count(*) FROM done) = 1 THEN $3::text ELSE 'discarded (' || $3::text || ')' END
        WHERE job_id = $1 AND attempt = $2)
     SELECT (SELECT count(*) FROM done)::int AS stored`,
    [
      id,
      attempt,
      outcome.status,
      outcome.status === 'completed' ? JSON.stringify(outcome.result) : null,
      outcome.status === 'failed' ? JSON.stringify(outcome.error) : null,
      outcome.status === 'completed' ? JSON.stringify(outcome.figures) : null,
    ],
  );
  return r.rows[0].stored === 1;
}

/** The status the job had when it was cancelled (read under the row lock, so a worker cannot slip in between), or null when it was not cancellable. */
export async function cancelJob(db: Sql, id: string): Promise<'queued' | 'running' | null> {
  // Raw SQL: the old status is read under the row lock, and the job's partitions are cancelled in the same statement.
  const r = await db.query<{ status: 'queued' | 'running' }>(
    `WITH job AS (
       UPDATE simulation_jobs j SET status = 'cancelled', finished_at = now()
         FROM (SELECT id, status FROM simulation_jobs WHERE id = $1 FOR UPDATE) old
        WHERE j.id = old.id AND old.status IN ('queued', 'running')
        RETURNING old.status),
     parts AS (
       UPDATE simulation_partitions SET status = 'cancelled', finished_at = now()
        WHERE job_id = $1 AND status IN ('queued', 'running') AND EXISTS (SELECT 1 FROM job))
     SELECT status FROM job`,
    [id],
  );
  return r.rows[0]?.status ?? null;
}

/** The queue gave up on a job (its attempts were cut off every time): say so, instead of leaving it `running`. */
export async function failAbandoned(db: Sql, id: string): Promise<void> {
  await db.query(
    `UPDATE simulation_jobs SET status = 'failed', finished_at = now(),
       error = jsonb_build_object('kind', 'Interrupted', 'message', jsonb_build_object('zh-CN', '计算进程多次中断，任务已终止，未保存任何结果', 'en', 'the worker stopped during every attempt; the job failed and stored no result'))
     WHERE id = $1 AND status IN ('queued', 'running')`,
    [id],
  );
}

// ---- partitions of a split job (README.md, "One large simulation over several machines") ----
// Raw SQL below: these run in worker processes, which hold a pg pool and no TypeORM DataSource, and each statement
// is a guarded compare-and-set (this attempt, still running) or takes the job's row lock that orders concurrent workers.

const INTERRUPTED = { kind: 'Interrupted', message: { 'zh-CN': '计算进程多次中断，任务已终止，未保存任何结果', en: 'the worker stopped during every attempt; the job failed and stored no result' } };

/**
 * Records the planner's split: the job (this attempt, still running, not yet split) gets its partitions, each queued.
 * In the caller's transaction, with the queue messages, so a job is split once and every partition is queued or none.
 */
export async function splitJob(tx: Sql, id: string, attempt: number, split: unknown, partitions: { spec: unknown; weight: number }[]): Promise<boolean> {
  const r = await tx.query(
    `UPDATE simulation_jobs SET split = $3::jsonb, partitions = $4, partitions_done = 0, progress = 0
      WHERE id = $1 AND attempts = $2 AND status = 'running' AND partitions IS NULL RETURNING id`,
    [id, attempt, JSON.stringify(split), partitions.length],
  );
  if (!r.rows[0]) return false;
  await tx.query(
    `INSERT INTO simulation_partitions (job_id, seq, spec, weight)
     SELECT $1, (e.ordinality - 1)::int, e.value->'spec', (e.value->>'weight')::bigint FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY e`,
    [id, JSON.stringify(partitions)],
  );
  await tx.query(`UPDATE simulation_job_runs SET finished_at = clock_timestamp(), outcome = 'split' WHERE job_id = $1 AND attempt = $2`, [id, attempt]);
  return true;
}

export interface PartitionRow {
  jobId: string;
  seq: number;
  spec: import('./partitions').PartitionSpec;
  attempts: number;
  partitions: number;
  datasetId: string;
  plan: SimulationPlan;
}

/** Starts an attempt at a partition: only while the job runs and the partition is queued or was cut off. */
export async function startPartition(db: Sql, id: string, seq: number, worker: string): Promise<PartitionRow | null> {
  const { rows } = await db.query<PartitionRow>(
    `UPDATE simulation_partitions p SET status = 'running', attempts = p.attempts + 1, worker = $3, started_at = now(), heartbeat_at = now(), progress = 0
       FROM simulation_jobs j
      WHERE p.job_id = $1 AND p.seq = $2 AND p.status IN ('queued', 'running') AND j.id = p.job_id AND j.status = 'running'
      RETURNING p.job_id AS "jobId", p.seq, p.spec, p.attempts, j.partitions, j.dataset_id AS "datasetId", j.plan`,
    [id, seq, worker],
  );
  if (!rows[0]) return null;
  await db.query(`INSERT INTO simulation_partition_runs (job_id, seq, attempt, worker) VALUES ($1, $2, $3, $4)`, [id, seq, rows[0].attempts, worker]);
  return rows[0];
}

/** A partition's progress, and the job's: the partitions' progress weighted by their size. Returns the job's status (cancel reaches every partition this way). */
export async function reportPartitionProgress(db: Sql, id: string, seq: number, attempt: number, progress: number): Promise<JobStatus | null> {
  await db.query(
    `UPDATE simulation_partitions SET progress = CASE WHEN attempts = $3 AND status = 'running' THEN $4 ELSE progress END, heartbeat_at = now() WHERE job_id = $1 AND seq = $2`,
    [id, seq, attempt, progress],
  );
  const { rows } = await db.query<{ status: JobStatus }>(
    `UPDATE simulation_jobs j SET heartbeat_at = now(),
            progress = CASE WHEN j.status = 'running' THEN (SELECT sum(p.progress * p.weight::float8) / greatest(sum(p.weight::float8), 1) FROM simulation_partitions p WHERE p.job_id = j.id) ELSE j.progress END
      WHERE j.id = $1 RETURNING j.status`,
    [id],
  );
  return rows[0]?.status ?? null;
}

/**
 * Ends an attempt at a partition, in the caller's transaction. A completed one stores its state (guarded by the attempt)
 * and counts itself done on the job under the job's row lock, so exactly one worker sees the last one done: it gets
 * `last: true` and queues the merge in the same transaction. A failed one fails the job and cancels its other partitions.
 */
export async function finishPartition(
  tx: Sql,
  id: string,
  seq: number,
  attempt: number,
  outcome: { status: 'completed'; state: string; figures: unknown } | { status: 'failed'; error: unknown } | { status: 'cancelled' },
): Promise<{ stored: boolean; last: boolean }> {
  const status = outcome.status;
  const r = await tx.query(
    `UPDATE simulation_partitions SET status = $4::text, state = $5::json, figures = $6::jsonb, error = $7::jsonb,
            progress = CASE WHEN $4::text = 'completed' THEN 1 ELSE progress END, finished_at = now()
      WHERE job_id = $1 AND seq = $2 AND attempts = $3 AND status = 'running' RETURNING 1`,
    [
      id,
      seq,
      attempt,
      status,
      outcome.status === 'completed' ? outcome.state : null,
      outcome.status === 'completed' ? JSON.stringify(outcome.figures) : null,
      outcome.status === 'failed' ? JSON.stringify(outcome.error) : null,
    ],
  );
  const stored = r.rows.length === 1;
  await tx.query(`UPDATE simulation_partition_runs SET finished_at = clock_timestamp(), outcome = $4 WHERE job_id = $1 AND seq = $2 AND attempt = $3`, [
    id,
    seq,
    attempt,
    stored ? status : `discarded (${status})`,
  ]);
  if (!stored) return { stored, last: false };
  if (outcome.status === 'failed') {
    await tx.query(`UPDATE simulation_jobs SET status = 'failed', error = $2::jsonb, finished_at = now() WHERE id = $1 AND status = 'running'`, [id, JSON.stringify(outcome.error)]);
    await tx.query(`UPDATE simulation_partitions SET status = 'cancelled', finished_at = now() WHERE job_id = $1 AND status IN ('queued', 'running')`, [id]);
    return { stored, last: false };
  }
  if (outcome.status === 'cancelled') return { stored, last: false };
  const done = await tx.query<{ done: number; partitions: number }>(
    `UPDATE simulation_jobs SET partitions_done = partitions_done + 1 WHERE id = $1 AND status = 'running' RETURNING partitions_done AS done, partitions`,
    [id],
  );
  const row = done.rows[0];
  return { stored, last: !!row && row.done === row.partitions };
}

/** The queue gave up on a partition: it and its job fail, the other partitions stop. */
export async function failPartitionAbandoned(db: Sql, id: string, seq: number): Promise<void> {
  await db.query(`UPDATE simulation_partitions SET status = 'failed', error = $3::jsonb, finished_at = now() WHERE job_id = $1 AND seq = $2 AND status IN ('queued', 'running')`, [
    id,
    seq,
    JSON.stringify(INTERRUPTED),
  ]);
  await db.query(`UPDATE simulation_partitions SET status = 'cancelled', finished_at = now() WHERE job_id = $1 AND status IN ('queued', 'running')`, [id]);
  await failAbandoned(db, id);
}

/** What the merge reads: the job (still running, every partition done) and each partition's state as stored text. */
export async function partitionStates(
  db: Sql,
  id: string,
): Promise<{ plan: SimulationPlan; split: { by: string; size: number }; startedAt: Date; parts: { seq: number; spec: import('./partitions').PartitionSpec; state: string; worker: string; figures: Record<string, number> }[] } | null> {
  const job = await db.query<{ plan: SimulationPlan; split: { by: string; size: number }; startedAt: Date }>(
    `SELECT plan, split, started_at AS "startedAt" FROM simulation_jobs WHERE id = $1 AND status = 'running' AND partitions IS NOT NULL AND partitions_done = partitions`,
    [id],
  );
  if (!job.rows[0]) return null;
  const parts = await db.query(`SELECT seq, spec, state::text AS state, worker, figures FROM simulation_partitions WHERE job_id = $1 ORDER BY seq`, [id]);
  return { ...job.rows[0], parts: parts.rows };
}

/** Stores the merged result, once: only while the job runs with every partition done (a cancelled job stores nothing). */
export async function finishMerged(db: Sql, id: string, outcome: { status: 'completed'; result: SimulationResult; figures: unknown } | { status: 'failed'; error: unknown }): Promise<boolean> {
  const r = await db.query(
    `UPDATE simulation_jobs SET status = $2::text, result = $3::jsonb, figures = $4::jsonb, error = $5::jsonb,
            progress = CASE WHEN $2::text = 'completed' THEN 1 ELSE progress END, finished_at = now()
      WHERE id = $1 AND status = 'running' AND partitions_done = partitions RETURNING 1`,
    [
      id,
      outcome.status,
      outcome.status === 'completed' ? JSON.stringify(outcome.result) : null,
      outcome.status === 'completed' ? JSON.stringify(outcome.figures) : null,
      outcome.status === 'failed' ? JSON.stringify(outcome.error) : null,
    ],
  );
  return r.rows.length === 1;
}
