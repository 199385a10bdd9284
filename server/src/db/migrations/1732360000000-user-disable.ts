import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users can be disabled: a disabled user cannot log in, and tokens issued before stop working at once. */
export class UserDisable1732360000000 implements MigrationInterface {
  name = 'UserDisable1732360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN disabled_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN disabled_at`);
  }
}
