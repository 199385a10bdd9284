import { In, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import type { PriorPeriod } from '../engine/evaluate/history';
import type { EnvelopePeriod, SubjectResult } from '../engine/types';
import { EvaluationEntity, type PriorRef } from './evaluation.entity';
import type { EvaluationMeta as ApiEvaluationMeta } from '../api-types';

export type { PriorRef };

/** A stored evaluation as the services and the API read it (the entity without seq and relations). */
export type EvaluationRow = Omit<EvaluationEntity, 'seq' | 'org' | 'packVersion'>;

/** An evaluation without its documents, for lists (the API's shape, server/src/api-types). */
export type EvaluationMeta = ApiEvaluationMeta<Date>;

export function toRow(e: EvaluationEntity): EvaluationRow {
  return {
    id: e.id,
    batchId: e.batchId,
    orgId: e.orgId,
    packId: e.packId,
    version: e.version,
    contentHash: e.contentHash,
    period: e.period,
    periodStart: e.periodStart,
    input: e.input,
    parameters: e.parameters,
    prior: e.prior,
    results: e.results,
    summary: e.summary,
    trace: e.trace,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
  };
}

/** Append one evaluation (the table is append-only: the trigger evaluations_append_only refuses UPDATE and DELETE, KP002). */
export async function insertEvaluation(m: EntityManager, e: Omit<EvaluationRow, 'createdAt'>): Promise<void> {
  await m
    .createQueryBuilder()
    .insert()
    .into(EvaluationEntity)
    .values(asInsert({ ...e }))
    .updateEntity(false)
    .execute();
}

/** The current result of every period of an organisation and pack that starts before `before`: the latest evaluation of each. */
export async function latestBefore(m: EntityManager, orgId: string, packId: string, before: string): Promise<(PriorPeriod & { evaluationId: string; periodStart: string })[]> {
  const rows = await m
    .getRepository(EvaluationEntity)
    .createQueryBuilder('e')
    .select(['e.id', 'e.period', 'e.periodStart', 'e.input', 'e.results', 'e.summary'])
    .where('e.orgId = :orgId AND e.packId = :packId AND e.periodStart < :before', { orgId, packId, before })
    .distinctOn(['e.period'])
    .orderBy('e.period')
    .addOrderBy('e.seq', 'DESC')
    .getMany();
  return rows.map((r) => ({ ...toPrior(r.period, r.input, r.results, r.summary), evaluationId: r.id, periodStart: r.periodStart }));
}

export async function findEvaluations(m: EntityManager, ids: string[]): Promise<EvaluationRow[]> {
  if (ids.length === 0) return [];
  return (await m.getRepository(EvaluationEntity).findBy({ id: In(ids) })).map(toRow);
}

/** One evaluation with the path of its organisation (for the scope check); null when none. */
export async function findEvaluation(m: EntityManager, id: string): Promise<{ row: EvaluationRow; orgPath: string } | null> {
  const e = await m.getRepository(EvaluationEntity).findOne({ where: { id }, relations: { org: true } });
  return e ? { row: toRow(e), orgPath: e.org!.path } : null;
}

/**
 * Evaluations of the organisations under `orgPath`, newest first, at most `limit`, each marked `current` when it is
 * the latest of its organisation, pack and period among them (a window over the filtered rows, in the database).
 */
export async function listEvaluations(m: EntityManager, q: { orgPath: string; packId?: string; period?: string; limit: number }): Promise<EvaluationMeta[]> {
  const query = m
    .getRepository(EvaluationEntity)
    .createQueryBuilder('e')
    .innerJoin('e.org', 'o')
    .select('e.id', 'id')
    .addSelect('e.batchId', 'batchId')
    .addSelect('e.orgId', 'orgId')
    .addSelect('e.packId', 'packId')
    .addSelect('e.version', 'version')
    .addSelect('e.contentHash', 'contentHash')
    .addSelect('e.period', 'period')
    .addSelect('CAST(e.periodStart AS text)', 'periodStart')
    .addSelect('e.parameters', 'parameters')
    .addSelect('jsonb_array_length(e.results)', 'subjects')
    .addSelect('e.createdBy', 'createdBy')
    .addSelect('e.createdAt', 'createdAt')
    .addSelect('o.nameZh', 'orgNameZh')
    .addSelect('o.nameEn', 'orgNameEn')
    .addSelect('e.seq = max(e.seq) OVER (PARTITION BY e.orgId, e.packId, e.period)', 'current')
    .where(`o.path LIKE :orgPath || '%'`, { orgPath: q.orgPath });
  if (q.packId) query.andWhere('e.packId = :packId', { packId: q.packId });
  if (q.period) query.andWhere('e.period = :period', { period: q.period });
  const rows = await query.orderBy('e.seq', 'DESC').limit(q.limit).getRawMany<EvaluationMeta>();
  // the fields in the order the API has always given them
  return rows.map((r) => ({
    id: r.id,
    batchId: r.batchId,
    orgId: r.orgId,
    packId: r.packId,
    version: r.version,
    contentHash: r.contentHash,
    period: r.period,
    periodStart: r.periodStart,
    parameters: r.parameters,
    subjects: r.subjects,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    orgNameZh: r.orgNameZh,
    orgNameEn: r.orgNameEn,
    current: r.current,
  }));
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

/** The row for the insert, written as it is: TypeORM's deep-partial insert type cannot follow the engine's document types. */
function asInsert(e: Omit<EvaluationRow, 'createdAt'>): QueryDeepPartialEntity<EvaluationEntity> {
  return e as unknown as QueryDeepPartialEntity<EvaluationEntity>;
}
