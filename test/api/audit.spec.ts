import { branch, envelope, FOUR_STAR } from '../support/fixtures';
import { createTestApp, packCopy, type TestApp } from '../support/harness';

/** Every change leaves one audit entry: who, what, when, before → after; refused changes leave none. */
let t: TestApp;
const doc = packCopy('rehab-branch-stars', 'au');

beforeAll(async () => {
  t = await createTestApp('audit');
});
afterAll(() => t?.close());

interface Entry {
  id: number;
  at: string;
  user: string;
  orgId: string;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The entries written by `change`, oldest first. */
async function entriesOf(change: () => Promise<unknown>): Promise<Entry[]> {
  const [{ max }] = await t.sql<{ max: number }>(`SELECT coalesce(max(id), 0)::int AS max FROM audit_log`);
  await change();
  const all: Entry[] = (await t.as('admin').get('/api/v1/audit?limit=500').expect(200)).body;
  return all.filter((e) => e.id > max).reverse();
}

it('organisation and user creation', async () => {
  const org = await entriesOf(() => t.as('admin').post('/api/v1/orgs').send({ id: 'town-c', parentId: 'county', nameZh: '丙镇', nameEn: 'Town C', level: 'township' }).expect(201));
  expect(org).toEqual([expect.objectContaining({ user: 'admin', action: 'org.create', entity: 'org', entityId: 'town-c', orgId: 'town-c', before: null })]);
  expect(org[0].after).toMatchObject({ id: 'town-c', parentId: 'county', path: '/prov/city/county/town-c/' });
  expect(new Date(org[0].at).getTime()).toBeGreaterThan(Date.now() - 60_000);

  const user = await entriesOf(() => t.as('admin').post('/api/v1/users').send({ username: 'c.viewer', password: 'long-enough-1', roles: ['viewer'], orgId: 'town-c' }).expect(201));
  expect(user).toEqual([expect.objectContaining({ action: 'user.create', entity: 'user', orgId: 'town-c' })]);
  expect(user[0].after).toMatchObject({ username: 'c.viewer', roles: ['viewer'], orgId: 'town-c' });
  expect(JSON.stringify(user[0].after)).not.toMatch(/long-enough|argon2/);
});

it('pack creation, draft edits with before → after, deletion and publication', async () => {
  const created = await entriesOf(() => t.as('author').post('/api/v1/packs').send({ document: doc }).expect(201));
  expect(created.map((e) => e.action)).toEqual(['pack.create']);

  const edited = { ...doc, title: { 'zh-CN': '改后', en: 'After' } };
  const update = await entriesOf(() => t.as('author').put('/api/v1/packs/au/versions/1.0.0').set('If-Match', '"1"').send(edited).expect(200));
  expect(update).toHaveLength(1);
  expect(update[0]).toMatchObject({ user: 'author', action: 'pack_version.update', entityId: 'au@1.0.0', before: { revision: 1 }, after: { revision: 2 } });
  expect((update[0].before!.document as { title: unknown }).title).toEqual(doc.title);
  expect((update[0].after!.document as { title: unknown }).title).toEqual(edited.title);

  expect(await entriesOf(() => t.as('author').put('/api/v1/packs/au/versions/1.0.0').set('If-Match', '"1"').send(doc).expect(409))).toEqual([]);

  const version = await entriesOf(() => t.as('author').post('/api/v1/packs/au/versions').send({ version: '1.0.1' }).expect(201));
  expect(version.map((e) => [e.action, e.entityId])).toEqual([['pack_version.create', 'au@1.0.1']]);
  const del = await entriesOf(() => t.as('author').delete('/api/v1/packs/au/versions/1.0.1').expect(204));
  expect(del.map((e) => [e.action, e.entityId, e.after])).toEqual([['pack_version.delete', 'au@1.0.1', null]]);
  expect(del[0].before).toMatchObject({ revision: 1 });

  const pub = await entriesOf(() => t.as('publisher').post('/api/v1/packs/au/versions/1.0.0/publish').expect(200));
  expect(pub).toEqual([expect.objectContaining({ user: 'publisher', action: 'pack_version.publish', before: { status: 'draft', revision: 2 } })]);
  expect(pub[0].after).toMatchObject({ status: 'published', tests: { failed: 0 } });
  expect(await entriesOf(() => t.as('publisher').post('/api/v1/packs/au/versions/1.0.0/publish').expect(409))).toEqual([]);
});

it('deployments and evaluations', async () => {
  const dep = await entriesOf(() => t.as('deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'au', version: '1.0.0', effectiveFrom: '2030-01-01' }).expect(201));
  expect(dep).toEqual([expect.objectContaining({ action: 'deployment.create', orgId: 'town-a', before: null })]);
  const withdrawn = await entriesOf(() => t.as('deployer').delete(`/api/v1/deployments/${dep[0].entityId}`).expect(204));
  expect(withdrawn).toEqual([expect.objectContaining({ action: 'deployment.delete', entityId: dep[0].entityId, after: null })]);
  expect(withdrawn[0].before).toMatchObject({ version: '1.0.0', effectiveFrom: '2030-01-01' });

  await t.as('deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'au', version: '1.0.0', effectiveFrom: '2000-01-01' }).expect(201);
  const ev = await entriesOf(() =>
    t.as('a.deployer').post('/api/v1/orgs/town-a/packs/au/evaluate').send({ periods: ['2023', '2024'].map((y) => envelope(y, [branch('b1', FOUR_STAR)]).periods[0]) }).expect(201),
  );
  expect(ev.map((e) => [e.user, e.action, e.after?.period])).toEqual([
    ['a.deployer', 'evaluation.create', '2023'],
    ['a.deployer', 'evaluation.create', '2024'],
  ]);
  const bad = branch('b1', FOUR_STAR);
  bad.satisfaction = 2;
  expect(await entriesOf(() => t.as('a.deployer').post('/api/v1/orgs/town-a/packs/au/evaluate').send(envelope('2025', [bad])).expect(422))).toEqual([]);
});

it('reading, validating, testing and trying change nothing and leave no entry', async () => {
  const none = await entriesOf(async () => {
    await t.as('viewer').get('/api/v1/packs/au').expect(200);
    await t.as('viewer').post('/api/v1/packs/au/versions/1.0.0/validate').expect(200);
    await t.as('analyst').post('/api/v1/packs/au/versions/1.0.0/evaluate').send(envelope('2024', [branch('b1', FOUR_STAR)])).expect(200);
  });
  expect(none).toEqual([]);
});

it('filters by entity and action, pages with before', async () => {
  const res = await t.as('viewer').get('/api/v1/audit?entity=pack_version&action=pack_version.publish').expect(200);
  expect(res.body.map((e: Entry) => e.entityId)).toEqual(['au@1.0.0']);
  const page = await t.as('viewer').get('/api/v1/audit?limit=2').expect(200);
  const next = await t.as('viewer').get(`/api/v1/audit?limit=2&before=${page.body[1].id}`).expect(200);
  expect(next.body[0].id).toBeLessThan(page.body[1].id);
});
