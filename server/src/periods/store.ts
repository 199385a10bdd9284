import type { EntityManager } from 'typeorm';
import type { EnvelopePeriod, I18nText, SubjectResult } from '../engine/types';

/** A column of an upload as it was recognised: the header text in the file and the subject's field it fills. */
export interface UploadColumn {
  column: string;
  pointer: string;
}

export interface PeriodUploadRow {
  id: string;
  orgId: string;
  packId: string;
  period: string;
  version: string;
  filename: string | null;
  format: 'xlsx' | 'csv';
  subjects: number;
  columns: UploadColumn[];
  input: EnvelopePeriod;
  createdBy: string;
  createdAt: Date;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface PeriodJobRow {
  id: string;
  uploadId: string;
  orgId: string;
  packId: string;
  period: string;
  state: JobState;
  done: number;
  total: number;
  evaluationId: string | null;
  previousEvaluationId: string | null;
  changed: number | null;
  error: I18nText | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

type Sql = Pick<EntityManager, 'query'>;

const UPLOAD_COLUMNS = `u.id, u.org_id AS "orgId", u.pack_id AS "packId", u.period, u.version, u.filename, u.format, u.subjects,
  u.columns, u.input, u.created_by AS "createdBy", u.created_at AS "createdAt"`;

const JOB_COLUMNS = `j.id, j.upload_id AS "uploadId", j.org_id AS "orgId", j.pack_id AS "packId", j.period, j.state, j.done, j.total,
  j.evaluation_id AS "evaluationId", j.previous_evaluation_id AS "previousEvaluationId", j.changed, j.error,
  j.created_by AS "createdBy", j.created_at AS "createdAt", j.updated_at AS "updatedAt"`;

export async function insertUpload(db: Sql, u: Omit<PeriodUploadRow, 'id' | 'createdAt'>): Promise<PeriodUploadRow> {
  const rows: PeriodUploadRow[] = await db.query(
    `INSERT INTO period_uploads AS u (org_id, pack_id, period, version, filename, format, subjects, columns, input, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10) RETURNING ${UPLOAD_COLUMNS}`,
    [u.orgId, u.packId, u.period, u.version, u.filename, u.format, u.subjects, JSON.stringify(u.columns), JSON.stringify(u.input), u.createdBy],
  );
  return rows[0];
}

export async function findUpload(db: Sql, id: string): Promise<PeriodUploadRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows: PeriodUploadRow[] = await db.query(`SELECT ${UPLOAD_COLUMNS} FROM period_uploads u WHERE u.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function insertJob(db: Sql, j: { uploadId: string; orgId: string; packId: string; period: string; total: number; createdBy: string }): Promise<PeriodJobRow> {
  const rows: PeriodJobRow[] = await db.query(
    `INSERT INTO period_jobs AS j (upload_id, org_id, pack_id, period, state, total, created_by)
     VALUES ($1, $2, $3, $4, 'queued', $5, $6) RETURNING ${JOB_COLUMNS}`,
    [j.uploadId, j.orgId, j.packId, j.period, j.total, j.createdBy],
  );
  return rows[0];
}

export async function findJob(db: Sql, id: string): Promise<(PeriodJobRow & { orgPath: string }) | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows: (PeriodJobRow & { orgPath: string })[] = await db.query(`SELECT ${JOB_COLUMNS}, o.path AS "orgPath" FROM period_jobs j JOIN orgs o ON o.id = j.org_id WHERE j.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function updateJob(db: Sql, id: string, set: Partial<Pick<PeriodJobRow, 'state' | 'done' | 'evaluationId' | 'previousEvaluationId' | 'changed' | 'error'>>): Promise<void> {
  const cols: Record<string, string> = { state: 'state', done: 'done', evaluationId: 'evaluation_id', previousEvaluationId: 'previous_evaluation_id', changed: 'changed', error: 'error' };
  const keys = Object.keys(set) as (keyof typeof set)[];
  const args: unknown[] = [id];
  const sets = keys.map((k) => {
    const v = set[k];
    args.push(k === 'error' && v !== null && v !== undefined ? JSON.stringify(v) : v);
    return `${cols[k]} = $${args.length}${k === 'error' ? '::jsonb' : ''}`;
  });
  await db.query(`UPDATE period_jobs SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, args);
}

/** Jobs a stopped server left unfinished: they ran in its process, so nothing will finish them. */
export async function failOrphanedJobs(db: Sql, error: I18nText): Promise<void> {
  await db.query(`UPDATE period_jobs SET state = 'failed', error = $1::jsonb, updated_at = now() WHERE state IN ('queued', 'running')`, [JSON.stringify(error)]);
}

/** The current (latest) evaluation of an organisation's period, with its results. */
export async function currentEvaluation(db: Sql, orgId: string, packId: string, period: string): Promise<{ id: string; results: SubjectResult[] } | null> {
  const rows: { id: string; results: SubjectResult[] }[] = await db.query(
    `SELECT e.id, e.results FROM evaluations e WHERE e.org_id = $1 AND e.pack_id = $2 AND e.period = $3 ORDER BY e.seq DESC LIMIT 1`,
    [orgId, packId, period],
  );
  return rows[0] ?? null;
}

/** The evaluation of the same organisation, pack and period stored just before this one (null for the first). */
export async function previousEvaluation(db: Sql, id: string): Promise<{ id: string; results: SubjectResult[] } | null> {
  const rows: { id: string; results: SubjectResult[] }[] = await db.query(
    `SELECT p.id, p.results FROM evaluations e
       JOIN evaluations p ON p.org_id = e.org_id AND p.pack_id = e.pack_id AND p.period = e.period AND p.seq < e.seq
      WHERE e.id = $1 ORDER BY p.seq DESC LIMIT 1`,
    [id],
  );
  return rows[0] ?? null;
}
