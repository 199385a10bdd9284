import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DatasetEntity } from '../datasets/dataset.entity';
import type { SimulationPlan, SimulationResult } from '../engine/simulate';

export type SimulationStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** A simulation job: its plan, status and progress, and its result, stored once with the status (README.md). */
@Entity('simulation_jobs')
@Check('simulation_jobs_kind_check', `kind IN ('simulate', 'sweep')`)
@Check('simulation_jobs_status_check', `status IN ('queued', 'running', 'completed', 'failed', 'cancelled')`)
@Check('simulation_jobs_check', `(status = 'completed') = (result IS NOT NULL)`)
export class SimulationJobEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'simulation_jobs_pkey' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ type: 'text' })
  kind!: 'simulate' | 'sweep';

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId!: string;

  @ManyToOne(() => DatasetEntity)
  @JoinColumn({ name: 'dataset_id', foreignKeyConstraintName: 'simulation_jobs_dataset_id_fkey' })
  dataset?: DatasetEntity;

  @Column({ type: 'jsonb' })
  plan!: SimulationPlan;

  @Column({ type: 'text' })
  status!: SimulationStatus;

  /** 0..1; for a split job the partitions' progress weighted by their size. */
  @Column({ type: 'real', default: 0 })
  progress!: number;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  worker!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  error!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  result!: SimulationResult | null;

  @Column({ type: 'jsonb', nullable: true })
  figures!: unknown;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  /** How the planner split the job ({ by, size, … }); null: one job in one process. */
  @Column({ type: 'jsonb', nullable: true })
  split!: unknown;

  @Column({ type: 'integer', nullable: true })
  partitions!: number | null;

  @Column({ name: 'partitions_done', type: 'integer', default: 0 })
  partitionsDone!: number;
}
