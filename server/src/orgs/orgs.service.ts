import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { inScope, requireRole } from '../auth/access';
import type { Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { conflict, notFound } from '../common/api-error';
import { inputError } from '../common/body';

export const ORG_LEVELS = ['province', 'city', 'county', 'township', 'basic'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export interface Org {
  id: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  level: OrgLevel;
  path: string;
}

export interface NewOrg {
  id: string;
  parentId: string;
  nameZh: string;
  nameEn: string;
  level: OrgLevel;
}

const COLUMNS = `id, parent_id AS "parentId", name_zh AS "nameZh", name_en AS "nameEn", level, path`;

@Injectable()
export class OrgsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async find(id: string, m: EntityManager = this.db.manager): Promise<Org | null> {
    const rows: Org[] = await m.query(`SELECT ${COLUMNS} FROM orgs WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The organisation when it is in the user's subtree; 404 otherwise (other localities are not disclosed). */
  async findInScope(p: Principal, id: string, m?: EntityManager): Promise<Org> {
    const org = await this.find(id, m);
    if (!org || !inScope(p, org.path)) throw notFound('组织不存在。', `Organisation ${id} not found.`);
    return org;
  }

  /** The user's organisation and everything below it, tree order. */
  list(p: Principal): Promise<Org[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM orgs WHERE path LIKE $1 || '%' ORDER BY path`, [p.orgPath]);
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
  await m.query(`INSERT INTO orgs (id, parent_id, name_zh, name_en, level, path) VALUES ($1, $2, $3, $4, $5, $6)`, [
    org.id,
    org.parentId,
    org.nameZh,
    org.nameEn,
    org.level,
    org.path,
  ]);
}
