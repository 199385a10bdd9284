import type { DataSourceOptions } from 'typeorm';
import { InitialSchema1732350000000 } from './migrations/1732350000000-initial-schema';
import { UserDisable1732360000000 } from './migrations/1732360000000-user-disable';
import { TokenVersion1732370000000 } from './migrations/1732370000000-token-version';

/** The migrations, in order; they run at start-up. */
export const MIGRATIONS = [InitialSchema1732350000000, UserDisable1732360000000, TokenVersion1732370000000];

export function dataSourceOptions(url: string, poolMax: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [],
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'migration'],
    // a dropped connection (server restart) is replaced by the pool; it must not stall requests for long
    extra: { max: poolMax, connectionTimeoutMillis: 10_000 },
  };
}
