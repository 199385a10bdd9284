import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { passwordWeakness } from '../auth/password-policy';
import { SettingEntity } from '../auth/setting.entity';
import { APP_CONFIG, type AppConfig } from '../config';
import { DeploymentsService } from '../deployments/deployments.service';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { OrgEntity } from '../orgs/org.entity';
import { PackRunner } from '../packs/pack-runner.service';
import { UserEntity } from '../users/user.entity';
import { seedDemoData } from './demo-data';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS, PACK_OWNERS, ROOT_ORG } from './demo-tree';
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
    @InjectRepository(SettingEntity) private readonly settings: Repository<SettingEntity>,
    @InjectRepository(OrgEntity) private readonly orgs: Repository<OrgEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
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
      // before anything is stored: a start that cannot create its admin leaves the database as it was
      const adminPassword = this.config.demo ? null : await this.requiredAdminPassword();
      await this.db.transaction(async (m) => {
        await seedOrgs(m, this.config.demo ? DEMO_ORGS : [ROOT_ORG]);
        if (this.config.demo) await seedUsers(m, DEMO_USERS);
      });
      if (adminPassword !== null) await this.firstAdmin(adminPassword);
      if (this.config.demo) {
        this.log.warn(
          `演示账号（admin、author、publisher 等）的密码均为 ${DEMO_PASSWORD}，仅供试用，请勿用于正式环境；正式部署请设 KP_DEMO=off 与 KP_ADMIN_PASSWORD。` +
            ` / The demo accounts all have the password ${DEMO_PASSWORD}: for trying only; a real deployment sets KP_DEMO=off and KP_ADMIN_PASSWORD.`,
        );
      }
    }
    if (this.config.importPacks) {
      await importPacks(this.db, this.runner, this.audit, this.config.packsDir, async (packId) => {
        const owner = PACK_OWNERS[packId];
        return owner && (await this.orgs.existsBy({ id: owner })) ? owner : ROOT_ORG.id;
      });
    }
    if (firstStart && this.config.demo) await seedDemoData(this.db, this.deployments, this.evaluations, this.config.packsDir);
    if (firstStart) await this.settings.createQueryBuilder().insert().values({ key: 'seeded_at', value: () => 'now()::text' }).orIgnore().updateEntity(false).execute();
  }

  /**
   * Without demo users somebody must be able to log in: KP_ADMIN_PASSWORD (a strong one) is required for the
   * first admin, unless the database already has users. Null: no admin to create.
   */
  private async requiredAdminPassword(): Promise<string | null> {
    if (await this.users.exists()) return null;
    const password = process.env.KP_ADMIN_PASSWORD ?? '';
    if (!password) throw new Error('KP_DEMO=off 时必须设置 KP_ADMIN_PASSWORD（首个管理员 admin 的密码）。 / With KP_DEMO=off, set KP_ADMIN_PASSWORD (the password of the first admin, user admin).');
    const weak = passwordWeakness(password, 'admin');
    if (weak) throw new Error(`KP_ADMIN_PASSWORD 不符合要求：${weak[0]} / KP_ADMIN_PASSWORD is too weak: ${weak[1]}`);
    return password;
  }

  private async firstAdmin(password: string): Promise<void> {
    await this.db.transaction((m) => seedUsers(m, [{ username: 'admin', password, roles: ['admin', 'viewer'], orgId: ROOT_ORG.id }]));
    this.log.log('created user admin with the password of KP_ADMIN_PASSWORD');
  }

  private async setting(key: string): Promise<string | null> {
    return (await this.settings.findOneBy({ key }))?.value ?? null;
  }
}
