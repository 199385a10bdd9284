import type { DataSourceOptions } from 'typeorm';
import { InitialSchema1732350000000 } from './migrations/1732350000000-initial-schema';
import { UserDisable1732360000000 } from './migrations/1732360000000-user-disable';
import { TokenVersion1732370000000 } from './migrations/1732370000000-token-version';
import { DeploymentParameters1732380000000 } from './migrations/1732380000000-deployment-parameters';
import { PeriodUploads1732385000000 } from './migrations/1732385000000-period-uploads';
import { Datasets1732390000000 } from './migrations/1732390000000-datasets';
import { Simulations1732395000000 } from './migrations/1732395000000-simulations';
import { ENTITIES } from './entities';
import { TypeOrmNestLogger } from './typeorm-logger';

/** The migrations, in order; they run at start-up. */
export const MIGRATIONS = [InitialSchema1732350000000, UserDisable1732360000000, TokenVersion1732370000000, DeploymentParameters1732380000000, PeriodUploads1732385000000, Datasets1732390000000, Simulations1732395000000];

export function dataSourceOptions(url: string, poolMax: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // the migrations own the schema: no CREATE EXTENSION at connect; uuid primary keys default to gen_random_uuid()
    // (core PostgreSQL), as the migrations declare them
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: ['error', 'migration'],
    // through the Nest logger: a failed query is a warning with its SQL (the error filter logs the unhandled ones as errors)
    logger: new TypeOrmNestLogger(['error', 'migration']),
    // A dropped connection (server restart) is replaced by the pool; it must not stall requests for long. A pool of
    // one (the embedded PGlite, which runs one session) is a queue shared by requests, seeding and pg-boss: waiting
    // behind a long transaction there is normal, so the wait is long (KP_DB_CONNECT_TIMEOUT_MS overrides both).
    extra: { max: poolMax, connectionTimeoutMillis: connectTimeoutMs(poolMax) },
  };
}

function connectTimeoutMs(poolMax: number): number {
  if (process.env.KP_DB_CONNECT_TIMEOUT_MS) return Number(process.env.KP_DB_CONNECT_TIMEOUT_MS);
  return poolMax <= 1 ? 300_000 : 10_000;
}
