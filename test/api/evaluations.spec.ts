import { branch, envelope, FOUR_STAR, TWO_STAR } from '../support/fixtures';
import { createTestApp, packCopy, type TestApp } from '../support/harness';

let t: TestApp;
const pack = packCopy('rehab-branch-stars', 'ev-stars');
// An official evaluation may override local parameters only, within their range (local-params.spec.ts covers the limits).
pack.parameters.starBands.local = { min: 55, max: 97 };
const evaluate = (body: unknown, org = 'town-a', user = 'a.deployer') => t.as(user).post(`/api/v1/orgs/${org}/packs/ev-stars/evaluate`).send(body as object);
const counts = async () => (await t.sql<{ e: number; a: number }>(`SELECT (SELECT count(*)::int FROM evaluations) AS e, (SELECT count(*)::int FROM audit_log) AS a`))[0];

beforeAll(async () => {
  t = await createTestApp('evaluations');
  await t.publish(pack);
  await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'ev-stars', version: '1.0.0', effectiveFrom: '2000-01-01' }).expect(201);
});
afterAll(() => t?.close());

describe('invalid input stores nothing', () => {
  it('a category score of 21 is a 422 at /periods/0/subjects/0/self/teamBuilding', async () => {
    const before = await counts();
    const bad = branch('b1', FOUR_STAR);
    bad.self.teamBuilding = 21;
    const res = await evaluate(envelope('2021', [bad])).expect(422);
    expect(res.body.errors).toEqual([
      { kind: 'InvalidInput', path: '/periods/0/subjects/0/self/teamBuilding', message: { 'zh-CN': expect.any(String), en: expect.any(String) } },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('every error of every period, pointed at its period; a valid first period is not stored either', async () => {
    const before = await counts();
    const bad = branch('b2', FOUR_STAR);
    bad.peers = [];
    (bad.committee as Record<string, number>).innovation = -1;
    const res = await evaluate({ periods: [envelope('2020', [branch('b1', FOUR_STAR)]).periods[0], envelope('2021', [bad]).periods[0]] }).expect(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/periods/1/subjects/0/committee/innovation', '/periods/1/subjects/0/peers']);
    expect(await counts()).toEqual(before);
  });

  it('a malformed envelope, a bad period string, periods out of order: 422 with pointers', async () => {
    expect((await evaluate({ subjects: [] }).expect(422)).body.errors.map((e: { path: string }) => e.path)).toEqual(['/periods']);
    expect((await evaluate(envelope('2024-Q9', [])).expect(422)).body.errors.map((e: { path: string }) => e.path)).toEqual(['/periods/0/period']);
    const res = await evaluate({ periods: [{ period: '2024', subjects: [] }, { period: '2023', subjects: [] }] }).expect(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['/periods/1/period']);
  });

  it('a period before any deployment is a 422 naming the period', async () => {
    await t.as('b.deployer').post('/api/v1/deployments').send({ orgId: 'town-b', packId: 'ev-stars', version: '1.0.0', effectiveFrom: '2024-01-01' }).expect(201);
    const res = await evaluate(envelope('2023', [branch('b1', FOUR_STAR)]), 'town-b', 'b.deployer').expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ kind: 'PackNotFound', path: '/periods/0/period' })]);
  });

  it('a bad parameter override is a 422 and stores nothing', async () => {
    const before = await counts();
    const res = await evaluate(envelope('2021', [branch('b1', FOUR_STAR)], { starBands: [90, 80, 70, 60, 50] })).expect(422);
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(res.body.errors[0].path).toMatch(/^\/parameters\/starBands/);
    expect(await counts()).toEqual(before);
  });
});

describe('history from stored results', () => {
  const ids: Record<string, string> = {};

  it('three separate requests: the third year reads the two stored years (sustained 4★ adds 0.1)', async () => {
    for (const year of ['2022', '2023', '2024']) {
      const res = await evaluate(envelope(year, [branch('b1', FOUR_STAR), branch('b2', TWO_STAR)])).expect(201);
      ids[year] = res.body.periods[0].evaluationId;
      const [b1, b2] = res.body.periods[0].results;
      expect(b1.outputs.fourStarYears).toBe(Number(year) - 2021);
      expect(b2.outputs).toMatchObject({ score: 75, stars: 2, secretaryBonusIndex: 1.1 });
    }
    const third = await t.as('a.viewer').get(`/api/v1/evaluations/${ids['2024']}`).expect(200);
    expect(third.body.results[0].outputs).toMatchObject({ score: 91.5, stars: 4, secretaryBonusIndex: 1.4, fourStarYears: 3 });
    expect(third.body.prior).toEqual([
      { period: '2022', evaluationId: ids['2022'] },
      { period: '2023', evaluationId: ids['2023'] },
    ]);
  });

  it('stores the snapshot: input, pack version and content hash, who and when, and the trace', async () => {
    const res = await t.as('a.viewer').get(`/api/v1/evaluations/${ids['2023']}?trace=true`).expect(200);
    expect(res.body).toMatchObject({ orgId: 'town-a', packId: 'ev-stars', version: '1.0.0', period: '2023', periodStart: '2023-01-01', createdBy: 'a.deployer', parameters: null });
    expect(res.body.input).toEqual(envelope('2023', [branch('b1', FOUR_STAR), branch('b2', TWO_STAR)]).periods[0]);
    const hash = (await t.as('a.viewer').get('/api/v1/packs/ev-stars/versions/1.0.0')).body.contentHash;
    expect(res.body.contentHash).toBe(hash);
    expect(res.body.results[0].trace.map((x: { rule: string }) => x.rule)).toContain('score');
    expect(new Date(res.body.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a later version in force from 2025 evaluates 2025, and re-evaluating 2023 reproduces the old results exactly', async () => {
    const v2 = { ...pack, version: '1.1.0', description: { 'zh-CN': '第二版', en: 'Second version' } };
    await t.as('author').post('/api/v1/packs/ev-stars/versions').send({ version: '1.1.0', document: v2 }).expect(201);
    await t.as('publisher').post('/api/v1/packs/ev-stars/versions/1.1.0/publish').expect(200);
    await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'ev-stars', version: '1.1.0', effectiveFrom: '2025-01-01' }).expect(201);

    const y2025 = await evaluate(envelope('2025', [branch('b1', TWO_STAR), branch('b2', TWO_STAR)])).expect(201);
    expect(y2025.body.periods[0].version).toBe('1.1.0');
    expect(y2025.body.periods[0].results[0].outputs.fourStarYears).toBe(0);

    const old = await t.as('a.viewer').get(`/api/v1/evaluations/${ids['2023']}`).expect(200);
    const again = await evaluate(envelope('2023', [branch('b1', FOUR_STAR), branch('b2', TWO_STAR)])).expect(201);
    expect(again.body.periods[0].version).toBe('1.0.0');
    expect(again.body.periods[0].results).toEqual(old.body.results);
    expect(again.body.periods[0].summary).toEqual(old.body.summary);
  });

  it('each period of one request uses the version in force at its start', async () => {
    const res = await evaluate({ periods: ['2024', '2025'].map((y) => envelope(y, [branch('b1', FOUR_STAR)]).periods[0]) }).expect(201);
    expect(res.body.periods.map((p: { version: string }) => p.version)).toEqual(['1.0.0', '1.1.0']);
    // 2024 reads the stored 2022 and 2023; 2025 reads this request's 2024
    expect(res.body.periods.map((p: { results: { outputs: { fourStarYears: number } }[] }) => p.results[0].outputs.fourStarYears)).toEqual([3, 4]);
  });

  it('reproduces every stored evaluation from its snapshot, identical', async () => {
    const list = await t.as('a.viewer').get('/api/v1/evaluations?orgId=town-a&packId=ev-stars').expect(200);
    expect(list.body.length).toBe(7);
    for (const e of list.body) {
      const res = await t.as('a.viewer').post(`/api/v1/evaluations/${e.id}/reproduce`).expect(200);
      expect(res.body).toMatchObject({ evaluationId: e.id, identical: true, differences: [] });
    }
    const current = list.body.filter((e: { period: string; current: boolean }) => e.period === '2023');
    expect(current.map((e: { current: boolean }) => e.current).sort()).toEqual([false, true]);
  });

  it('stores parameter overrides with the evaluation and reproduces them', async () => {
    const res = await evaluate(envelope('2026', [branch('b1', FOUR_STAR)], { starBands: [60, 70, 80, 92, 96] })).expect(201);
    expect(res.body.periods[0].results[0].outputs.stars).toBe(3);
    const id = res.body.periods[0].evaluationId;
    expect((await t.as('a.viewer').get(`/api/v1/evaluations/${id}`)).body.parameters).toEqual({ starBands: [60, 70, 80, 92, 96] });
    expect((await t.as('a.viewer').post(`/api/v1/evaluations/${id}/reproduce`).expect(200)).body.identical).toBe(true);
  });

  it('a reproduction that differs is reported by pointer (a result altered behind the trigger)', async () => {
    const list = await t.as('a.viewer').get('/api/v1/evaluations?orgId=town-a&packId=ev-stars&period=2022').expect(200);
    const id = list.body[0].id;
    await t.sql(`ALTER TABLE evaluations DISABLE TRIGGER evaluations_append_only`);
    await t.sql(`UPDATE evaluations SET results = jsonb_set(results, '{0,outputs,score}', '90') WHERE id = $1`, [id]);
    await t.sql(`ALTER TABLE evaluations ENABLE TRIGGER evaluations_append_only`);
    const res = await t.as('a.viewer').post(`/api/v1/evaluations/${id}/reproduce`).expect(200);
    expect(res.body.identical).toBe(false);
    expect(res.body.differences).toEqual([{ path: '/results/0/outputs/score', stored: 90, reproduced: 91.5 }]);
  });
});

describe('deployments', () => {
  it('cannot reach back over evaluated periods (409) nor be withdrawn once used (409)', async () => {
    const back = await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'ev-stars', version: '1.1.0', effectiveFrom: '2024-06-01' }).expect(409);
    expect(back.body.error).toBe('Backdated');
    const list = await t.as('a.deployer').get('/api/v1/deployments?orgId=town-a').expect(200);
    expect(list.body.map((d: { version: string; effectiveFrom: string }) => [d.version, d.effectiveFrom])).toEqual([
      ['1.0.0', '2000-01-01'],
      ['1.1.0', '2025-01-01'],
    ]);
    expect((await t.as('a.deployer').delete(`/api/v1/deployments/${list.body[1].id}`).expect(409)).body.error).toBe('DeploymentInUse');
  });

  it('a future deployment can be withdrawn (204), a draft version cannot be deployed (400), a bad date is a 400', async () => {
    const d = await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'ev-stars', version: '1.0.0', effectiveFrom: '2030-01-01' }).expect(201);
    await t.as('a.deployer').get(`/api/v1/deployments/${d.body.id}`).expect(200);
    await t.as('a.deployer').delete(`/api/v1/deployments/${d.body.id}`).expect(204);
    await t.as('a.deployer').get(`/api/v1/deployments/${d.body.id}`).expect(404);
    await t.as('author').post('/api/v1/packs/ev-stars/versions').send({ version: '2.0.0' }).expect(201);
    const draft = await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'ev-stars', version: '2.0.0', effectiveFrom: '2031-01-01' }).expect(400);
    expect(draft.body.errors[0].path).toBe('/version');
    const date = await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'ev-stars', version: '1.0.0', effectiveFrom: '2031-02-30' }).expect(400);
    expect(date.body.errors[0].path).toBe('/effectiveFrom');
  });
});

describe('results', () => {
  beforeAll(async () => {
    await evaluate(envelope('2027', [branch('b1', FOUR_STAR), branch('b2', TWO_STAR), branch('b3', TWO_STAR)])).expect(201);
    await evaluate(envelope('2027', [branch('x1', FOUR_STAR)]), 'town-b', 'b.deployer').expect(201);
  });

  it('lists the periods with results', async () => {
    const res = await t.as('viewer').get('/api/v1/results/periods?packId=ev-stars').expect(200);
    expect(res.body[0]).toEqual({ period: '2027', periodStart: '2027-01-01', orgs: 2, evaluations: 2 });
  });

  it('tables every subject of the scope with output labels', async () => {
    const res = await t.as('viewer').get('/api/v1/results?packId=ev-stars&period=2027').expect(200);
    expect(res.body.rows.map((r: { orgId: string; subjectId: string }) => `${r.orgId}/${r.subjectId}`).sort()).toEqual(['town-a/b1', 'town-a/b2', 'town-a/b3', 'town-b/x1']);
    expect(res.body.columns.map((c: { name: string }) => c.name)).toEqual(pack.outputs);
    expect(res.body.summaries).toHaveLength(2);
    const local = await t.as('a.viewer').get('/api/v1/results?packId=ev-stars&period=2027').expect(200);
    expect(local.body.rows).toHaveLength(3);
  });

  it('ranks by score with standard competition ranks', async () => {
    const res = await t.as('viewer').get('/api/v1/results/ranking?packId=ev-stars&period=2027').expect(200);
    expect(res.body.by).toBe('score');
    expect(res.body.rows.map((r: { subjectId: string; rank: number; value: number }) => [r.subjectId, r.rank, r.value])).toEqual([
      ['b1', 1, 91.5],
      ['x1', 1, 91.5],
      ['b2', 3, 75],
      ['b3', 3, 75],
    ]);
    const asc = await t.as('viewer').get('/api/v1/results/ranking?packId=ev-stars&period=2027&order=asc&limit=2').expect(200);
    expect(asc.body.rows.map((r: { subjectId: string }) => r.subjectId)).toEqual(['b2', 'b3']);
    expect((await t.as('viewer').get('/api/v1/results/ranking?packId=ev-stars&period=2027&by=nope').expect(400)).body.errors[0].path).toBe('/by');
  });

  it('gives the 公示 list of a locality with a printable title', async () => {
    const res = await t.as('a.viewer').get('/api/v1/results/notice?packId=ev-stars&period=2027&orgId=town-a').expect(200);
    expect(res.body.title['zh-CN']).toBe(`关于甲镇2027期${pack.title['zh-CN']}结果的公示`);
    expect(res.body.rows.map((r: { subjectId: string; outputs: { stars: number } }) => [r.subjectId, r.outputs.stars])).toEqual([
      ['b1', 4],
      ['b2', 2],
      ['b3', 2],
    ]);
    expect((await t.as('viewer').get('/api/v1/results/notice?packId=ev-stars').expect(400)).body.errors[0].path).toBe('/period');
  });
});
