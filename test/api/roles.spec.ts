import { ROLES, type Role } from '../../server/src/auth/roles';
import { branch, envelope, FOUR_STAR } from '../support/fixtures';
import { createTestApp, loadPack, packCopy, type TestApp } from '../support/harness';

/**
 * Role × endpoint matrix. Each row names the roles allowed and the status an allowed call gets (bodies are chosen so
 * that repeated allowed calls answer the same); every other role gets 403 before anything is read or written.
 */
let t: TestApp;
let depId: string;
let evalId: string;
let datasetId: string;
let jobId: string;
const doc = packCopy('rehab-branch-stars', 'mx');
const env = envelope('2024', [branch('b1', FOUR_STAR)]);

const worker = process.env.KP_SIM_WORKER;
beforeAll(async () => {
  // No in-process worker: the job below stays as this suite leaves it (cancelled), whatever the matrix calls.
  process.env.KP_SIM_WORKER = 'off';
  t = await createTestApp('roles');
  await t.publish(doc);
  await t.as('author').post('/api/v1/packs/mx/versions').send({ version: '1.1.0' }).expect(201);
  depId = (await t.as('deployer').post('/api/v1/deployments').send({ orgId: 'prov', packId: 'mx', version: '1.0.0', effectiveFrom: '2000-01-01' }).expect(201)).body.id;
  evalId = (await t.as('deployer').post('/api/v1/orgs/prov/packs/mx/evaluate').send(env).expect(201)).body.periods[0].evaluationId;
  datasetId = (await t.as('analyst').post('/api/v1/datasets').send({ packId: 'mx', version: '1.0.0', name: 'roles', envelope: env }).expect(201)).body.id;
  jobId = (await t.as('analyst').post('/api/v1/simulations').send({ datasetId, baseline: { packId: 'mx', version: '1.0.0' }, variants: [{ name: 'v', parameters: { starBands: [60, 70, 80, 88, 96] } }] }).expect(202)).body.id;
  await t.as('analyst').post(`/api/v1/simulations/${jobId}/cancel`).expect(200);
});
afterAll(async () => {
  await t?.close();
  if (worker === undefined) delete process.env.KP_SIM_WORKER;
  else process.env.KP_SIM_WORKER = worker;
});

const ALL = ROLES;
type Row = [method: 'get' | 'post' | 'put' | 'patch' | 'delete', url: () => string, allowed: readonly Role[], okStatus: number, body?: () => unknown, headers?: Record<string, string>];

const MATRIX: Row[] = [
  ['get', () => '/api/v1/auth/me', ALL, 200],
  ['get', () => '/api/v1/orgs', ALL, 200],
  ['get', () => '/api/v1/orgs/city', ALL, 200],
  ['post', () => '/api/v1/orgs', ['admin'], 400, () => ({})],
  ['get', () => '/api/v1/users', ['admin'], 200],
  ['post', () => '/api/v1/users', ['admin'], 400, () => ({})],
  ['patch', () => '/api/v1/users/00000000-0000-4000-8000-000000000000', ['admin'], 404, () => ({ displayName: 'x' })],
  ['get', () => '/api/v1/audit', ['admin', 'viewer'], 200],
  ['get', () => '/api/v1/packs', ALL, 200],
  ['post', () => '/api/v1/packs', ['author'], 400, () => ({})],
  ['post', () => '/api/v1/packs/validate', ALL, 200, () => ({ document: doc })],
  ['post', () => '/api/v1/packs/test', ALL, 200, () => ({ document: loadPack('prison-dedication-points') })],
  ['post', () => '/api/v1/packs/try', ['analyst', 'author', 'publisher', 'deployer'], 200, () => ({ document: doc, envelope: env })],
  ['get', () => '/api/v1/packs/mx', ALL, 200],
  ['get', () => '/api/v1/packs/mx/diff?from=1.0.0&to=1.1.0', ALL, 200],
  ['post', () => '/api/v1/packs/mx/versions', ['author'], 400, () => ({ version: 'not-semver' })],
  ['get', () => '/api/v1/packs/mx/versions/1.0.0', ALL, 200],
  ['put', () => '/api/v1/packs/mx/versions/1.1.0', ['author'], 428, () => ({ ...doc, version: '1.1.0' })],
  ['delete', () => '/api/v1/packs/mx/versions/9.9.9', ['author'], 404],
  ['post', () => '/api/v1/packs/mx/versions/1.0.0/publish', ['publisher'], 409],
  ['get', () => '/api/v1/packs/mx/versions/1.1.0/changes', ALL, 200],
  ['patch', () => '/api/v1/packs/mx/versions/1.0.0', ['author', 'publisher'], 409, () => ({ version: '1.0.5' })],
  ['post', () => '/api/v1/packs/mx/versions/1.0.0/validate', ALL, 200],
  ['post', () => '/api/v1/packs/mx/versions/1.0.0/test', ALL, 200],
  ['post', () => '/api/v1/packs/mx/versions/1.0.0/evaluate', ['analyst', 'author', 'publisher', 'deployer'], 200, () => env],
  ['get', () => '/api/v1/deployments', ALL, 200],
  ['get', () => `/api/v1/deployments/${depId}`, ALL, 200],
  ['post', () => '/api/v1/deployments', ['deployer'], 400, () => ({})],
  ['delete', () => `/api/v1/deployments/${depId}`, ['deployer'], 409],
  ['post', () => '/api/v1/orgs/prov/packs/mx/evaluate', ['deployer'], 422, () => ({ periods: [] })],
  ['get', () => '/api/v1/evaluations', ALL, 200],
  ['get', () => `/api/v1/evaluations/${evalId}`, ALL, 200],
  ['post', () => `/api/v1/evaluations/${evalId}/reproduce`, ALL, 200],
  ['get', () => '/api/v1/results/periods?packId=mx', ALL, 200],
  ['get', () => '/api/v1/results?packId=mx&period=2024', ALL, 200],
  ['get', () => '/api/v1/results/ranking?packId=mx&period=2024', ALL, 200],
  ['get', () => '/api/v1/results/notice?packId=mx&period=2024', ALL, 200],
  ['get', () => '/api/v1/datasets', ['analyst'], 200],
  ['get', () => `/api/v1/datasets/${datasetId}`, ['analyst'], 200],
  ['post', () => '/api/v1/datasets', ['analyst'], 400, () => ({})],
  ['post', () => '/api/v1/datasets/generate', ['analyst'], 400, () => ({})],
  ['post', () => '/api/v1/datasets/upload?packId=mx&version=1.0.0&name=x&format=csv&mapping=%7B%7D', ['analyst'], 400],
  ['get', () => '/api/v1/simulations', ['analyst'], 200],
  ['post', () => '/api/v1/simulations', ['analyst'], 400, () => ({})],
  ['post', () => '/api/v1/simulations/sweep', ['analyst'], 400, () => ({ datasetId, baseline: { packId: 'mx', version: '1.0.0' } })],
  ['get', () => `/api/v1/simulations/${jobId}`, ['analyst'], 200],
  ['get', () => `/api/v1/simulations/${jobId}/result`, ['analyst'], 409],
  ['get', () => `/api/v1/simulations/${jobId}/export.xlsx`, ['analyst'], 409],
  ['get', () => `/api/v1/simulations/${jobId}/trace?variant=v&period=2024&subject=b1`, ['analyst'], 200],
  ['post', () => `/api/v1/simulations/${jobId}/cancel`, ['analyst'], 409],
];

const cases = MATRIX.flatMap(([method, url, allowed, ok, body, headers]) =>
  ROLES.map((role) => ({ name: `${role} ${method.toUpperCase()} ${url().replace(/[0-9a-f-]{36}/, ':id')}`, role, method, url, expected: allowed.includes(role) ? ok : 403, body, headers })),
);

it.each(cases)('$name → $expected', async ({ role, method, url, expected, body }) => {
  const req = t.as(role)[method](url());
  const res = await (body ? req.send(body() as object) : req);
  expect(res.status).toBe(expected);
  if (expected === 403) expect(res.body.error).toBe('Forbidden');
});

it('without a token every endpoint of the matrix is 401', async () => {
  for (const [method, url] of MATRIX) {
    const res = await t.http[method](url());
    expect([url(), res.status]).toEqual([url(), 401]);
  }
});

it('the matrix left the published version and the evaluation as they were', async () => {
  const v = await t.as('viewer').get('/api/v1/packs/mx/versions/1.0.0').expect(200);
  expect(v.body).toMatchObject({ status: 'published', revision: 2 });
  const e = await t.as('viewer').post(`/api/v1/evaluations/${evalId}/reproduce`).expect(200);
  expect(e.body.identical).toBe(true);
  const job = await t.as('analyst').get(`/api/v1/simulations/${jobId}`).expect(200);
  expect(job.body.status).toBe('cancelled');
  expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM simulation_jobs`))[0].n).toBe(1);
  expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM datasets`))[0].n).toBe(1);
});
