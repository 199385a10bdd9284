import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import { inScope, isAncestorOrSelf } from '../auth/access';
import type { Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { conflict, notFound } from '../common/api-error';
import { inputError, parseBody } from '../common/body';
import { isIsoDate } from '../common/period';
import { OrgsService } from '../orgs/orgs.service';
import { checkLocalValues, localParameters } from '../engine/compile/local';
import { KpValidationError } from '../engine/errors';
import type { Json, Pack } from '../engine/types';
import { findPack, findVersion } from '../packs/pack-versions.repo';
import { DeploymentEntity } from './deployment.entity';
import {
  deleteDeployment,
  deploymentExists,
  findDeployment,
  insertDeployment,
  lastEvaluatedStart,
  listDeployments,
  lockOrg,
  setDeploymentParameters,
  toDeployment,
  type Deployment,
} from './deployments.repo';

export interface NewDeployment {
  orgId: string;
  packId: string;
  version: string;
  effectiveFrom: string;
  /** The locality's own values of local parameters, each within the range the version allows. */
  parameters?: Record<string, Json>;
}

export const PARAMETERS_SCHEMA = {
  type: 'object',
  required: ['parameters'],
  additionalProperties: false,
  properties: { parameters: { type: 'object', description: 'All the local values of the deployment (replaces them); {} returns to the pack’s values.' } },
};

/** A deployment as the UI reads it: with the version's local parameters (label, unit, the province's default and range). */
export type DeploymentView = Deployment & { localParameters: ReturnType<typeof localParameters> };

/**
 * Which published version a locality uses for a scheme, from which date. A period is evaluated with the version
 * in force at its start, so a deployment may not reach back over periods already evaluated: that would change
 * which version an old period's results came from.
 */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly db: DataSource,
    @InjectRepository(DeploymentEntity) private readonly deployments: Repository<DeploymentEntity>,
    private readonly orgs: OrgsService,
    private readonly audit: AuditService,
  ) {}

  async list(p: Principal, q: { orgId?: string; packId?: string }): Promise<(DeploymentView & { orgNameZh: string; orgNameEn: string })[]> {
    const root = q.orgId ? await this.orgs.findInScope(p, q.orgId) : null;
    const rows = (await listDeployments(this.deployments.manager, root ? root.path : p.orgPath, q.packId)).map((d) => ({
      ...toDeployment(d),
      orgNameZh: d.org!.nameZh,
      orgNameEn: d.org!.nameEn,
    }));
    const local = new Map<string, Promise<ReturnType<typeof localParameters>>>();
    const of = (d: Deployment) => {
      const key = `${d.packId}@${d.version}`;
      if (!local.has(key)) local.set(key, this.localOf(this.deployments.manager, d.packId, d.version));
      return local.get(key)!;
    };
    return Promise.all(rows.map(async (d) => ({ ...d, localParameters: await of(d) })));
  }

  /** One deployment with the local parameters of its version. */
  async view(p: Principal, id: string): Promise<DeploymentView> {
    const d = await this.get(p, id);
    return { ...d, localParameters: await this.localOf(this.deployments.manager, d.packId, d.version) };
  }

  /**
   * Replace a deployment's local values (deployment admin). Every value names a local parameter of the deployed
   * version and lies within its range, or 422 by pointer and nothing is stored. Periods already evaluated keep the
   * values they were evaluated with (stored with each evaluation); a re-evaluation uses the new ones.
   */
  async setParameters(p: Principal, id: string, body: unknown): Promise<DeploymentView> {
    await this.db.transaction(async (m) => {
      const d = await this.get(p, id, m);
      const { parameters } = parseBody<{ parameters: Record<string, Json> }>(PARAMETERS_SCHEMA, body);
      const v = await findVersion(m, d.packId, d.version);
      const errors = checkLocalValues(v!.document as Pack, parameters);
      if (errors.length) throw new KpValidationError(errors, 'parameters');
      await setDeploymentParameters(m, id, parameters);
      await this.audit.record(m, p, { action: 'deployment.parameters', entity: 'deployment', entityId: id, orgId: d.orgId, before: { parameters: d.parameters }, after: { parameters } });
    });
    return this.view(p, id);
  }

  private async localOf(m: EntityManager, packId: string, version: string) {
    const v = await findVersion(m, packId, version);
    return v ? localParameters(v.document as Pack) : [];
  }

  async get(p: Principal, id: string, m: EntityManager = this.deployments.manager): Promise<Deployment> {
    const d = await findDeployment(m, id);
    if (!d || !inScope(p, d.org!.path)) throw notFound('部署不存在。', `Deployment ${id} not found.`);
    return toDeployment(d);
  }

  async create(p: Principal, body: NewDeployment): Promise<Deployment> {
    if (!isIsoDate(body.effectiveFrom)) throw inputError('/effectiveFrom', '生效日期须为 YYYY-MM-DD。', 'effectiveFrom must be a date YYYY-MM-DD.');
    const id = await this.db.transaction(async (m) => {
      const org = await this.orgs.findInScope(p, body.orgId, m);
      const pack = await findPack(m, body.packId);
      if (!pack || !(inScope(p, pack.ownerPath) || isAncestorOrSelf(pack.ownerPath, p.orgPath))) {
        throw notFound('方案不存在。', `Pack ${body.packId} not found.`);
      }
      // a locality deploys its own schemes and those of the organisations above it
      if (!isAncestorOrSelf(pack.ownerPath, org.path) && !pack.ownerPath.startsWith(org.path)) {
        throw inputError('/packId', '该方案不属于此组织或其上级，不能部署。', 'This pack belongs to neither the organisation nor one above it.');
      }
      const v = await findVersion(m, body.packId, body.version);
      if (!v || v.status !== 'published') {
        throw inputError('/version', `版本 ${body.packId}@${body.version} 不存在或尚未发布。`, `Version ${body.packId}@${body.version} does not exist or is not published.`);
      }
      const local = checkLocalValues(v.document as Pack, body.parameters ?? {});
      if (local.length) throw new KpValidationError(local, 'parameters');
      await lockOrg(m, org.id);
      const last = await lastEvaluatedStart(m, org.id, body.packId);
      if (last && body.effectiveFrom <= last) {
        throw conflict(
          'Backdated',
          `${last} 开始的考评期已有结果，新部署的生效日期须晚于该日期。`,
          `The period starting ${last} already has results; a new deployment must take effect after that date.`,
          { lastEvaluatedPeriodStart: last },
        );
      }
      if (await deploymentExists(m, org.id, body.packId, body.effectiveFrom)) {
        throw conflict('DeploymentExists', `该组织在 ${body.effectiveFrom} 已有此方案的部署。`, `The organisation already has a deployment of this pack from ${body.effectiveFrom}.`);
      }
      const newId = await insertDeployment(m, {
        orgId: org.id,
        packId: body.packId,
        version: body.version,
        effectiveFrom: body.effectiveFrom,
        createdBy: p.username,
        parameters: body.parameters ?? {},
      });
      const created = await this.get(p, newId, m);
      await this.audit.record(m, p, { action: 'deployment.create', entity: 'deployment', entityId: created.id, orgId: org.id, after: created });
      return created.id;
    });
    return this.view(p, id);
  }

  async remove(p: Principal, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const d = await this.get(p, id, m);
      await lockOrg(m, d.orgId);
      const last = await lastEvaluatedStart(m, d.orgId, d.packId);
      if (last && d.effectiveFrom <= last) {
        throw conflict(
          'DeploymentInUse',
          `${last} 开始的考评期已按此部署评出结果，不能删除。`,
          `Results up to the period starting ${last} were computed under this deployment; it cannot be removed.`,
        );
      }
      await deleteDeployment(m, id);
      await this.audit.record(m, p, { action: 'deployment.delete', entity: 'deployment', entityId: id, orgId: d.orgId, before: d });
    });
  }
}
