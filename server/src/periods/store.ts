import { In, type Repository } from 'typeorm';
import type { I18nText } from '../engine/types';
import { EvaluationEntity } from '../evaluations/evaluation.entity';
import { OrgEntity } from '../orgs/org.entity';
import { PeriodJobEntity } from './period-job.entity';
import { PeriodUploadEntity } from './period-upload.entity';

const UUID = /^[0-9a-f-]{36}$/i;

/** Keeps a read, valid upload; its id and time come from the database. */
export function insertUpload(uploads: Repository<PeriodUploadEntity>, u: Omit<PeriodUploadEntity, 'id' | 'createdAt'>): Promise<PeriodUploadEntity> {
  return uploads.save(uploads.create(u));
}

export function findUpload(uploads: Repository<PeriodUploadEntity>, id: string): Promise<PeriodUploadEntity | null> {
  return UUID.test(id) ? uploads.findOneBy({ id }) : Promise.resolve(null);
}

export function insertJob(jobs: Repository<PeriodJobEntity>, j: Pick<PeriodJobEntity, 'uploadId' | 'orgId' | 'packId' | 'period' | 'total' | 'createdBy'>): Promise<PeriodJobEntity> {
  return jobs.save(jobs.create({ ...j, state: 'queued' }));
}

/** A job with the path of its organisation (whose subtree may read it). */
export async function findJob(jobs: Repository<PeriodJobEntity>, id: string): Promise<(PeriodJobEntity & { orgPath: string }) | null> {
  if (!UUID.test(id)) return null;
  const { entities, raw } = await jobs
    .createQueryBuilder('j')
    .innerJoin(OrgEntity, 'o', 'o.id = j.orgId')
    .addSelect('o.path', 'orgPath')
    .where('j.id = :id', { id })
    .getRawAndEntities<{ orgPath: string }>();
  return entities[0] ? Object.assign(entities[0], { orgPath: raw[0].orgPath }) : null;
}

/** Sets some of a job's fields (updated_at follows). */
export async function updateJob(jobs: Repository<PeriodJobEntity>, id: string, set: Partial<Pick<PeriodJobEntity, 'state' | 'done' | 'evaluationId' | 'previousEvaluationId' | 'changed' | 'error'>>): Promise<void> {
  await jobs.update({ id }, set);
}

/** Jobs a stopped server left unfinished: they ran in its process, so nothing will finish them. */
export async function failOrphanedJobs(jobs: Repository<PeriodJobEntity>, error: I18nText): Promise<void> {
  await jobs.update({ state: In(['queued', 'running']) }, { state: 'failed', error });
}

/** The current (latest) evaluation of an organisation's period, with its results. */
export function currentEvaluation(evaluations: Repository<EvaluationEntity>, orgId: string, packId: string, period: string): Promise<Pick<EvaluationEntity, 'id' | 'results'> | null> {
  return evaluations.findOne({ select: { id: true, results: true }, where: { orgId, packId, period }, order: { seq: 'DESC' } });
}

/** The evaluation of the same organisation, pack and period stored just before this one (null for the first). */
export function previousEvaluation(evaluations: Repository<EvaluationEntity>, id: string): Promise<Pick<EvaluationEntity, 'id' | 'results'> | null> {
  return evaluations
    .createQueryBuilder('p')
    .select(['p.id', 'p.results'])
    .innerJoin(EvaluationEntity, 'e', 'p.orgId = e.orgId AND p.packId = e.packId AND p.period = e.period AND p.seq < e.seq')
    .where('e.id = :id', { id })
    .orderBy('p.seq', 'DESC')
    .limit(1)
    .getOne();
}
