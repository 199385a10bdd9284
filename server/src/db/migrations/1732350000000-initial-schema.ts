import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole schema. Published pack versions, evaluations and the audit log are protected by triggers,
 * so no route, script or hand-written UPDATE can change what was published, computed or recorded.
 */
export class InitialSchema1732350000000 implements MigrationInterface {
  name = 'InitialSchema1732350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE settings (
        key text PRIMARY KEY,
        value text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE orgs (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*$'),
        parent_id text REFERENCES orgs(id),
        name_zh text NOT NULL,
        name_en text NOT NULL,
        level text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'basic')),
        path text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX orgs_path_prefix ON orgs (path text_pattern_ops)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]*$'),
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (roles <@ ARRAY['admin', 'author', 'publisher', 'deployer', 'analyst', 'viewer']),
        org_id text NOT NULL REFERENCES orgs(id),
        display_name text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE packs (
        id text PRIMARY KEY,
        owner_org_id text NOT NULL REFERENCES orgs(id),
        title jsonb NOT NULL,
        locality jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // document is json, not jsonb: authors' key order is kept for the editor and for the stored text
    await q.query(`
      CREATE TABLE pack_versions (
        pack_id text NOT NULL REFERENCES packs(id),
        version text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'published')),
        document json NOT NULL,
        content_hash text NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_by text,
        published_at timestamptz,
        PRIMARY KEY (pack_id, version),
        CHECK ((status = 'published') = (published_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE FUNCTION kp_published_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'published' THEN
          RAISE EXCEPTION 'pack version %@% is published and immutable', OLD.pack_id, OLD.version
            USING ERRCODE = 'KP001';
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER pack_versions_published_immutable
        BEFORE UPDATE OR DELETE ON pack_versions
        FOR EACH ROW EXECUTE FUNCTION kp_published_version_immutable()`);
    await q.query(`
      CREATE FUNCTION kp_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'KP002';
      END $$`);
    await q.query(`
      CREATE TRIGGER pack_versions_no_truncate
        BEFORE TRUNCATE ON pack_versions
        FOR EACH STATEMENT EXECUTE FUNCTION kp_append_only()`);
    await q.query(`
      CREATE TABLE deployments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id text NOT NULL REFERENCES orgs(id),
        pack_id text NOT NULL,
        version text NOT NULL,
        effective_from date NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (pack_id, version) REFERENCES pack_versions(pack_id, version),
        UNIQUE (org_id, pack_id, effective_from)
      )`);
    await q.query(`
      CREATE TABLE evaluations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        batch_id uuid NOT NULL,
        org_id text NOT NULL REFERENCES orgs(id),
        pack_id text NOT NULL,
        version text NOT NULL,
        content_hash text NOT NULL,
        period text NOT NULL,
        period_start date NOT NULL,
        input jsonb NOT NULL,
        parameters jsonb,
        prior jsonb NOT NULL,
        results jsonb NOT NULL,
        summary jsonb NOT NULL,
        trace jsonb,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (pack_id, version) REFERENCES pack_versions(pack_id, version)
      )`);
    // the latest evaluation of a period is the one with the highest seq (created_at ties within a transaction)
    await q.query(`CREATE INDEX evaluations_history ON evaluations (org_id, pack_id, period_start, seq)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        user_id uuid,
        username text NOT NULL,
        org_id text REFERENCES orgs(id),
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)`);
    for (const table of ['evaluations', 'audit_log']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only
          BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION kp_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate
          BEFORE TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION kp_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'evaluations', 'deployments', 'pack_versions', 'packs', 'users', 'orgs', 'settings']) {
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS kp_append_only()`);
    await q.query(`DROP FUNCTION IF EXISTS kp_published_version_immutable()`);
  }
}
