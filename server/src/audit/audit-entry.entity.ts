import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrgEntity } from '../orgs/org.entity';

/**
 * One row of the audit log (table `audit_log`): append-only, a trigger refuses UPDATE, DELETE and TRUNCATE.
 * `before` and `after` are JSON snapshots of what changed (an object; a new password shows only as `passwordChanged`).
 */
@Entity('audit_log')
@Index('audit_log_entity', ['entity', 'entityId'])
export class AuditEntryEntity {
  /** bigint: the pg driver returns it as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'audit_log_pkey' })
  id!: string;

  /** clock_timestamp(): the time of the write itself, not the start of its transaction. */
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at!: Date;

  /** Null for the system user (seed, import); not a foreign key (the migration declares none). */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'text' })
  username!: string;

  /** The organisation whose subtree may read this entry. */
  @Column({ name: 'org_id', type: 'text', nullable: true })
  orgId!: string | null;

  @ManyToOne(() => OrgEntity, { nullable: true })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'audit_log_org_id_fkey' })
  org?: OrgEntity | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  entity!: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;
}
