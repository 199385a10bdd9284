import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { I18nText } from '../engine/types';
import { OrgEntity } from '../orgs/org.entity';

/** A scheme (rule pack) and its owning organisation; title and locality follow its latest published version. */
@Entity('packs')
export class PackEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'packs_pkey' })
  id!: string;

  @Column({ name: 'owner_org_id', type: 'text' })
  ownerOrgId!: string;

  @ManyToOne(() => OrgEntity, { nullable: false })
  @JoinColumn({ name: 'owner_org_id', foreignKeyConstraintName: 'packs_owner_org_id_fkey' })
  owner?: OrgEntity;

  /** JSON null when the first draft had none (drafts need not be valid). */
  @Column({ type: 'jsonb' })
  title!: I18nText | null;

  @Column({ type: 'jsonb' })
  locality!: I18nText | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
