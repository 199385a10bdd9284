import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { dataSourceOptions } from '../../server/src/db/data-source';
import { ENTITIES } from '../../server/src/db/entities';
import { createTestApp, type TestApp } from '../support/harness';

/**
 * The TypeORM entities and the hand-written migrations describe the same schema: on a database migrated as the app
 * migrates it, TypeORM's schema builder has nothing to change, and every table has an entity.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('entities', { seed: 'none' });
});
afterAll(() => t?.close());

/** What `synchronize` would run to make the database match the entities of `ds` (nothing, when they agree). */
async function schemaDiff(ds: DataSource): Promise<string[]> {
  const sql = await ds.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

describe('entities and migrations', () => {
  it('the app registers exactly ENTITIES', () => {
    expect(t.db.options.entities).toBe(ENTITIES);
    expect(t.db.entityMetadatas.map((m) => m.target)).toEqual(expect.arrayContaining(ENTITIES));
  });

  it("the schema builder finds nothing to change on the migrated database (columns, types, nullability, defaults, keys, indexes, checks)", async () => {
    expect(await schemaDiff(t.db)).toEqual([]);
  });

  it('every table of schema public has an entity (pg-boss keeps its own schema; `migrations` is TypeORM’s)', async () => {
    const tables = (await t.sql<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['orgs', 'users', 'audit_log', 'settings']));
    const mapped = new Set(t.db.entityMetadatas.filter((m) => ENTITIES.includes(m.target as Function)).map((m) => m.tableName));
    expect(tables.filter((name) => name !== 'migrations' && !mapped.has(name))).toEqual([]);
  });

  it('an entity whose column type differs from the migration shows as a change (the check above can fail)', async () => {
    // `settings.value` is text in the migration; this copy says integer
    @Entity('settings')
    class SettingWithWrongType {
      @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'settings_pkey' })
      key!: string;

      @Column({ type: 'integer' })
      value!: number;
    }
    const ds = new DataSource({ ...dataSourceOptions(t.config.databaseUrl, 1), entities: [SettingWithWrongType], migrationsRun: false, logging: false });
    await ds.initialize();
    try {
      const diff = await schemaDiff(ds);
      expect(diff.some((q) => q.includes('"settings"') && q.includes('"value"') && /integer/i.test(q))).toBe(true);
    } finally {
      await ds.destroy();
    }
  });
});
