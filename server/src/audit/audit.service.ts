import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';

export interface AuditEntry {
  action: string;
  entity: 'org' | 'user' | 'pack' | 'pack_version' | 'deployment' | 'evaluation' | 'dataset' | 'simulation' | 'period_upload' | 'period_job';
  entityId: string;
  /** The organisation whose subtree may read this entry. */
  orgId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Whatever runs the change's transaction: a TypeORM EntityManager, or a plain pg client (datasets and
 * simulations use pg directly so their workers need no TypeORM). Only `query` is needed.
 */
export interface AuditSql {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/** Who changed what, when, before → after. Written in the same transaction as the change. */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async record(m: AuditSql, who: Principal, e: AuditEntry): Promise<void> {
    await m.query(
      `INSERT INTO audit_log (user_id, username, org_id, action, entity, entity_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
      [
        who.username === 'system' ? null : who.id,
        who.username,
        e.orgId,
        e.action,
        e.entity,
        e.entityId,
        e.before === undefined ? null : JSON.stringify(e.before),
        e.after === undefined ? null : JSON.stringify(e.after),
      ],
    );
  }

  async list(p: Principal, q: { entity?: string; entityId?: string; action?: string; limit?: number; before?: number }) {
    const where = [`o.path LIKE $1 || '%'`];
    const args: unknown[] = [p.orgPath];
    const add = (sql: string, v: unknown) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (q.entity) add('a.entity = ?', q.entity);
    if (q.entityId) add('a.entity_id = ?', q.entityId);
    if (q.action) add('a.action = ?', q.action);
    if (q.before) add('a.id < ?', q.before);
    args.push(Math.min(Math.max(q.limit ?? 100, 1), 500));
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT a.id, a.at, a.username, a.org_id, a.action, a.entity, a.entity_id, a.before, a.after
         FROM audit_log a JOIN orgs o ON o.id = a.org_id
        WHERE ${where.join(' AND ')}
        ORDER BY a.id DESC LIMIT $${args.length}`,
      args,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      user: r.username,
      orgId: r.org_id,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
    }));
  }
}
