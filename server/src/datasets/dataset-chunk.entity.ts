import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { EnvelopePeriod } from '../engine/types';
import { DatasetEntity } from './dataset.entity';

/** Up to CHUNK subjects of one period of an imported dataset; `seq` orders a dataset's chunks. */
@Entity('dataset_chunks')
export class DatasetChunkEntity {
  @PrimaryColumn({ name: 'dataset_id', type: 'uuid', primaryKeyConstraintName: 'dataset_chunks_pkey' })
  datasetId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'dataset_chunks_pkey' })
  seq!: number;

  @ManyToOne(() => DatasetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dataset_id', foreignKeyConstraintName: 'dataset_chunks_dataset_id_fkey' })
  dataset?: DatasetEntity;

  /** The period's place in the envelope. */
  @Column({ name: 'period_index', type: 'integer' })
  periodIndex!: number;

  @Column({ type: 'text' })
  period!: string;

  @Column({ type: 'jsonb' })
  subjects!: EnvelopePeriod['subjects'];

  /** The period's scopes, repeated on each of its chunks. */
  @Column({ type: 'jsonb', nullable: true })
  scopes!: EnvelopePeriod['scopes'] | null;
}
