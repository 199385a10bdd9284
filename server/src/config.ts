import { join } from 'node:path';

export interface AppConfig {
  /** postgres:// URL; empty means the embedded PGlite database. */
  databaseUrl: string;
  poolMax: number;
  /** Where the embedded database keeps its files. */
  dataDir: string;
  /** Fixed port for the embedded database's socket (0: any free port). */
  embeddedPort: number;
  packsDir: string;
  adminUiDir: string;
  jwtSecret: string | null;
  /** Login attempts per minute per username (then 429 for that username). */
  loginLimitPerMinute: number;
  /** Login attempts per minute per address; unset: ten times the per-username limit, at least 100. */
  loginLimitPerAddress?: number;
  /** Largest accepted request body, in bytes (a bigger one gets 413). */
  bodyLimit: number;
  /** Import rule-packs/<id>/<version>.json as published versions at start (the ones not stored yet). */
  importPacks: boolean;
  /** Seed demo organisations, users, deployments and evaluations at first start. */
  demo: boolean;
  port: number;
  /** Where to listen; loopback unless told otherwise. */
  host: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cwd = process.cwd();
  return {
    databaseUrl: env.DATABASE_URL ?? '',
    poolMax: Number(env.DB_POOL_MAX ?? (env.DATABASE_URL ? 10 : 1)),
    dataDir: env.KP_DATA_DIR ?? join(cwd, 'data', 'pglite'),
    embeddedPort: Number(env.KP_EMBEDDED_PG_PORT ?? 0),
    packsDir: env.KP_PACKS_DIR ?? join(cwd, 'rule-packs'),
    adminUiDir: env.KP_ADMIN_UI_DIR ?? join(cwd, 'admin-ui', 'dist'),
    jwtSecret: env.JWT_SECRET || null,
    loginLimitPerMinute: Number(env.LOGIN_RATE_LIMIT ?? 10),
    ...(env.LOGIN_RATE_LIMIT_PER_ADDRESS ? { loginLimitPerAddress: Number(env.LOGIN_RATE_LIMIT_PER_ADDRESS) } : {}),
    bodyLimit: Number(env.KP_BODY_LIMIT ?? 2 * 1024 * 1024),
    importPacks: env.KP_IMPORT_PACKS !== 'off',
    demo: env.KP_DEMO !== 'off',
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
  };
}
