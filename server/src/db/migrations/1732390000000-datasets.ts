import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Datasets for simulation: imported rows stored in chunks of subjects, or a synthetic recipe. These tables used to be
 * created at run time by the server and by every `npm run worker`; `IF NOT EXISTS` lets a database that already has
 * them (same columns) migrate without change.
 */
export class Datasets1732390000000 implements MigrationInterface {
  name = 'Datasets1732390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id text NOT NULL,
        pack_id text NOT NULL,
        version text NOT NULL,
        name text NOT NULL,
        source text NOT NULL CHECK (source IN ('xlsx', 'csv', 'json', 'synthetic')),
        subjects integer NOT NULL,
        periods text[] NOT NULL,
        recipe jsonb,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS dataset_chunks (
        dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        period_index integer NOT NULL,
        period text NOT NULL,
        subjects jsonb NOT NULL,
        scopes jsonb,
        PRIMARY KEY (dataset_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dataset_chunks`);
    await q.query(`DROP TABLE datasets`);
  }
}
