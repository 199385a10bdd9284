import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AuditEntryEntity } from './audit-entry.entity';
import type { AuditRow } from './audit.repo';

export interface AuditEntry {
  action: string;
  entity: 'org' | 'user' | 'pack' | 'pack_version' | 'deployment' | 'evaluation' | 'dataset' | 'simulation' | 'period_upload' | 'period_job';
  entityId: string;
  /** The organisation whose subtree may read this entry. */
  orgId: string;
  before?: object;
  after?: object;
}

/** Whatever runs the change's transaction: its TypeORM EntityManager (or the DataSource, outside one). */
export type AuditSql = EntityManager | DataSource;

/** Who changed what, when, before → after. Written in the same transaction as the change. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  async record(m: AuditSql, who: Principal, e: AuditEntry): Promise<void> {
    const row: AuditRow = {
      userId: who.username === 'system' ? null : who.id,
      username: who.username,
      orgId: e.orgId,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      before: e.before ?? null,
      after: e.after ?? null,
    };
    await m.createQueryBuilder().insert().into(AuditEntryEntity).values(row).updateEntity(false).execute();
  }

  async list(p: Principal, q: { entity?: string; entityId?: string; action?: string; limit?: number; before?: number }) {
    const qb = this.entries
      .createQueryBuilder('a')
      .innerJoin('a.org', 'o')
      .where('o.path LIKE :prefix', { prefix: `${p.orgPath}%` });
    if (q.entity) qb.andWhere('a.entity = :entity', { entity: q.entity });
    if (q.entityId) qb.andWhere('a.entityId = :entityId', { entityId: q.entityId });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.before) qb.andWhere('a.id < :before', { before: q.before });
    const rows = await qb.orderBy('a.id', 'DESC').limit(Math.min(Math.max(q.limit ?? 100, 1), 500)).getMany();
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      user: r.username,
      orgId: r.orgId,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
    }));
  }
}
