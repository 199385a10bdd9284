import type { DataSource } from 'typeorm';
import type { Sql } from './store';

interface PgPool extends Sql {
  connect(): Promise<Sql & { release(): void }>;
}

/** The pg pool under the app's TypeORM data source: the stores and pg-boss speak plain pg. */
export function poolOf(ds: DataSource): PgPool {
  return (ds.driver as unknown as { master: PgPool }).master;
}

/** Runs fn in one transaction on one connection: all of it is stored, or none. */
export async function inTransaction<T>(pool: PgPool, fn: (db: Sql) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
