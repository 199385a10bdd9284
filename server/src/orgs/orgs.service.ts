import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Like, type EntityManager, type Repository } from 'typeorm';
import { inScope, requireRole } from '../auth/access';
import type { Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { conflict, notFound } from '../common/api-error';
import { inputError } from '../common/body';
import { ORG_LEVELS, OrgEntity, type OrgLevel } from './org.entity';

export { ORG_LEVELS, type OrgLevel };

/** An organisation as the API shows it. */
export type Org = Pick<OrgEntity, 'id' | 'parentId' | 'nameZh' | 'nameEn' | 'level' | 'path'>;

export interface NewOrg {
  id: string;
  parentId: string;
  nameZh: string;
  nameEn: string;
  level: OrgLevel;
}

export function toOrg(o: OrgEntity): Org {
  return { id: o.id, parentId: o.parentId, nameZh: o.nameZh, nameEn: o.nameEn, level: o.level, path: o.path };
}

/** The organisations of a subtree: every path with the prefix `path` (ids have no LIKE wildcards: ^[a-z0-9-]+$). */
export function subtreeOf(path: string) {
  return Like(`${path}%`);
}

@Injectable()
export class OrgsService {
  constructor(
    private readonly db: DataSource,
    @InjectRepository(OrgEntity) private readonly orgs: Repository<OrgEntity>,
    private readonly audit: AuditService,
  ) {}

  async find(id: string, m?: EntityManager): Promise<Org | null> {
    const org = await (m ? m.getRepository(OrgEntity) : this.orgs).findOneBy({ id });
    return org && toOrg(org);
  }

  /** The organisation when it is in the user's subtree; 404 otherwise (other localities are not disclosed). */
  async findInScope(p: Principal, id: string, m?: EntityManager): Promise<Org> {
    const org = await this.find(id, m);
    if (!org || !inScope(p, org.path)) throw notFound('组织不存在。', `Organisation ${id} not found.`);
    return org;
  }

  /** The user's organisation and everything below it, tree order. */
  async list(p: Principal): Promise<Org[]> {
    return (await this.orgs.find({ where: { path: subtreeOf(p.orgPath) }, order: { path: 'ASC' } })).map(toOrg);
  }

  /** Creates an organisation and its audit row in one transaction (or in the caller's). */
  async create(p: Principal, body: NewOrg, m?: EntityManager): Promise<Org> {
    if (!m) return this.db.transaction((tx) => this.create(p, body, tx));
    requireRole(p, 'admin');
    const parent = await this.findInScope(p, body.parentId, m);
    if (ORG_LEVELS.indexOf(body.level) <= ORG_LEVELS.indexOf(parent.level)) {
      throw inputError('/level', '下级组织的层级必须低于上级组织。', `A child organisation must be below its parent's level (${parent.level}).`);
    }
    if (await this.find(body.id, m)) throw conflict('OrgExists', `组织标识 ${body.id} 已存在。`, `Organisation id ${body.id} already exists.`);
    const org: Org = { ...body, path: `${parent.path}${body.id}/` };
    await insertOrg(m, org);
    await this.audit.record(m, p, { action: 'org.create', entity: 'org', entityId: org.id, orgId: org.id, after: org });
    return org;
  }
}

export async function insertOrg(m: EntityManager, org: Org): Promise<void> {
  await m.getRepository(OrgEntity).insert({ id: org.id, parentId: org.parentId, nameZh: org.nameZh, nameEn: org.nameEn, level: org.level, path: org.path });
}
