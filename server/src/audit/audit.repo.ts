import type { AuditEntryEntity } from './audit-entry.entity';

export type AuditRow = Pick<AuditEntryEntity, 'userId' | 'username' | 'orgId' | 'action' | 'entity' | 'entityId' | 'before' | 'after'>;
