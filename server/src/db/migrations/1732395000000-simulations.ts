import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Simulation jobs, their attempts, and the partitions of a job that the planner split over workers
 * (server/src/simulations/README.md). One statement under an advisory lock, with IF NOT EXISTS throughout: a
 * database whose server or workers created the job tables at run time (before this migration) migrates without
 * change, and `ensureSimulationSchema` (worker processes and test databases that never ran the migrations) runs
 * the very same text.
 */
export const SIMULATION_DDL = `
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
    -- A job split by the planner: how it was split, how many partitions, how many have stored their state.
    ALTER TABLE simulation_jobs ADD COLUMN IF NOT EXISTS split jsonb;
    ALTER TABLE simulation_jobs ADD COLUMN IF NOT EXISTS partitions integer;
    ALTER TABLE simulation_jobs ADD COLUMN IF NOT EXISTS partitions_done integer NOT NULL DEFAULT 0;
    CREATE TABLE IF NOT EXISTS simulation_partitions (
      job_id uuid NOT NULL REFERENCES simulation_jobs(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      spec jsonb NOT NULL,
      weight bigint NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
      progress real NOT NULL DEFAULT 0,
      attempts integer NOT NULL DEFAULT 0,
      worker text,
      state json,
      figures jsonb,
      error jsonb,
      started_at timestamptz,
      finished_at timestamptz,
      heartbeat_at timestamptz,
      PRIMARY KEY (job_id, seq),
      CHECK ((status = 'completed') = (state IS NOT NULL))
    );
    CREATE TABLE IF NOT EXISTS simulation_partition_runs (
      job_id uuid NOT NULL,
      seq integer NOT NULL,
      attempt integer NOT NULL,
      worker text NOT NULL,
      started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      finished_at timestamptz,
      outcome text,
      PRIMARY KEY (job_id, seq, attempt),
      FOREIGN KEY (job_id, seq) REFERENCES simulation_partitions(job_id, seq) ON DELETE CASCADE
    );
  END $$`;

export class Simulations1732395000000 implements MigrationInterface {
  name = 'Simulations1732395000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(SIMULATION_DDL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS simulation_partition_runs`);
    await q.query(`DROP TABLE IF EXISTS simulation_partitions`);
    await q.query(`DROP TABLE IF EXISTS simulation_job_runs`);
    await q.query(`DROP TABLE IF EXISTS simulation_jobs`);
  }
}
