import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A server setting (table `settings`): the generated JWT secret (`jwt_secret`) and the first seed's time (`seeded_at`). */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'settings_pkey' })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
