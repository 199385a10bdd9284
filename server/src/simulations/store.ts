import type { Sql } from '../datasets/store';
import type { SimulationPlan, SimulationResult } from '../engine/simulate';

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** Jobs and their runs; the result is written once, with the status, in one statement. */
export async function ensureSimulationSchema(db: Sql): Promise<void> {
  await db.query(`
    DO $$ BEGIN
      PERFORM pg_advisory_xact_lock(7461002);
      CREATE TABLE IF NOT EXISTS simulation_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('simulate', 'sweep')),
        dataset_id uuid NOT NULL REFERENCES datasets(id),
        plan jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        progress real NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        worker text,
        error jsonb,
        result jsonb,
        figures jsonb,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        heartbeat_at timestamptz,
        CHECK ((status = 'completed') = (result IS NOT NULL))
      );
      CREATE TABLE IF NOT EXISTS simulation_job_runs (
        job_id uuid NOT NULL REFERENCES simulation_jobs(id),
        attempt integer NOT NULL,
        worker text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz,
        outcome text,
        PRIMARY KEY (job_id, attempt)
      );
    END $$`);
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
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${JOB_COLUMNS}`,
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
  const r = await db.query<{ status: 'queued' | 'running' }>(
    `UPDATE simulation_jobs j SET status = 'cancelled', finished_at = now()
       FROM (SELECT id, status FROM simulation_jobs WHERE id = $1 FOR UPDATE) old
      WHERE j.id = old.id AND old.status IN ('queued', 'running')
      RETURNING old.status`,
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
