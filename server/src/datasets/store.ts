import type { Envelope, EnvelopePeriod } from '../engine/types';
import type { SyntheticRecipe } from './synthetic';

/** The slice of pg's Pool/Client these stores use (TypeORM's pool, or the worker's own). */
export interface Sql {
  query<R = any>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** Subjects per stored chunk: small enough for any jsonb value, big enough to load fast. */
export const CHUNK = 5000;

/**
 * Datasets live in their own tables, created here (idempotently, under an advisory lock) rather than in the
 * shared migration list, so the queue's worker processes can start against any database the server uses.
 */
export async function ensureDatasetSchema(db: Sql): Promise<void> {
  await db.query(`
    DO $$ BEGIN
      PERFORM pg_advisory_xact_lock(7461001);
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
      );
      CREATE TABLE IF NOT EXISTS dataset_chunks (
        dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        period_index integer NOT NULL,
        period text NOT NULL,
        subjects jsonb NOT NULL,
        scopes jsonb,
        PRIMARY KEY (dataset_id, seq)
      );
    END $$`);
}

export interface DatasetRow {
  id: string;
  orgId: string;
  packId: string;
  version: string;
  name: string;
  source: string;
  subjects: number;
  periods: string[];
  /** Synthetic sets are stored as their recipe and generated where they run. */
  recipe: SyntheticRecipe | null;
  createdBy: string;
  createdAt: Date;
}

export const DATASET_COLUMNS = `d.id, d.org_id AS "orgId", d.pack_id AS "packId", d.version, d.name, d.source, d.subjects, d.periods,
  d.recipe, d.created_by AS "createdBy", d.created_at AS "createdAt"`;

/** Stores an envelope in chunks; the caller's transaction makes it all-or-nothing. */
export async function insertDataset(
  db: Sql,
  d: { orgId: string; packId: string; version: string; name: string; source: string; createdBy: string; envelope?: Envelope; recipe?: SyntheticRecipe; periods?: string[] },
): Promise<string> {
  const periods = d.envelope ? d.envelope.periods.map((p) => p.period) : (d.periods ?? []);
  const subjects = d.envelope ? d.envelope.periods.reduce((n, p) => n + p.subjects.length, 0) : d.recipe!.n;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO datasets (org_id, pack_id, version, name, source, subjects, periods, recipe, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9) RETURNING id`,
    [d.orgId, d.packId, d.version, d.name, d.source, subjects, periods, d.recipe ? JSON.stringify(d.recipe) : null, d.createdBy],
  );
  const id = rows[0].id;
  let seq = 0;
  for (const [pi, p] of (d.envelope?.periods ?? []).entries()) {
    for (let a = 0; a < Math.max(1, p.subjects.length); a += CHUNK) {
      await db.query(`INSERT INTO dataset_chunks (dataset_id, seq, period_index, period, subjects, scopes) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`, [
        id,
        seq++,
        pi,
        p.period,
        JSON.stringify(p.subjects.slice(a, a + CHUNK)),
        p.scopes ? JSON.stringify(p.scopes) : null,
      ]);
    }
  }
  return id;
}

export async function findDataset(db: Sql, id: string): Promise<(DatasetRow & { orgPath: string }) | null> {
  const { rows } = await db.query(`SELECT ${DATASET_COLUMNS}, o.path AS "orgPath" FROM datasets d JOIN orgs o ON o.id = d.org_id WHERE d.id::text = $1`, [id]);
  return rows[0] ?? null;
}

/** The stored rows of a dataset as one envelope, periods in their stored order. */
export async function loadEnvelope(db: Sql, id: string): Promise<Envelope> {
  const { rows } = await db.query<{ period_index: number; period: string; subjects: EnvelopePeriod['subjects']; scopes: EnvelopePeriod['scopes'] | null }>(
    `SELECT period_index, period, subjects, scopes FROM dataset_chunks WHERE dataset_id = $1 ORDER BY seq`,
    [id],
  );
  const periods: EnvelopePeriod[] = [];
  for (const r of rows) {
    let p = periods[r.period_index];
    if (!p) periods[r.period_index] = p = r.scopes ? { period: r.period, subjects: [], scopes: r.scopes } : { period: r.period, subjects: [] };
    for (const s of r.subjects) p.subjects.push(s);
  }
  return { periods };
}
