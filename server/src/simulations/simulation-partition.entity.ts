import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { PartitionSpec } from './partitions';
import { SimulationJobEntity, type SimulationStatus } from './simulation-job.entity';

/** One partition of a split job: what it covers (`spec`), its own attempts and progress, and its stored partial state. */
@Entity('simulation_partitions')
@Check('simulation_partitions_status_check', `status IN ('queued', 'running', 'completed', 'failed', 'cancelled')`)
@Check('simulation_partitions_check', `(status = 'completed') = (state IS NOT NULL)`)
export class SimulationPartitionEntity {
  @PrimaryColumn({ name: 'job_id', type: 'uuid', primaryKeyConstraintName: 'simulation_partitions_pkey' })
  jobId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'simulation_partitions_pkey' })
  seq!: number;

  @ManyToOne(() => SimulationJobEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'simulation_partitions_job_id_fkey' })
  job?: SimulationJobEntity;

  @Column({ type: 'jsonb' })
  spec!: PartitionSpec;

  /** Subject-periods × sides it evaluates: the weight of its progress in the job's. */
  @Column({ type: 'bigint' })
  weight!: string;

  @Column({ type: 'text', default: 'queued' })
  status!: SimulationStatus;

  @Column({ type: 'real', default: 0 })
  progress!: number;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  worker!: string | null;

  /** The encoded partial state (json, not jsonb: the text is kept as written, key order included). */
  @Column({ type: 'json', nullable: true })
  state!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  figures!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  error!: unknown;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;
}
