import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A locality's period in the browser (issue 20): each uploaded file is kept, read and valid, so that it can be
 * evaluated later (and again after a correction); large evaluations run as jobs whose progress is read here.
 */
export class PeriodUploads1732385000000 implements MigrationInterface {
  name = 'PeriodUploads1732385000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE period_uploads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id text NOT NULL REFERENCES orgs(id),
        pack_id text NOT NULL,
        period text NOT NULL,
        version text NOT NULL,
        filename text,
        format text NOT NULL CHECK (format IN ('xlsx', 'csv')),
        subjects integer NOT NULL,
        columns jsonb NOT NULL,
        input jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (pack_id, version) REFERENCES pack_versions(pack_id, version)
      )`);
    await q.query(`CREATE INDEX period_uploads_period ON period_uploads (org_id, pack_id, period, created_at)`);
    await q.query(`
      CREATE TABLE period_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        upload_id uuid NOT NULL REFERENCES period_uploads(id),
        org_id text NOT NULL REFERENCES orgs(id),
        pack_id text NOT NULL,
        period text NOT NULL,
        state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        done integer NOT NULL DEFAULT 0,
        total integer NOT NULL,
        evaluation_id uuid REFERENCES evaluations(id),
        previous_evaluation_id uuid REFERENCES evaluations(id),
        changed integer,
        error jsonb,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE period_jobs`);
    await q.query(`DROP TABLE period_uploads`);
  }
}
