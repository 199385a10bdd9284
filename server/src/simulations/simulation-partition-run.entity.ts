import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SimulationPartitionEntity } from './simulation-partition.entity';

/** One attempt at a partition: a worker killed mid-partition leaves its attempt unfinished, and the retry is the next. */
@Entity('simulation_partition_runs')
export class SimulationPartitionRunEntity {
  @PrimaryColumn({ name: 'job_id', type: 'uuid', primaryKeyConstraintName: 'simulation_partition_runs_pkey' })
  jobId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'simulation_partition_runs_pkey' })
  seq!: number;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'simulation_partition_runs_pkey' })
  attempt!: number;

  @ManyToOne(() => SimulationPartitionEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'job_id', referencedColumnName: 'jobId', foreignKeyConstraintName: 'simulation_partition_runs_job_id_seq_fkey' },
    { name: 'seq', referencedColumnName: 'seq', foreignKeyConstraintName: 'simulation_partition_runs_job_id_seq_fkey' },
  ])
  partition?: SimulationPartitionEntity;

  @Column({ type: 'text' })
  worker!: string;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;
}
