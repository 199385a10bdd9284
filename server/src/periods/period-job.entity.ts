import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { I18nText } from '../engine/types';
import { EvaluationEntity } from '../evaluations/evaluation.entity';
import { OrgEntity } from '../orgs/org.entity';
import { PeriodUploadEntity } from './period-upload.entity';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** The evaluation of a large upload, run in the server's process: its state and progress in subjects. */
@Entity('period_jobs')
@Check('period_jobs_state_check', `state IN ('queued', 'running', 'done', 'failed')`)
export class PeriodJobEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'period_jobs_pkey' })
  id!: string;

  @Column({ name: 'upload_id', type: 'uuid' })
  uploadId!: string;

  @ManyToOne(() => PeriodUploadEntity, { nullable: false })
  @JoinColumn({ name: 'upload_id', foreignKeyConstraintName: 'period_jobs_upload_id_fkey' })
  upload?: PeriodUploadEntity;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { nullable: false })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'period_jobs_org_id_fkey' })
  org?: OrgEntity;

  @Column({ name: 'pack_id', type: 'text' })
  packId!: string;

  @Column({ type: 'text' })
  period!: string;

  @Column({ type: 'text' })
  state!: JobState;

  /** Subjects checked so far. */
  @Column({ type: 'integer', default: 0 })
  done!: number;

  @Column({ type: 'integer' })
  total!: number;

  /** The evaluation the job stored (when done). */
  @Column({ name: 'evaluation_id', type: 'uuid', nullable: true })
  evaluationId!: string | null;

  @ManyToOne(() => EvaluationEntity, { nullable: true })
  @JoinColumn({ name: 'evaluation_id', foreignKeyConstraintName: 'period_jobs_evaluation_id_fkey' })
  evaluation?: EvaluationEntity | null;

  /** The period's evaluation before it, which `changed` compares with. */
  @Column({ name: 'previous_evaluation_id', type: 'uuid', nullable: true })
  previousEvaluationId!: string | null;

  @ManyToOne(() => EvaluationEntity, { nullable: true })
  @JoinColumn({ name: 'previous_evaluation_id', foreignKeyConstraintName: 'period_jobs_previous_evaluation_id_fkey' })
  previousEvaluation?: EvaluationEntity | null;

  /** Subjects whose results changed against the previous evaluation. */
  @Column({ type: 'integer', nullable: true })
  changed!: number | null;

  /** Why it failed, for the page. */
  @Column({ type: 'jsonb', nullable: true })
  error!: I18nText | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
