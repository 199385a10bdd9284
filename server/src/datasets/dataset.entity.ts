import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SyntheticRecipe } from './synthetic';

export type DatasetSource = 'xlsx' | 'csv' | 'json' | 'synthetic';

/** A dataset of an organisation for one pack version: imported rows (in `dataset_chunks`) or a synthetic recipe. */
@Entity('datasets')
@Check('datasets_source_check', `source IN ('xlsx', 'csv', 'json', 'synthetic')`)
export class DatasetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'datasets_pkey' })
  id!: string;

  /** No foreign key (as in the tables' first, run-time version): the organisation is checked when the set is made. */
  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'pack_id', type: 'text' })
  packId!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  source!: DatasetSource;

  /** Subject-periods: the stored rows, or the recipe's n. */
  @Column({ type: 'integer' })
  subjects!: number;

  @Column({ type: 'text', array: true })
  periods!: string[];

  /** Synthetic sets are stored as their recipe and generated where they run. */
  @Column({ type: 'jsonb', nullable: true })
  recipe!: SyntheticRecipe | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
