import { branch, envelope, FOUR_STAR } from '../support/fixtures';
import { createTestApp, packCopy, type TestApp } from '../support/harness';

/** Town B must not see or touch town A's packs, deployments, evaluations, users or audit entries. */
let t: TestApp;
let depId: string;
let evalId: string;
let datasetId: string;
let jobId: string;
const A = packCopy('rehab-branch-stars', 'a-pack');
const P = packCopy('rehab-branch-stars', 'p-pack');

const worker = process.env.KP_SIM_WORKER;
beforeAll(async () => {
  // No in-process worker: town A's job stays queued, so a refused cancel is told from a job that finished anyway.
  process.env.KP_SIM_WORKER = 'off';
  t = await createTestApp('tenancy');
  await t.as('a.author').post('/api/v1/packs').send({ document: A }).expect(201);
  await t.as('a.publisher').post('/api/v1/packs/a-pack/versions/1.0.0/publish').expect(200);
  await t.as('a.author').post('/api/v1/packs/a-pack/versions').send({ version: '1.1.0' }).expect(201);
  await t.publish(P);
  await t.as('author').post('/api/v1/packs/p-pack/versions').send({ version: '1.1.0' }).expect(201);
  depId = (await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'a-pack', version: '1.0.0', effectiveFrom: '2000-01-01' }).expect(201)).body.id;
  evalId = (await t.as('a.deployer').post('/api/v1/orgs/town-a/packs/a-pack/evaluate').send(envelope('2024', [branch('b1', FOUR_STAR)])).expect(201)).body.periods[0].evaluationId;
  datasetId = (await t.as('a.analyst').post('/api/v1/datasets').send({ packId: 'p-pack', version: '1.0.0', name: 'town a', envelope: envelope('2024', [branch('b1', FOUR_STAR)]) }).expect(201)).body.id;
  jobId = (await t.as('a.analyst').post('/api/v1/simulations').send({ datasetId, baseline: { packId: 'p-pack', version: '1.0.0' }, variants: [{ name: 'v', parameters: { starBands: [60, 70, 80, 88, 96] } }] }).expect(202)).body.id;
});
afterAll(async () => {
  await t?.close();
  if (worker === undefined) delete process.env.KP_SIM_WORKER;
  else process.env.KP_SIM_WORKER = worker;
});

describe("another locality's packs", () => {
  it('are not listed; the province pack is, with published versions only', async () => {
    const res = await t.as('b.viewer').get('/api/v1/packs').expect(200);
    expect(res.body.map((p: { id: string }) => p.id)).toEqual(['p-pack']);
    expect(res.body[0].versions.map((v: { version: string }) => v.version)).toEqual(['1.0.0']);
  });

  it.each([
    ['b.viewer', 'get', '/api/v1/packs/a-pack'],
    ['b.viewer', 'get', '/api/v1/packs/a-pack/versions/1.0.0'],
    ['b.viewer', 'get', '/api/v1/packs/a-pack/diff?from=1.0.0&to=1.1.0'],
    ['b.viewer', 'post', '/api/v1/packs/a-pack/versions/1.0.0/validate'],
    ['b.viewer', 'post', '/api/v1/packs/a-pack/versions/1.0.0/test'],
    ['b.analyst', 'post', '/api/v1/packs/a-pack/versions/1.0.0/evaluate'],
    ['b.author', 'post', '/api/v1/packs/a-pack/versions'],
    ['b.author', 'delete', '/api/v1/packs/a-pack/versions/1.1.0'],
    ['b.publisher', 'post', '/api/v1/packs/a-pack/versions/1.1.0/publish'],
    ['a.viewer', 'get', '/api/v1/packs/p-pack/versions/1.1.0'],
  ] as const)('%s %s %s → 404', async (user, verb, url) => {
    const body = url.endsWith('/evaluate') ? envelope('2024', [branch('b1', FOUR_STAR)]) : url.endsWith('/versions') ? { version: '9.0.0' } : {};
    const res = await t.as(user)[verb](url).send(body).expect(404);
    expect(res.body.error).toBe('NotFound');
  });

  it('a draft of another locality cannot be edited (404); a province draft can be neither edited nor published below it (403)', async () => {
    await t.as('b.author').put('/api/v1/packs/a-pack/versions/1.1.0').set('If-Match', '"1"').send({ ...A, version: '1.1.0' }).expect(404);
    await t.as('a.author').put('/api/v1/packs/p-pack/versions/1.1.0').set('If-Match', '"1"').send({ ...P, version: '1.1.0' }).expect(403);
    await t.as('a.publisher').post('/api/v1/packs/p-pack/versions/1.1.0/publish').expect(403);
    const v = await t.as('a.author').get('/api/v1/packs/a-pack/versions/1.1.0').expect(200);
    expect(v.body.revision).toBe(1);
  });
});

describe("another locality's deployments", () => {
  it('are neither listed, read nor withdrawn', async () => {
    expect((await t.as('b.viewer').get('/api/v1/deployments').expect(200)).body).toEqual([]);
    await t.as('b.viewer').get('/api/v1/deployments?orgId=town-a').expect(404);
    await t.as('b.viewer').get(`/api/v1/deployments/${depId}`).expect(404);
    await t.as('b.deployer').delete(`/api/v1/deployments/${depId}`).expect(404);
    await t.as('a.viewer').get(`/api/v1/deployments/${depId}`).expect(200);
  });

  it('cannot be made for another locality, nor with its pack', async () => {
    await t.as('b.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'p-pack', version: '1.0.0', effectiveFrom: '2001-01-01' }).expect(404);
    await t.as('b.deployer').post('/api/v1/deployments').send({ orgId: 'town-b', packId: 'a-pack', version: '1.0.0', effectiveFrom: '2001-01-01' }).expect(404);
  });

  it("a locality deploys its province's published pack", async () => {
    await t.as('b.deployer').post('/api/v1/deployments').send({ orgId: 'town-b', packId: 'p-pack', version: '1.0.0', effectiveFrom: '2001-01-01' }).expect(201);
  });
});

describe("another locality's evaluations and results", () => {
  it('are neither listed, read, reproduced nor run', async () => {
    expect((await t.as('b.viewer').get('/api/v1/evaluations').expect(200)).body).toEqual([]);
    await t.as('b.viewer').get(`/api/v1/evaluations/${evalId}`).expect(404);
    await t.as('b.viewer').post(`/api/v1/evaluations/${evalId}/reproduce`).expect(404);
    const before = (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM evaluations'))[0].n;
    await t.as('b.deployer').post('/api/v1/orgs/town-a/packs/a-pack/evaluate').send(envelope('2025', [branch('b1', FOUR_STAR)])).expect(404);
    await t.as('b.deployer').post('/api/v1/orgs/town-b/packs/a-pack/evaluate').send(envelope('2025', [branch('b1', FOUR_STAR)])).expect(404);
    expect((await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM evaluations'))[0].n).toBe(before);
    await t.as('a.viewer').get(`/api/v1/evaluations/${evalId}`).expect(200);
  });

  it('results of another locality are out of scope', async () => {
    await t.as('b.viewer').get('/api/v1/results?packId=a-pack&period=2024&orgId=town-a').expect(404);
    expect((await t.as('b.viewer').get('/api/v1/results?packId=a-pack&period=2024').expect(200)).body.rows).toEqual([]);
    expect((await t.as('b.viewer').get('/api/v1/results/ranking?packId=a-pack&period=2024').expect(200)).body.rows).toEqual([]);
    expect((await t.as('viewer').get('/api/v1/results?packId=a-pack&period=2024').expect(200)).body.rows).toHaveLength(1);
  });
});

describe("another locality's datasets and simulations", () => {
  it('are neither listed, read, exported, traced nor cancelled (404), and the job stays queued', async () => {
    expect((await t.as('b.analyst').get('/api/v1/datasets').expect(200)).body).toEqual([]);
    expect((await t.as('b.analyst').get('/api/v1/simulations').expect(200)).body).toEqual([]);
    for (const [verb, url] of [
      ['get', `/api/v1/datasets/${datasetId}`],
      ['get', `/api/v1/simulations/${jobId}`],
      ['get', `/api/v1/simulations/${jobId}/result`],
      ['get', `/api/v1/simulations/${jobId}/export.xlsx`],
      ['get', `/api/v1/simulations/${jobId}/trace?variant=v&period=2024&subject=b1`],
      ['post', `/api/v1/simulations/${jobId}/cancel`],
    ] as const) {
      const res = await t.as('b.analyst')[verb](url);
      expect([url, res.status, res.body.error]).toEqual([url, 404, 'NotFound']);
    }
    expect((await t.as('a.analyst').get(`/api/v1/simulations/${jobId}`).expect(200)).body.status).toBe('queued');
    expect((await t.as('a.analyst').get('/api/v1/datasets').expect(200)).body.map((d: { id: string }) => d.id)).toEqual([datasetId]);
    // the province sees what is below it
    await t.as('analyst').get(`/api/v1/datasets/${datasetId}`).expect(200);
    await t.as('analyst').get(`/api/v1/simulations/${jobId}`).expect(200);
  });

  it("cannot be simulated on, nor made from another locality's pack", async () => {
    const jobs = (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM simulation_jobs'))[0].n;
    const datasets = (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM datasets'))[0].n;
    await t.as('b.analyst').post('/api/v1/simulations').send({ datasetId, baseline: { packId: 'p-pack', version: '1.0.0' } }).expect(404);
    await t.as('b.analyst').post('/api/v1/simulations/sweep').send({ datasetId, baseline: { packId: 'p-pack', version: '1.0.0' }, sweep: { parameter: 'starBands.3', from: 86, to: 88, step: 1 } }).expect(404);
    await t.as('b.analyst').post('/api/v1/datasets').send({ packId: 'a-pack', version: '1.0.0', name: 'x', envelope: envelope('2024', [branch('b1', FOUR_STAR)]) }).expect(404);
    await t.as('b.analyst').post('/api/v1/datasets/generate').send({ packId: 'a-pack', version: '1.0.0', name: 'x', n: 5 }).expect(404);
    expect((await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM simulation_jobs'))[0].n).toBe(jobs);
    expect((await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM datasets'))[0].n).toBe(datasets);
  });
});

describe('organisations, users and audit', () => {
  it('a locality sees its own subtree only', async () => {
    expect((await t.as('b.viewer').get('/api/v1/orgs').expect(200)).body.map((o: { id: string }) => o.id)).toEqual(['town-b']);
    expect((await t.as('a.viewer').get('/api/v1/orgs').expect(200)).body.map((o: { id: string }) => o.id)).toEqual(['town-a', 'basic-a']);
    await t.as('b.viewer').get('/api/v1/orgs/town-a').expect(404);
    await t.as('b.viewer').get('/api/v1/orgs/prov').expect(404);
  });

  it("an admin of one locality neither lists nor creates another's users or organisations", async () => {
    const users = (await t.as('b.admin').get('/api/v1/users').expect(200)).body.map((u: { username: string }) => u.username);
    expect(users.every((u: string) => u.startsWith('b.'))).toBe(true);
    await t.as('b.admin').post('/api/v1/users').send({ username: 'intruder', password: 'long-enough-1', roles: ['viewer'], orgId: 'town-a' }).expect(404);
    await t.as('b.admin').post('/api/v1/orgs').send({ id: 'b-child', parentId: 'town-a', nameZh: '子', nameEn: 'Child', level: 'basic' }).expect(404);
  });

  it("the audit log of one locality has none of another's entries", async () => {
    const b = (await t.as('b.viewer').get('/api/v1/audit').expect(200)).body;
    expect(b.every((e: { orgId: string }) => e.orgId === 'town-b')).toBe(true);
    const a = (await t.as('a.viewer').get('/api/v1/audit').expect(200)).body;
    expect(a.length).toBeGreaterThan(0);
    expect(a.every((e: { orgId: string }) => e.orgId === 'town-a' || e.orgId === 'basic-a')).toBe(true);
  });
});
