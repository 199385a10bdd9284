import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens carry the credential version of their user: a password change, a disable or enable, a role or an
 * organisation change increments it, and every token issued before stops working at once.
 */
export class TokenVersion1732370000000 implements MigrationInterface {
  name = 'TokenVersion1732370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
