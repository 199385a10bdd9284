import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../../server/src/audit/audit-entry.entity';
import { SettingEntity } from '../../server/src/auth/setting.entity';
import { dataSourceOptions } from '../../server/src/db/data-source';
import { ENTITIES } from '../../server/src/db/entities';
import { OrgEntity } from '../../server/src/orgs/org.entity';
import { UserEntity } from '../../server/src/users/user.entity';
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

function column(ds: DataSource, entity: Function, property: string) {
  const c = ds.getMetadata(entity).findColumnWithPropertyName(property);
  if (!c) throw new Error(`no column ${property}`);
  return c;
}

/** Sets `obj[key]` to `value`; answers the undo. */
function set<T extends object, K extends keyof T>(obj: T, key: K, value: T[K]): () => void {
  const old = obj[key];
  obj[key] = value;
  return () => {
    obj[key] = old;
  };
}

/** Takes the first item that `pick` chooses out of `list`; answers the undo. */
function without<T>(list: T[], pick: (x: T) => boolean): () => void {
  const i = list.findIndex(pick);
  if (i < 0) throw new Error('nothing to leave out');
  const [item] = list.splice(i, 1);
  return () => {
    list.splice(i, 0, item);
  };
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

  it('orgs_path_prefix, which the schema builder leaves alone, is the migration\'s text_pattern_ops index', async () => {
    expect(t.db.getMetadata(OrgEntity).indices.map((i) => [i.name, i.synchronize])).toEqual([['orgs_path_prefix', false]]);
    const [index] = await t.sql<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND indexname = 'orgs_path_prefix'`);
    expect(index.def).toMatch(/ON public\.orgs USING btree \(path text_pattern_ops\)/);
  });

  // Each case changes one thing in the entity metadata of a second data source (and undoes it): the schema builder must
  // report it. (It compares checks by name only, not by expression, and leaves orgs_path_prefix, declared
  // synchronize: false, alone.) One data source for all cases: the embedded PGlite used on machines without
  // PostgreSQL accepts two connections at a time.
  describe('an entity that differs from the migration shows as a change', () => {
    let probe: DataSource;
    beforeAll(async () => {
      probe = await new DataSource({ ...dataSourceOptions(t.config.databaseUrl, 1), migrationsRun: false, logging: false }).initialize();
    });
    afterAll(() => probe?.destroy());

    const mutations: [string, (ds: DataSource) => () => void, RegExp][] = [
      ['settings.value declared integer (text in the migration)', (ds) => set(column(ds, SettingEntity, 'value'), 'type', 'integer'), /"settings".*"value".*integer/i],
      ['users.token_version declared bigint (integer)', (ds) => set(column(ds, UserEntity, 'tokenVersion'), 'type', 'bigint'), /"users".*"token_version".*bigint/i],
      ['users.display_name declared NOT NULL (nullable)', (ds) => set(column(ds, UserEntity, 'displayName'), 'isNullable', false), /"users".*"display_name".*NOT NULL/i],
      ['users.token_version default 1 (0)', (ds) => set(column(ds, UserEntity, 'tokenVersion'), 'default', 1), /"users".*"token_version".*DEFAULT '?1/i],
      ['the check orgs_level_check left out', (ds) => without(ds.getMetadata(OrgEntity).checks, (c) => c.name === 'orgs_level_check'), /DROP CONSTRAINT "orgs_level_check"/],
      ['the foreign key users_org_id_fkey left out', (ds) => without(ds.getMetadata(UserEntity).foreignKeys, (f) => f.name === 'users_org_id_fkey'), /DROP CONSTRAINT "users_org_id_fkey"/],
      ['the index audit_log_entity left out', (ds) => without(ds.getMetadata(AuditEntryEntity).indices, (i) => i.name === 'audit_log_entity'), /DROP INDEX .*"audit_log_entity"/],
    ];
    it.each(mutations)('%s', async (_name, mutate, expected) => {
      expect(await schemaDiff(probe)).toEqual([]);
      const undo = mutate(probe);
      try {
        expect(await schemaDiff(probe)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
      } finally {
        undo();
      }
    });
  });
});
