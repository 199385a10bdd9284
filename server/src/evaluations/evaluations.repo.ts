import type { EntityManager } from 'typeorm';
import type { PriorPeriod } from '../engine/evaluate/history';
import type { EnvelopePeriod, SubjectResult, TraceEntry } from '../engine/types';

/** Which stored evaluation supplied an earlier period's history (evaluations never change, so the id is enough). */
export interface PriorRef {
  period: string;
  evaluationId: string;
}

export interface EvaluationRow {
  id: string;
  batchId: string;
  orgId: string;
  packId: string;
  version: string;
  contentHash: string;
  period: string;
  periodStart: string;
  input: EnvelopePeriod;
  parameters: Record<string, unknown> | null;
  prior: PriorRef[];
  results: SubjectResult[];
  summary: Record<string, unknown>;
  trace: Record<string, TraceEntry[]> | null;
  createdBy: string;
  createdAt: Date;
}

export const EVALUATION_COLUMNS = `e.id, e.batch_id AS "batchId", e.org_id AS "orgId", e.pack_id AS "packId", e.version,
  e.content_hash AS "contentHash", e.period, e.period_start::text AS "periodStart", e.input, e.parameters, e.prior,
  e.results, e.summary, e.trace, e.created_by AS "createdBy", e.created_at AS "createdAt"`;

export const EVALUATION_META_COLUMNS = `e.id, e.batch_id AS "batchId", e.org_id AS "orgId", e.pack_id AS "packId", e.version,
  e.content_hash AS "contentHash", e.period, e.period_start::text AS "periodStart", e.parameters,
  jsonb_array_length(e.results) AS "subjects", e.created_by AS "createdBy", e.created_at AS "createdAt"`;

export async function insertEvaluation(m: EntityManager, e: Omit<EvaluationRow, 'createdAt'>): Promise<void> {
  await m.query(
    `INSERT INTO evaluations (id, batch_id, org_id, pack_id, version, content_hash, period, period_start, input, parameters, prior, results, summary, trace, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::jsonb, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb, $14::jsonb, $15)`,
    [
      e.id,
      e.batchId,
      e.orgId,
      e.packId,
      e.version,
      e.contentHash,
      e.period,
      e.periodStart,
      JSON.stringify(e.input),
      e.parameters === null ? null : JSON.stringify(e.parameters),
      JSON.stringify(e.prior),
      JSON.stringify(e.results),
      JSON.stringify(e.summary),
      e.trace === null ? null : JSON.stringify(e.trace),
      e.createdBy,
    ],
  );
}

/** The current result of every period of an organisation and pack that starts before `before`: the latest evaluation of each. */
export async function latestBefore(m: EntityManager, orgId: string, packId: string, before: string): Promise<(PriorPeriod & { evaluationId: string; periodStart: string })[]> {
  const rows: { id: string; period: string; periodStart: string; input: EnvelopePeriod; results: SubjectResult[]; summary: Record<string, unknown> }[] = await m.query(
    `SELECT DISTINCT ON (e.period) e.id, e.period, e.period_start::text AS "periodStart", e.input, e.results, e.summary
       FROM evaluations e
      WHERE e.org_id = $1 AND e.pack_id = $2 AND e.period_start < $3::date
      ORDER BY e.period, e.seq DESC`,
    [orgId, packId, before],
  );
  return rows.map((r) => ({ ...toPrior(r.period, r.input, r.results, r.summary), evaluationId: r.id, periodStart: r.periodStart }));
}

export async function findEvaluations(m: EntityManager, ids: string[]): Promise<EvaluationRow[]> {
  if (ids.length === 0) return [];
  return m.query(`SELECT ${EVALUATION_COLUMNS} FROM evaluations e WHERE e.id = ANY($1::uuid[])`, [ids]);
}

/** A stored period as history for later periods: every subject's inputs and final outputs. */
export function toPrior(period: string, input: EnvelopePeriod, results: SubjectResult[], summary: Record<string, unknown>): PriorPeriod {
  const inputs = new Map(input.subjects.map((s) => [s.id, s]));
  return {
    period,
    subjects: results.map((r) => {
      const { id: _id, ...fields } = inputs.get(r.id) ?? { id: r.id };
      return { id: r.id, inputs: fields, outputs: r.outputs };
    }),
    summary,
  };
}
