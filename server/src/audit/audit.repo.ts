import type { AuditEntryEntity } from './audit-entry.entity';

/** A plain pg client or pool: datasets and simulations run their transactions (and workers) on pg without TypeORM. */
export interface PgSql {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

export type AuditRow = Pick<AuditEntryEntity, 'userId' | 'username' | 'orgId' | 'action' | 'entity' | 'entityId' | 'before' | 'after'>;

/** Raw SQL because the caller's transaction is a plain pg client, which has no EntityManager to insert through. */
export async function insertAuditRowSql(db: PgSql, row: AuditRow): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (user_id, username, org_id, action, entity, entity_id, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
    [row.userId, row.username, row.orgId, row.action, row.entity, row.entityId, json(row.before), json(row.after)],
  );
}

function json(v: object | null): string | null {
  return v === null ? null : JSON.stringify(v);
}
