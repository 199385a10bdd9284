import { branch, envelope, FOUR_STAR } from '../support/fixtures';
import { createTestApp, loadPack, packCopy, type TestApp } from '../support/harness';
import { withExpectedErrors } from '../support/logs';

/** Every change leaves one audit entry: who, what, when, before → after; refused changes leave none. */
let t: TestApp;
const doc = packCopy('rehab-branch-stars', 'au');

const worker = process.env.KP_SIM_WORKER;
beforeAll(async () => {
  // No in-process worker: simulation jobs stay queued, so the cancel scenario always has a queued job to cancel.
  process.env.KP_SIM_WORKER = 'off';
  t = await createTestApp('audit');
});
afterAll(async () => {
  await t?.close();
  if (worker === undefined) delete process.env.KP_SIM_WORKER;
  else process.env.KP_SIM_WORKER = worker;
});

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

describe('datasets and simulations', () => {
  const UPLOAD_MAPPING = { period: 'period', id: 'id', fields: { field: 'field', selfScore: 'selfScore', massScore: 'massScore', superiorScore: 'superiorScore' } };
  const UPLOAD_CSV = 'period,id,field,selfScore,massScore,superiorScore\n2024,s1,social,80,90,70\n2024,s2,social,70,60,90\n';
  let datasetId: string;

  beforeAll(async () => {
    await t.publish(packCopy('central-upgrade-classification', 'au-up'));
    await t.publish(loadPack('rehab-branch-stars'));
  });

  it('a dataset from an envelope, generated and uploaded: one dataset.create each, in the analyst’s organisation', async () => {
    const env = { periods: ['2023', '2024'].map((y) => envelope(y, [branch('b1', FOUR_STAR), branch('b2', FOUR_STAR)]).periods[0]) };
    let res: { body: { id: string } } | undefined;
    const json = await entriesOf(async () => (res = await t.as('a.analyst').post('/api/v1/datasets').send({ packId: 'au', version: '1.0.0', name: 'two years', envelope: env }).expect(201)));
    datasetId = res!.body.id;
    expect(json).toEqual([expect.objectContaining({ user: 'a.analyst', action: 'dataset.create', entity: 'dataset', entityId: datasetId, orgId: 'town-a', before: null })]);
    expect(json[0].after).toEqual({ id: datasetId, packId: 'au', version: '1.0.0', name: 'two years', source: 'json', subjects: 4 });

    const gen = await entriesOf(() => t.as('a.analyst').post('/api/v1/datasets/generate').send({ packId: 'rehab-branch-stars', version: '1.0.0', name: 'synthetic', n: 10, seed: 7 }).expect(201));
    expect(gen).toEqual([expect.objectContaining({ user: 'a.analyst', action: 'dataset.create', entity: 'dataset', orgId: 'town-a', before: null })]);
    expect(gen[0].after).toEqual({ id: gen[0].entityId, packId: 'rehab-branch-stars', version: '1.0.0', name: 'synthetic', source: 'synthetic', recipe: { n: 10, seed: 7 } });

    const url = `/api/v1/datasets/upload?packId=au-up&version=1.0.0&name=sheet&format=csv&mapping=${encodeURIComponent(JSON.stringify(UPLOAD_MAPPING))}`;
    const up = await entriesOf(() => t.as('a.analyst').post(url).set('Content-Type', 'application/octet-stream').send(Buffer.from(UPLOAD_CSV)).expect(201));
    expect(up).toEqual([expect.objectContaining({ user: 'a.analyst', action: 'dataset.create', entity: 'dataset', orgId: 'town-a', before: null })]);
    expect(up[0].after).toEqual({ id: up[0].entityId, packId: 'au-up', version: '1.0.0', name: 'sheet', source: 'csv', subjects: 2 });
  });

  it('a refused dataset (bad cell, bad envelope) leaves no entry', async () => {
    const url = `/api/v1/datasets/upload?packId=au-up&version=1.0.0&name=bad&format=csv&mapping=${encodeURIComponent(JSON.stringify(UPLOAD_MAPPING))}`;
    const bad = UPLOAD_CSV.replace('80,90,70', 'lots,90,70');
    expect(await entriesOf(() => t.as('a.analyst').post(url).set('Content-Type', 'application/octet-stream').send(Buffer.from(bad)).expect(422))).toEqual([]);
    const b = branch('b1', FOUR_STAR);
    b.satisfaction = 2;
    expect(await entriesOf(() => t.as('a.analyst').post('/api/v1/datasets').send({ packId: 'au', version: '1.0.0', name: 'bad', envelope: envelope('2024', [b]) }).expect(422))).toEqual([]);
  });

  it('a simulation and a sweep: one simulation.create each, naming the dataset, the baseline and what varies', async () => {
    const variants = [{ name: 'band88', parameters: { starBands: [60, 70, 80, 88, 96] } }];
    let res: { body: { id: string; status: string } } | undefined;
    const sim = await entriesOf(async () => (res = await t.as('a.analyst').post('/api/v1/simulations').send({ datasetId, baseline: { packId: 'au', version: '1.0.0' }, variants }).expect(202)));
    expect(res!.body.status).toBe('queued');
    expect(sim).toEqual([expect.objectContaining({ user: 'a.analyst', action: 'simulation.create', entity: 'simulation', entityId: res!.body.id, orgId: 'town-a', before: null })]);
    expect(sim[0].after).toEqual({ id: res!.body.id, kind: 'simulate', datasetId, baseline: 'au@1.0.0', variants: [{ name: 'band88', pack: null, parameters: { starBands: [60, 70, 80, 88, 96] } }], sweep: null });

    const sweep = { parameter: 'starBands.3', from: 86, to: 88, step: 1 };
    const sw = await entriesOf(() => t.as('a.analyst').post('/api/v1/simulations/sweep').send({ datasetId, baseline: { packId: 'au', version: '1.0.0' }, sweep }).expect(202));
    expect(sw).toEqual([expect.objectContaining({ user: 'a.analyst', action: 'simulation.create', entity: 'simulation', orgId: 'town-a', before: null })]);
    expect(sw[0].after).toEqual({ id: sw[0].entityId, kind: 'sweep', datasetId, baseline: 'au@1.0.0', variants: [], sweep });

    const refused = await entriesOf(async () => {
      await t.as('a.analyst').post('/api/v1/simulations').send({ datasetId, baseline: { packId: 'au', version: '1.0.0' }, variants: [{ parameters: { starBands: [60, 70, 80, 98, 96] } }] }).expect(422);
      await t.as('b.analyst').post('/api/v1/simulations').send({ datasetId, baseline: { packId: 'au', version: '1.0.0' }, variants }).expect(404);
    });
    expect(refused).toEqual([]);
  });

  it('cancelling a queued job: simulation.cancel with before {status: queued} → after {status: cancelled}; cancelling again leaves none', async () => {
    const job = (await t.as('a.analyst').post('/api/v1/simulations').send({ datasetId, baseline: { packId: 'au', version: '1.0.0' }, variants: [{ name: 'v', parameters: { starBands: [60, 70, 80, 88, 96] } }] }).expect(202)).body;
    expect(job.status).toBe('queued');
    let res: { body: { status: string } } | undefined;
    const cancel = await entriesOf(async () => (res = await t.as('analyst').post(`/api/v1/simulations/${job.id}/cancel`).expect(200)));
    expect(res!.body.status).toBe('cancelled');
    // the entry belongs to the job's organisation (town-a), whoever above it cancelled
    expect(cancel).toEqual([
      expect.objectContaining({ user: 'analyst', action: 'simulation.cancel', entity: 'simulation', entityId: job.id, orgId: 'town-a', before: { id: job.id, status: 'queued' }, after: { id: job.id, status: 'cancelled' } }),
    ]);
    const again = await entriesOf(async () => {
      const r = await t.as('a.analyst').post(`/api/v1/simulations/${job.id}/cancel`).expect(409);
      expect(r.body.status).toBe('cancelled');
      await t.as('b.analyst').post(`/api/v1/simulations/${job.id}/cancel`).expect(404);
    });
    expect(again).toEqual([]);
    expect((await t.as('a.viewer').get(`/api/v1/audit?entity=simulation&entityId=${job.id}`).expect(200)).body.map((e: Entry) => e.action)).toEqual(['simulation.cancel', 'simulation.create']);
  });

  it('a dataset or simulation is audited in the same transaction: a change whose audit insert fails is not stored', async () => {
    const count = async (table: string) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    const before = { datasets: await count('datasets'), jobs: await count('simulation_jobs') };
    await t.sql(`ALTER TABLE audit_log ADD CONSTRAINT au_refuse CHECK (entity NOT IN ('dataset', 'simulation')) NOT VALID`);
    try {
      // each refusal is logged for the operator (kept out of the test output: the fault is deliberate)
      const { logged } = await withExpectedErrors(/au_refuse/, async () => {
        await t.as('a.analyst').post('/api/v1/datasets').send({ packId: 'au', version: '1.0.0', name: 'unaudited', envelope: envelope('2024', [branch('b1', FOUR_STAR)]) }).expect(500);
        await t.as('a.analyst').post('/api/v1/simulations').send({ datasetId, baseline: { packId: 'au', version: '1.0.0' } }).expect(500);
      });
      expect(logged).toHaveLength(2);
    } finally {
      await t.sql(`ALTER TABLE audit_log DROP CONSTRAINT au_refuse`);
    }
    expect({ datasets: await count('datasets'), jobs: await count('simulation_jobs') }).toEqual(before);
  });
});
