import { createTestApp, packCopy, type TestApp } from '../support/harness';

/** The database itself refuses to change what was published, computed or recorded, whatever the route. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('immutability');
  await t.publish(packCopy('rehab-branch-stars', 'frozen'));
  await t.as('author').post('/api/v1/packs/frozen/versions').send({ version: '1.1.0' }).expect(201);
  await t.as('deployer').post('/api/v1/deployments').send({ orgId: 'prov', packId: 'frozen', version: '1.0.0', effectiveFrom: '2000-01-01' }).expect(201);
});
afterAll(() => t?.close());

const sqlError = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { message: string; driverError?: { code?: string } }) => ({ code: e.driverError?.code, message: e.message }),
  );

describe('published pack versions', () => {
  it('an SQL UPDATE of a published version fails (KP001) and changes nothing', async () => {
    const before = await t.sql(`SELECT document::text AS d, content_hash FROM pack_versions WHERE pack_id = 'frozen' AND version = '1.0.0'`);
    const err = await sqlError(t.sql(`UPDATE pack_versions SET document = '{}'::json, content_hash = 'x' WHERE pack_id = 'frozen' AND version = '1.0.0'`));
    expect(err).toEqual({ code: 'KP001', message: expect.stringContaining('frozen@1.0.0 is published and immutable') });
    const err2 = await sqlError(t.sql(`UPDATE pack_versions SET status = 'draft', published_at = NULL WHERE pack_id = 'frozen' AND version = '1.0.0'`));
    expect(err2?.code).toBe('KP001');
    expect(await t.sql(`SELECT document::text AS d, content_hash FROM pack_versions WHERE pack_id = 'frozen' AND version = '1.0.0'`)).toEqual(before);
  });

  it('an SQL DELETE or TRUNCATE of published versions fails', async () => {
    expect((await sqlError(t.sql(`DELETE FROM pack_versions WHERE pack_id = 'frozen' AND version = '1.0.0'`)))?.code).toBe('KP001');
    expect((await sqlError(t.sql(`TRUNCATE pack_versions CASCADE`)))?.code).toBe('KP002');
    expect(await t.sql(`SELECT version FROM pack_versions WHERE pack_id = 'frozen' ORDER BY version`)).toEqual([{ version: '1.0.0' }, { version: '1.1.0' }]);
  });

  it('a draft can still be changed by SQL (the trigger guards only published versions)', async () => {
    await t.sql(`UPDATE pack_versions SET updated_by = 'sql' WHERE pack_id = 'frozen' AND version = '1.1.0'`);
    expect(await t.sql(`SELECT updated_by FROM pack_versions WHERE pack_id = 'frozen' AND version = '1.1.0'`)).toEqual([{ updated_by: 'sql' }]);
  });
});

describe('evaluations and the audit log are append-only', () => {
  beforeAll(async () => {
    await t.as('deployer').post('/api/v1/orgs/prov/packs/frozen/evaluate').send({ periods: [{ period: '2024', subjects: [] }] }).expect(201);
  });

  it.each([
    ['UPDATE evaluations SET created_by = $$x$$'],
    ['DELETE FROM evaluations'],
    // CASCADE: period_jobs refers to evaluations, so a plain TRUNCATE stops at the foreign key (0A000) before the trigger
    ['TRUNCATE evaluations CASCADE'],
    ['UPDATE audit_log SET username = $$x$$'],
    ['DELETE FROM audit_log'],
    ['TRUNCATE audit_log'],
  ])('%s fails (KP002)', async (statement) => {
    expect((await sqlError(t.sql(statement)))?.code).toBe('KP002');
  });

  it('rows are still there', async () => {
    const [row] = await t.sql<{ e: number; a: number }>(`SELECT (SELECT count(*)::int FROM evaluations) AS e, (SELECT count(*)::int FROM audit_log) AS a`);
    expect(row.e).toBe(1);
    expect(row.a).toBeGreaterThanOrEqual(5);
  });
});
