import { LessThanOrEqual, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import type { Json } from '../engine/types';
import { EvaluationEntity } from '../evaluations/evaluation.entity';
import { OrgEntity } from '../orgs/org.entity';
import { DeploymentEntity } from './deployment.entity';

export interface Deployment {
  id: string;
  orgId: string;
  packId: string;
  version: string;
  /** YYYY-MM-DD: the version is in force for periods starting on or after this date. */
  effectiveFrom: string;
  createdBy: string;
  createdAt: Date;
  /** The locality's own values of the version's local parameters ({} = the pack's values). */
  parameters: Record<string, Json>;
}

/** A deployment as the API returns it (the entity without its relations). */
export function toDeployment(d: DeploymentEntity): Deployment {
  return { id: d.id, orgId: d.orgId, packId: d.packId, version: d.version, effectiveFrom: d.effectiveFrom, createdBy: d.createdBy, createdAt: d.createdAt, parameters: d.parameters };
}

/** Deployments of the organisations under `orgPath` (optionally of one pack), with their organisation, in tree order. */
export async function listDeployments(m: EntityManager, orgPath: string, packId?: string): Promise<DeploymentEntity[]> {
  const q = m
    .getRepository(DeploymentEntity)
    .createQueryBuilder('d')
    .innerJoinAndSelect('d.org', 'o')
    .where(`o.path LIKE :path || '%'`, { path: orgPath });
  if (packId) q.andWhere('d.packId = :packId', { packId });
  return q.orderBy('o.path').addOrderBy('d.packId').addOrderBy('d.effectiveFrom').getMany();
}

/** One deployment with its organisation (null when none: an id that is not a uuid names none). */
export async function findDeployment(m: EntityManager, id: string): Promise<DeploymentEntity | null> {
  if (!UUID.test(id)) return null;
  return m.getRepository(DeploymentEntity).findOne({ where: { id }, relations: { org: true } });
}

/** The deployment in force for a period starting on `periodStart`: the latest one that took effect by then. */
export async function deploymentInForce(m: EntityManager, orgId: string, packId: string, periodStart: string): Promise<Deployment | null> {
  const d = await m.getRepository(DeploymentEntity).findOne({
    where: { orgId, packId, effectiveFrom: LessThanOrEqual(periodStart) },
    order: { effectiveFrom: 'DESC' },
  });
  return d ? toDeployment(d) : null;
}

/** The start of the latest period already evaluated for this organisation and pack (null when none). */
export async function lastEvaluatedStart(m: EntityManager, orgId: string, packId: string): Promise<string | null> {
  const row = await m
    .getRepository(EvaluationEntity)
    .createQueryBuilder('e')
    .select('CAST(max(e.periodStart) AS text)', 'start')
    .where('e.orgId = :orgId AND e.packId = :packId', { orgId, packId })
    .getRawOne<{ start: string | null }>();
  return row?.start ?? null;
}

export async function deploymentExists(m: EntityManager, orgId: string, packId: string, effectiveFrom: string): Promise<boolean> {
  return m.getRepository(DeploymentEntity).existsBy({ orgId, packId, effectiveFrom });
}

/**
 * Locks the organisation's row (FOR UPDATE) until the caller's transaction ends: deployments of one organisation
 * are created and removed one at a time, each against the evaluations stored so far.
 */
export async function lockOrg(m: EntityManager, orgId: string): Promise<void> {
  await m.getRepository(OrgEntity).createQueryBuilder('o').select('o.id').where('o.id = :orgId', { orgId }).setLock('pessimistic_write').getOne();
}

/** The new deployment's id. */
export async function insertDeployment(
  m: EntityManager,
  d: { orgId: string; packId: string; version: string; effectiveFrom: string; createdBy: string; parameters: Record<string, Json> },
): Promise<string> {
  const repo = m.getRepository(DeploymentEntity);
  const saved = await repo.save(repo.create({ ...d }));
  return saved.id;
}

export async function setDeploymentParameters(m: EntityManager, id: string, parameters: Record<string, Json>): Promise<void> {
  await m.getRepository(DeploymentEntity).update({ id }, jsonColumns({ parameters }));
}

export async function deleteDeployment(m: EntityManager, id: string): Promise<void> {
  await m.getRepository(DeploymentEntity).delete({ id });
}

/** A uuid as PostgreSQL prints it (ids are compared in that form, so any other spelling names no deployment). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Columns to update, written as they are: TypeORM's deep-partial update type cannot follow the recursive Json type. */
function jsonColumns(v: Pick<DeploymentEntity, 'parameters'>): QueryDeepPartialEntity<DeploymentEntity> {
  return v as unknown as QueryDeepPartialEntity<DeploymentEntity>;
}
