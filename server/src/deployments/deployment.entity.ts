import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Json } from '../engine/types';
import { OrgEntity } from '../orgs/org.entity';
import { PackVersionEntity } from '../packs/pack-version.entity';

/** Which published version of a pack an organisation runs, from which date, with its own local parameter values. */
@Entity('deployments')
@Unique('deployments_org_id_pack_id_effective_from_key', ['orgId', 'packId', 'effectiveFrom'])
@Check('deployments_parameters_check', `jsonb_typeof(parameters) = 'object'`)
export class DeploymentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'deployments_pkey' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { nullable: false })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'deployments_org_id_fkey' })
  org?: OrgEntity;

  @Column({ name: 'pack_id', type: 'text' })
  packId!: string;

  @Column({ type: 'text' })
  version!: string;

  @ManyToOne(() => PackVersionEntity, { nullable: false })
  @JoinColumn([
    { name: 'pack_id', referencedColumnName: 'packId', foreignKeyConstraintName: 'deployments_pack_id_version_fkey' },
    { name: 'version', referencedColumnName: 'version' },
  ])
  packVersion?: PackVersionEntity;

  /** YYYY-MM-DD: the version is in force for periods starting on or after this date. */
  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** The locality's own values of the version's local parameters ({} = the pack's values). */
  @Column({ type: 'jsonb', default: {} })
  parameters!: Record<string, Json>;
}
