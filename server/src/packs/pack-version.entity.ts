import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Pack } from '../engine/types';
import { PackEntity } from './pack.entity';

export type VersionStatus = 'draft' | 'published';

/**
 * One version of a pack. A published version never changes: the trigger pack_versions_published_immutable (KP001)
 * refuses any UPDATE or DELETE of it, whoever sends it.
 */
@Entity('pack_versions')
@Check('pack_versions_status_check', `status IN ('draft', 'published')`)
@Check('pack_versions_check', `(status = 'published') = (published_at IS NOT NULL)`)
export class PackVersionEntity {
  @PrimaryColumn({ name: 'pack_id', type: 'text', primaryKeyConstraintName: 'pack_versions_pkey' })
  packId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pack_versions_pkey' })
  version!: string;

  @ManyToOne(() => PackEntity, { nullable: false })
  @JoinColumn({ name: 'pack_id', foreignKeyConstraintName: 'pack_versions_pack_id_fkey' })
  pack?: PackEntity;

  @Column({ type: 'text' })
  status!: VersionStatus;

  /** json, not jsonb: the author's key order is kept for the editor and for the stored text. */
  @Column({ type: 'json' })
  document!: Pack;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  /** The draft's revision for optimistic locking (If-Match); checked and incremented in one UPDATE. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'published_by', type: 'text', nullable: true })
  publishedBy!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
