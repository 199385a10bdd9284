import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SimulationJobEntity } from './simulation-job.entity';

/** One attempt at a job (or at planning its partitions): which worker, when, and how it ended. */
@Entity('simulation_job_runs')
export class SimulationJobRunEntity {
  @PrimaryColumn({ name: 'job_id', type: 'uuid', primaryKeyConstraintName: 'simulation_job_runs_pkey' })
  jobId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'simulation_job_runs_pkey' })
  attempt!: number;

  @ManyToOne(() => SimulationJobEntity)
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'simulation_job_runs_job_id_fkey' })
  job?: SimulationJobEntity;

  @Column({ type: 'text' })
  worker!: string;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;
}
