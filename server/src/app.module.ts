import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ErrorFilter } from './common/error.filter';
import type { AppConfig } from './config';
import { ConfigModule } from './config.module';
import { DatasetsModule } from './datasets/datasets.module';
import { dataSourceOptions } from './db/data-source';
import { DeploymentsModule } from './deployments/deployments.module';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { HealthModule } from './health/health.module';
import { OrgsModule } from './orgs/orgs.module';
import { PacksModule } from './packs/packs.module';
import { PeriodsModule } from './periods/periods.module';
import { ResultsModule } from './results/results.module';
import { SeedModule } from './seed/seed.module';
import { SimulationsModule } from './simulations/simulations.module';
import { UsersModule } from './users/users.module';

/** Feature modules; other domains (simulations, datasets) register here, one line each. */
const FEATURES: Type[] = [
  AuditModule,
  AuthModule,
  OrgsModule,
  UsersModule,
  PacksModule,
  DeploymentsModule,
  EvaluationsModule,
  ResultsModule,
  HealthModule,
  DatasetsModule,
  SimulationsModule,
  PeriodsModule,
];

@Module({})
export class AppModule {
  /** The whole application for one configuration (the database URL must be known: see main.ts). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl, config.poolMax), retryAttempts: 3, retryDelay: 1000 }),
        ...FEATURES,
        // last, so that every other module is ready when it imports packs and seeds demo data
        SeedModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
