import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, loadPack, REPO_ROOT, type TestApp } from '../support/harness';

/**
 * Local parameters within the province's limits (issue 20): keqiao-community-stars 1.2.0 lets a locality set its pay
 * step per star (payStep, default 0.05) between 0 and 0.1. A deployment carries the locality's value; evaluations use
 * it, record it and reproduce with it; the 公示 names it; a simulation can start from it.
 */
let t: TestApp;
const PACK = 'keqiao-community-stars';
const example = JSON.parse(readFileSync(join(REPO_ROOT, 'rule-packs', PACK, 'example.json'), 'utf8'));
const period2012 = example.periods[0];
const evaluate = (body: unknown, user = 'a.deployer') => t.as(user).post(`/api/v1/orgs/town-a/packs/${PACK}/evaluate`).send(body as object);
const counts = async () =>
  (await t.sql<{ d: number; e: number; a: number }>(`SELECT (SELECT count(*)::int FROM deployments) AS d, (SELECT count(*)::int FROM evaluations) AS e, (SELECT count(*)::int FROM audit_log) AS a`))[0];
const stored = async (id: string) => (await t.sql<{ parameters: unknown }>(`SELECT parameters FROM deployments WHERE id = $1`, [id]))[0].parameters;
const payIndex = (res: { body: { periods: { results: { id: string; outputs: { payIndex: number } }[] }[] } }) =>
  Object.fromEntries(res.body.periods[0].results.map((r) => [r.id, r.outputs.payIndex]));
const OUTSIDE = { 'zh-CN': '每星报酬浮动幅度 应在 0 到 0.1 之间', en: 'Pay step per star must be between 0 and 0.1' };
let deploymentId = '';

beforeAll(async () => {
  t = await createTestApp('local_params');
  await t.publish(loadPack(PACK, '1.2.0'));
});
afterAll(() => t?.close());

describe('a deployment carries the locality’s values of local parameters', () => {
  it('a value outside the range is 422 at /parameters/payStep, in Chinese with the range, and nothing is stored', async () => {
    const before = await counts();
    const res = await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: PACK, version: '1.2.0', effectiveFrom: '2000-01-01', parameters: { payStep: 0.12 } }).expect(422);
    expect(res.body).toEqual({ error: 'ValidationFailed', target: 'parameters', errors: [{ kind: 'BadParameter', path: '/parameters/payStep', message: OUTSIDE }] });
    expect(await counts()).toEqual(before);
  });

  it('inside the range: 201, and GET gives the value with the version’s local parameters (label, default, the province’s range)', async () => {
    const res = await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: PACK, version: '1.2.0', effectiveFrom: '2000-01-01', parameters: { payStep: 0.08 } }).expect(201);
    deploymentId = res.body.id;
    expect(res.body.parameters).toEqual({ payStep: 0.08 });
    const got = (await t.as('a.viewer').get(`/api/v1/deployments/${deploymentId}`).expect(200)).body;
    expect(got).toMatchObject({ orgId: 'town-a', packId: PACK, version: '1.2.0', parameters: { payStep: 0.08 } });
    expect(got.localParameters).toEqual([
      { name: 'payStep', label: { 'zh-CN': '每星报酬浮动幅度', en: 'Pay step per star' }, unit: null, description: expect.objectContaining({ 'zh-CN': expect.stringContaining('0 到 0.1') }), default: 0.05, min: 0, max: 0.1 },
    ]);
    const list = (await t.as('a.viewer').get(`/api/v1/deployments?packId=${PACK}`).expect(200)).body;
    expect(list.map((d: { parameters: unknown; localParameters: { name: string }[] }) => [d.parameters, d.localParameters.map((p) => p.name)])).toEqual([[{ payStep: 0.08 }, ['payStep']]]);
  });

  it('PATCH takes both edges of the range, and each change is audited with before and after', async () => {
    for (const [from, to] of [[0.08, 0], [0, 0.1]]) {
      const res = await t.as('a.deployer').patch(`/api/v1/deployments/${deploymentId}`).send({ parameters: { payStep: to } }).expect(200);
      expect(res.body.parameters).toEqual({ payStep: to });
      const [row] = await t.sql<{ username: string; org_id: string; before: unknown; after: unknown }>(
        `SELECT username, org_id, before, after FROM audit_log WHERE action = 'deployment.parameters' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
        [deploymentId],
      );
      expect(row).toEqual({ username: 'a.deployer', org_id: 'town-a', before: { parameters: { payStep: from } }, after: { parameters: { payStep: to } } });
    }
    expect(await stored(deploymentId)).toEqual({ payStep: 0.1 });
  });

  it('outside either edge, the wrong type, a parameter the province fixes or one that does not exist: 422 by pointer, nothing stored', async () => {
    const before = await counts();
    const refused = async (parameters: unknown) => (await t.as('a.deployer').patch(`/api/v1/deployments/${deploymentId}`).send({ parameters }).expect(422)).body.errors;
    expect(await refused({ payStep: 0.1001 })).toEqual([{ kind: 'BadParameter', path: '/parameters/payStep', message: OUTSIDE }]);
    expect(await refused({ payStep: -0.01 })).toEqual([{ kind: 'BadParameter', path: '/parameters/payStep', message: OUTSIDE }]);
    expect((await refused({ payStep: '0.08' }))[0]).toMatchObject({ path: '/parameters/payStep', message: { 'zh-CN': '每星报酬浮动幅度 应为数字，应在 0 到 0.1 之间' } });
    expect(await refused({ payStep: 0.05, 'targets.atLeast3': 0.7 })).toEqual([
      { kind: 'BadParameter', path: '/parameters/targets.atLeast3', message: { 'zh-CN': '三星级以上比例目标 由省里统一规定，不能在本地调整', en: 'Target share of 3 stars or more is set by the province and cannot be adjusted locally' } },
    ]);
    expect((await refused({ starLine: 80 }))[0]).toMatchObject({ kind: 'UnknownParameter', path: '/parameters/starLine' });
    expect(await counts()).toEqual(before);
    expect(await stored(deploymentId)).toEqual({ payStep: 0.1 });
  });

  it('another locality cannot see or change it (404), a viewer cannot change it (403), a malformed body is a 400', async () => {
    await t.as('b.deployer').patch(`/api/v1/deployments/${deploymentId}`).send({ parameters: { payStep: 0.02 } }).expect(404);
    await t.as('b.viewer').get(`/api/v1/deployments/${deploymentId}`).expect(404);
    await t.as('b.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: PACK, version: '1.2.0', effectiveFrom: '2030-01-01', parameters: { payStep: 0.02 } }).expect(404);
    await t.as('a.viewer').patch(`/api/v1/deployments/${deploymentId}`).send({ parameters: { payStep: 0.02 } }).expect(403);
    expect((await t.as('a.deployer').patch(`/api/v1/deployments/${deploymentId}`).send({ parameters: [0.02] }).expect(400)).body.errors[0].path).toBe('/parameters');
    expect(await stored(deploymentId)).toEqual({ payStep: 0.1 });
  });
});

describe('evaluations use the deployment’s values, record them and reproduce with them', () => {
  const ids: string[] = [];

  it('evaluates with the locality’s 0.1: 5★ pays 1.2, 2★ 0.9; the evaluation records { payStep: 0.1 }', async () => {
    const res = await evaluate({ periods: [period2012] }).expect(201);
    expect(payIndex(res)).toEqual({ sq001: 1.2, sq002: 1, sq003: 1.1, sq004: 0.9 });
    expect(res.body.periods[0].parameters).toEqual({ payStep: 0.1 });
    ids.push(res.body.periods[0].evaluationId);
    expect((await t.as('a.viewer').get(`/api/v1/evaluations/${ids[0]}`).expect(200)).body.parameters).toEqual({ payStep: 0.1 });
  });

  it('after the locality changes its value, re-evaluating the period changes the results; the old run keeps its own', async () => {
    await t.as('a.deployer').patch(`/api/v1/deployments/${deploymentId}`).send({ parameters: { payStep: 0.06 } }).expect(200);
    const res = await evaluate({ periods: [period2012] }).expect(201);
    expect(payIndex(res)).toEqual({ sq001: 1.12, sq002: 1, sq003: 1.06, sq004: 0.94 });
    ids.push(res.body.periods[0].evaluationId);
    expect((await t.as('a.viewer').get(`/api/v1/evaluations/${ids[0]}`).expect(200)).body.parameters).toEqual({ payStep: 0.1 });
    expect((await t.as('a.viewer').get(`/api/v1/evaluations/${ids[1]}`).expect(200)).body.parameters).toEqual({ payStep: 0.06 });
  });

  it('reproduce gives identical results for both runs, each with the values it recorded', async () => {
    for (const id of ids) expect((await t.as('a.viewer').post(`/api/v1/evaluations/${id}/reproduce`).expect(200)).body).toMatchObject({ identical: true, differences: [] });
  });

  it('the request may still set a local parameter, within the same range: stored as used', async () => {
    const res = await evaluate({ periods: [period2012], parameters: { payStep: 0 } }).expect(201);
    expect(payIndex(res)).toEqual({ sq001: 1, sq002: 1, sq003: 1, sq004: 1 });
    expect(res.body.periods[0].parameters).toEqual({ payStep: 0 });
    expect((await t.as('a.viewer').post(`/api/v1/evaluations/${res.body.periods[0].evaluationId}/reproduce`).expect(200)).body.identical).toBe(true);
  });

  it('but not beyond it, nor a parameter the province fixes: 422 by pointer and nothing stored', async () => {
    const before = await counts();
    const over = await evaluate({ periods: [period2012], parameters: { payStep: 0.3 } }).expect(422);
    expect(over.body).toMatchObject({ target: 'parameters', errors: [{ kind: 'BadParameter', path: '/parameters/payStep', message: OUTSIDE }] });
    const fixed = await evaluate({ periods: [period2012], parameters: { 'targets.fiveStar': 0.1 } }).expect(422);
    expect(fixed.body.errors.map((e: { path: string }) => e.path)).toEqual(['/parameters/targets.fiveStar']);
    expect(await counts()).toEqual(before);
  });

  it('the 公示 names the local value beside the province’s range', async () => {
    await t.as('a.deployer').patch(`/api/v1/deployments/${deploymentId}`).send({ parameters: { payStep: 0.06 } }).expect(200);
    await evaluate({ periods: [period2012] }).expect(201);
    const notice = (await t.as('a.viewer').get(`/api/v1/results/notice?packId=${PACK}&period=2012&orgId=town-a`).expect(200)).body;
    expect(notice.localParameters).toEqual([
      { orgId: 'town-a', orgNameZh: '甲镇', orgNameEn: 'Town A', name: 'payStep', 'zh-CN': '本地参数：每星报酬浮动幅度 0.06（省定 0–0.1）', en: "Local parameter: Pay step per star 0.06 (province's range 0–0.1)" },
    ]);
  });
});

describe('a simulation can start from a deployment', () => {
  it('baseline { deploymentId }: the deployment’s version with its values; a variant of the same version changes only what it names', async () => {
    const ds = (await t.as('a.analyst').post('/api/v1/datasets').send({ packId: PACK, version: '1.2.0', name: 'keqiao 2012', envelope: { periods: [period2012] } }).expect(201)).body;
    const created = await t.as('a.analyst').post('/api/v1/simulations').send({ datasetId: ds.id, baseline: { deploymentId }, variants: [{ name: '0.1', parameters: { payStep: 0.1 } }] }).expect(202);
    let job = created.body;
    for (let i = 0; i < 240 && !['completed', 'failed', 'cancelled'].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 250));
      job = (await t.as('a.analyst').get(`/api/v1/simulations/${job.id}`).expect(200)).body;
    }
    expect(job.status).toBe('completed');
    const result = (await t.as('a.analyst').get(`/api/v1/simulations/${job.id}/result`).expect(200)).body;
    expect(result.baseline).toMatchObject({ pack: { id: PACK, version: '1.2.0' }, parameters: { payStep: 0.06 } });
    const changed = Object.fromEntries(result.variants[0].changed.map((c: { id: string; outputs: { payIndex?: unknown } }) => [c.id, c.outputs.payIndex]));
    expect(changed).toEqual({ sq001: [1.12, 1.2], sq003: [1.06, 1.1], sq004: [0.94, 0.9] });
  });

  it('another locality’s deployment is not found; a baseline with neither a version nor a deployment is a 400', async () => {
    const ds = (await t.as('b.analyst').post('/api/v1/datasets').send({ packId: PACK, version: '1.2.0', name: 'b', envelope: { periods: [period2012] } }).expect(201)).body;
    await t.as('b.analyst').post('/api/v1/simulations').send({ datasetId: ds.id, baseline: { deploymentId } }).expect(404);
    expect((await t.as('b.analyst').post('/api/v1/simulations').send({ datasetId: ds.id, baseline: {} }).expect(400)).body.errors[0].path).toBe('/baseline/packId');
  });
});

describe('the demo seed', () => {
  let demo: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'kp-local-'));
  beforeAll(async () => {
    cpSync(join(REPO_ROOT, 'rule-packs', PACK), join(dir, PACK), { recursive: true });
    demo = await createTestApp('local_params_demo', { seed: 'demo', config: { packsDir: dir } });
  }, 240_000);
  afterAll(async () => {
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keqiao runs 1.1.0 from 2011 and 1.2.0 from 2012 with its own pay step 0.06; 2012 is evaluated with it and reproduces', async () => {
    const deps = (await demo.as('keqiao').get(`/api/v1/deployments?packId=${PACK}`).expect(200)).body;
    expect(deps.map((d: { version: string; effectiveFrom: string; parameters: unknown }) => [d.version, d.effectiveFrom, d.parameters])).toEqual([
      ['1.0.0', '2000-01-01', {}],
      ['1.1.0', '2011-01-01', {}],
      ['1.2.0', '2012-01-01', { payStep: 0.06 }],
    ]);
    const evals = await demo.sql<{ period: string; version: string; parameters: unknown }>(`SELECT period, version, parameters FROM evaluations WHERE pack_id = $1 ORDER BY period`, [PACK]);
    expect(evals).toEqual([
      { period: '2010', version: '1.0.0', parameters: null },
      { period: '2011', version: '1.1.0', parameters: null },
      { period: '2012', version: '1.2.0', parameters: { payStep: 0.06 } },
    ]);
    const [row] = await demo.sql<{ id: string }>(`SELECT id FROM evaluations WHERE pack_id = $1 AND period = '2012'`, [PACK]);
    expect((await demo.as('keqiao').post(`/api/v1/evaluations/${row.id}/reproduce`).expect(200)).body.identical).toBe(true);
    const notice = (await demo.as('keqiao').get(`/api/v1/results/notice?packId=${PACK}&period=2012`).expect(200)).body;
    expect(notice.localParameters.map((n: { 'zh-CN': string }) => n['zh-CN'])).toEqual(['本地参数：每星报酬浮动幅度 0.06（省定 0–0.1）']);
  });
});
