import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { EnvelopePeriod, SubjectResult, TraceEntry } from '../engine/types';
import { OrgEntity } from '../orgs/org.entity';
import { PackVersionEntity } from '../packs/pack-version.entity';

/** Which stored evaluation supplied an earlier period's history (evaluations never change, so the id is enough). */
export interface PriorRef {
  period: string;
  evaluationId: string;
}

/**
 * One evaluated period of an organisation, with everything needed to reproduce it. Append-only: the trigger
 * evaluations_append_only (KP002) refuses UPDATE, DELETE and TRUNCATE. The current result of a period is the row
 * with the highest seq.
 */
@Entity('evaluations')
@Unique('evaluations_seq_key', ['seq'])
@Index('evaluations_history', ['orgId', 'packId', 'periodStart', 'seq'])
export class EvaluationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'evaluations_pkey' })
  id!: string;

  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column({ name: 'batch_id', type: 'uuid' })
  batchId!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { nullable: false })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'evaluations_org_id_fkey' })
  org?: OrgEntity;

  @Column({ name: 'pack_id', type: 'text' })
  packId!: string;

  @Column({ type: 'text' })
  version!: string;

  @ManyToOne(() => PackVersionEntity, { nullable: false })
  @JoinColumn([
    { name: 'pack_id', referencedColumnName: 'packId', foreignKeyConstraintName: 'evaluations_pack_id_version_fkey' },
    { name: 'version', referencedColumnName: 'version' },
  ])
  packVersion?: PackVersionEntity;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ type: 'text' })
  period!: string;

  /** YYYY-MM-DD */
  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  /** The period as submitted (the input snapshot). */
  @Column({ type: 'jsonb' })
  input!: EnvelopePeriod;

  /** The parameter values used besides the pack's (the deployment's, then the request's); null: none. */
  @Column({ type: 'jsonb', nullable: true })
  parameters!: Record<string, unknown> | null;

  @Column({ type: 'jsonb' })
  prior!: PriorRef[];

  @Column({ type: 'jsonb' })
  results!: SubjectResult[];

  @Column({ type: 'jsonb' })
  summary!: Record<string, unknown>;

  /** Each subject's trace by subject id, when stored with trace=true. */
  @Column({ type: 'jsonb', nullable: true })
  trace!: Record<string, TraceEntry[]> | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
