import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export const ORG_LEVELS = ['province', 'city', 'county', 'township', 'basic'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/**
 * An organisation of the tree (table `orgs`, migration InitialSchema). `path` is `/<root>/…/<id>/`: a subtree is
 * every path with the same prefix.
 */
@Entity('orgs')
@Check('orgs_id_check', `id ~ '^[a-z0-9][a-z0-9-]*$'`)
@Check('orgs_level_check', `level IN ('province', 'city', 'county', 'township', 'basic')`)
// `path text_pattern_ops` (for LIKE 'prefix%' under any collation): TypeORM cannot declare an operator class, so the
// index is declared by name only and the schema builder leaves it to the migration.
@Index('orgs_path_prefix', { synchronize: false })
export class OrgEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'orgs_pkey' })
  id!: string;

  @Column({ name: 'parent_id', type: 'text', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => OrgEntity, { nullable: true })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'orgs_parent_id_fkey' })
  parent?: OrgEntity | null;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ type: 'text' })
  level!: OrgLevel;

  @Column({ type: 'text', unique: true })
  path!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
