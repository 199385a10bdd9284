import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../auth/roles';
import { OrgEntity } from '../orgs/org.entity';

/** A user (table `users`: InitialSchema, then UserDisable's disabled_at and TokenVersion's token_version). */
@Entity('users')
@Check('users_username_check', `username ~ '^[a-z0-9][a-z0-9._-]*$'`)
@Check('users_roles_check', `roles <@ ARRAY['admin', 'author', 'publisher', 'deployer', 'analyst', 'viewer']`)
export class UserEntity {
  /** DEFAULT gen_random_uuid() (data-source.ts: uuidExtension 'pgcrypto', installExtensions false). */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id!: string;

  @Column({ type: 'text', unique: true })
  username!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { nullable: false })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'users_org_id_fkey' })
  org?: OrgEntity;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set when an admin disables the user: no login, and every token stops working. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** Incremented by every credential change; a token carries the version it was issued for. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;
}
