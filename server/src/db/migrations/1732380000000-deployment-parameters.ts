import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deployment carries the locality's own values of the version's local parameters (name → value, each within the
 * range the pack allows; checked by the service, since the range lives in the pack document). {} = the pack's values.
 */
export class DeploymentParameters1732380000000 implements MigrationInterface {
  name = 'DeploymentParameters1732380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deployments ADD COLUMN parameters jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(parameters) = 'object')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deployments DROP COLUMN parameters`);
  }
}
