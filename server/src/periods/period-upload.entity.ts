import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { EnvelopePeriod } from '../engine/types';
import { OrgEntity } from '../orgs/org.entity';
import { PackVersionEntity } from '../packs/pack-version.entity';

/** A column of an upload as it was recognised: the header text in the file and the subject's field it fills. */
export interface UploadColumn {
  column: string;
  pointer: string;
}

/** A period's uploaded file, kept read and valid so that it can be evaluated (again) later. */
@Entity('period_uploads')
@Index('period_uploads_period', ['orgId', 'packId', 'period', 'createdAt'])
@Check('period_uploads_format_check', `format IN ('xlsx', 'csv')`)
export class PeriodUploadEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'period_uploads_pkey' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { nullable: false })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'period_uploads_org_id_fkey' })
  org?: OrgEntity;

  @Column({ name: 'pack_id', type: 'text' })
  packId!: string;

  @Column({ type: 'text' })
  period!: string;

  /** The version deployed for the period when the file was read. */
  @Column({ type: 'text' })
  version!: string;

  @ManyToOne(() => PackVersionEntity, { nullable: false })
  @JoinColumn([
    { name: 'pack_id', referencedColumnName: 'packId', foreignKeyConstraintName: 'period_uploads_pack_id_version_fkey' },
    { name: 'version', referencedColumnName: 'version' },
  ])
  packVersion?: PackVersionEntity;

  @Column({ type: 'text', nullable: true })
  filename!: string | null;

  @Column({ type: 'text' })
  format!: 'xlsx' | 'csv';

  @Column({ type: 'integer' })
  subjects!: number;

  @Column({ type: 'jsonb' })
  columns!: UploadColumn[];

  /** The period as the engine reads it. */
  @Column({ type: 'jsonb' })
  input!: EnvelopePeriod;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
