import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config';
import { DeploymentsService } from '../deployments/deployments.service';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { PackRunner } from '../packs/pack-runner.service';
import { seedDemoData } from './demo-data';
import { DEMO_ORGS, DEMO_USERS, PACK_OWNERS, ROOT_ORG } from './demo-tree';
import { importPacks } from './pack-import';
import { seedOrgs, seedUsers } from './seed-db';

/**
 * First start: the root organisation, the packs of rule-packs/ as published versions, and (unless KP_DEMO=off) the
 * demo organisations, users, deployments and evaluations. Later starts import only pack versions not stored yet.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly log = new Logger('Seed');

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: PackRunner,
    private readonly audit: AuditService,
    private readonly deployments: DeploymentsService,
    private readonly evaluations: EvaluationsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.importPacks && !this.config.demo) return;
    const firstStart = !(await this.setting('seeded_at'));
    if (firstStart) {
      await this.db.transaction(async (m) => {
        await seedOrgs(m, this.config.demo ? DEMO_ORGS : [ROOT_ORG]);
        if (this.config.demo) await seedUsers(m, DEMO_USERS);
      });
      if (!this.config.demo) await this.firstAdmin();
    }
    if (this.config.importPacks) {
      await importPacks(this.db, this.runner, this.audit, this.config.packsDir, async (packId) => {
        const owner = PACK_OWNERS[packId];
        const rows: unknown[] = owner ? await this.db.query(`SELECT 1 FROM orgs WHERE id = $1`, [owner]) : [];
        return rows.length ? owner : ROOT_ORG.id;
      });
    }
    if (firstStart && this.config.demo) await seedDemoData(this.db, this.deployments, this.evaluations, this.config.packsDir);
    if (firstStart) await this.db.query(`INSERT INTO settings (key, value) VALUES ('seeded_at', now()::text) ON CONFLICT (key) DO NOTHING`);
  }

  /** Without demo users somebody must be able to log in: an admin whose password is given or printed once. */
  private async firstAdmin(): Promise<void> {
    const users: unknown[] = await this.db.query(`SELECT 1 FROM users LIMIT 1`);
    if (users.length) return;
    const password = process.env.KP_ADMIN_PASSWORD || randomBytes(12).toString('base64url');
    await this.db.transaction((m) => seedUsers(m, [{ username: 'admin', password, roles: ['admin', 'viewer'], orgId: ROOT_ORG.id }]));
    if (!process.env.KP_ADMIN_PASSWORD) this.log.warn(`created user admin with password ${password} (set KP_ADMIN_PASSWORD to choose it)`);
  }

  private async setting(key: string): Promise<string | null> {
    const rows: { value: string }[] = await this.db.query(`SELECT value FROM settings WHERE key = $1`, [key]);
    return rows[0]?.value ?? null;
  }
}
