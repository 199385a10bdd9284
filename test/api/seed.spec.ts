import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeedService } from '../../server/src/seed/seed.service';
import { DEMO_PASSWORD } from '../../server/src/seed/demo-tree';
import { createTestApp, loadPack, REPO_ROOT, type TestApp } from '../support/harness';

/** First start: packs imported as published versions (broken ones skipped), demo tree, users, deployments, evaluations. */
let t: TestApp;
const dir = mkdtempSync(join(tmpdir(), 'kp-packs-'));

const LIMIT_BEFORE = process.env.KP_EVAL_MAX_SUBJECT_PERIODS;
beforeAll(async () => {
  process.env.KP_EVAL_MAX_SUBJECT_PERIODS = '300';
  for (const id of ['yongxi-red-flag', 'prison-dedication-points']) cpSync(join(REPO_ROOT, 'rule-packs', id), join(dir, id), { recursive: true });
  mkdirSync(join(dir, 'broken-pack'));
  writeFileSync(join(dir, 'broken-pack', '1.0.0.json'), JSON.stringify({ ...loadPack('prison-dedication-points'), id: 'broken-pack', period: 'decade' }));
  mkdirSync(join(dir, 'not-json'));
  writeFileSync(join(dir, 'not-json', '1.0.0.json'), '{ "id": ');
  t = await createTestApp('seed', { seed: 'demo', config: { packsDir: dir } });
});
afterAll(async () => {
  if (LIMIT_BEFORE === undefined) delete process.env.KP_EVAL_MAX_SUBJECT_PERIODS;
  else process.env.KP_EVAL_MAX_SUBJECT_PERIODS = LIMIT_BEFORE;
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('imports every valid pack version as published and skips the broken ones', async () => {
  const rows = await t.sql(`SELECT pack_id, version, status, created_by FROM pack_versions ORDER BY pack_id, version`);
  expect(rows).toEqual([
    { pack_id: 'prison-dedication-points', version: '1.0.0', status: 'published', created_by: 'system' },
    { pack_id: 'prison-dedication-points', version: '1.1.0', status: 'published', created_by: 'system' },
    { pack_id: 'yongxi-red-flag', version: '1.0.0', status: 'published', created_by: 'system' },
    { pack_id: 'yongxi-red-flag', version: '1.1.0', status: 'published', created_by: 'system' },
    { pack_id: 'yongxi-red-flag', version: '2.0.0', status: 'published', created_by: 'system' },
    { pack_id: 'yongxi-red-flag', version: '2.1.0', status: 'published', created_by: 'system' },
  ]);
  expect(await t.sql(`SELECT id, owner_org_id FROM packs ORDER BY id`)).toEqual([
    { id: 'prison-dedication-points', owner_org_id: 'prison' },
    { id: 'yongxi-red-flag', owner_org_id: 'yongxi' },
  ]);
});

it('seeds the demo users, who can log in with the documented password', async () => {
  for (const username of ['admin', 'author', 'publisher', 'deployer', 'analyst', 'viewer', 'keqiao', 'yongxi']) await t.login(username, DEMO_PASSWORD);
  const orgs = (await t.as('admin').get('/api/v1/orgs').expect(200)).body.map((o: { id: string }) => o.id);
  expect(orgs).toEqual(expect.arrayContaining(['prov', 'keqiao-street', 'chengzhuang', 'yongxi', 'college', 'rehab-centre', 'ouhai']));
});

it('deploys each version from the first demo period of its kind and stores the demo evaluations with it', async () => {
  const deps = (await t.as('yongxi').get('/api/v1/deployments?packId=yongxi-red-flag').expect(200)).body;
  expect(deps.map((d: { version: string; effectiveFrom: string }) => [d.version, d.effectiveFrom])).toEqual([
    ['1.0.0', '2000-01-01'],
    ['1.1.0', '2020-07-01'],
    ['2.0.0', '2022-01-01'],
    ['2.1.0', '2024-01-01'],
  ]);
  const evals = await t.sql<{ version: string; n: number; first: string; last: string }>(
    `SELECT version, count(*)::int AS n, min(period) AS first, max(period) AS last FROM evaluations WHERE pack_id = 'yongxi-red-flag' GROUP BY version ORDER BY version`,
  );
  expect(evals).toEqual([
    { version: '1.0.0', n: 9, first: '2019-B1', last: '2020-B3' },
    { version: '1.1.0', n: 9, first: '2020-B4', last: '2021-B6' },
    { version: '2.0.0', n: 8, first: '2022-Q1', last: '2023-Q4' },
    { version: '2.1.0', n: 8, first: '2024-Q1', last: '2025-Q4' },
  ]);
  const prison = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM evaluations WHERE pack_id = 'prison-dedication-points' AND org_id = 'prison'`);
  expect(prison[0].n).toBe(3);
});

it('stores the demo in batches of whole periods under the stored-evaluation limit (prison: three calls), and they reproduce', async () => {
  // KP_EVAL_MAX_SUBJECT_PERIODS is 300 in this suite: prison's three periods (about 290 members each) go one by one,
  // yongxi's 256 subject-periods in one call that the server splits by the version in force
  for (const period of ['2019-B3', '2020-B6', '2021-B6', '2023-Q4', '2025-Q4']) {
    const [row] = await t.sql<{ id: string }>(`SELECT id FROM evaluations WHERE pack_id = 'yongxi-red-flag' AND period = $1`, [period]);
    const res = await t.as('admin').post(`/api/v1/evaluations/${row.id}/reproduce`).expect(200);
    expect([period, res.body.identical]).toEqual([period, true]);
  }
  const prison = await t.sql<{ id: string }>(`SELECT id FROM evaluations WHERE pack_id = 'prison-dedication-points' ORDER BY period`);
  expect(prison).toHaveLength(3);
  for (const row of prison) expect((await t.as('admin').post(`/api/v1/evaluations/${row.id}/reproduce`).expect(200)).body.identical).toBe(true);
});

it('the demo evaluations reproduce exactly', async () => {
  const [row] = await t.sql<{ id: string }>(`SELECT id FROM evaluations WHERE pack_id = 'yongxi-red-flag' AND period = '2022-Q1'`);
  const res = await t.as('admin').post(`/api/v1/evaluations/${row.id}/reproduce`).expect(200);
  expect(res.body.identical).toBe(true);
});

it('the other locality sees none of it', async () => {
  expect((await t.as('keqiao').get('/api/v1/evaluations').expect(200)).body).toEqual([]);
  expect((await t.as('keqiao').get('/api/v1/packs').expect(200)).body).toEqual([]);
});

it('a later start imports nothing twice and seeds nothing again', async () => {
  const count = async () => (await t.sql<{ v: number; e: number; d: number; u: number }>(
    `SELECT (SELECT count(*)::int FROM pack_versions) AS v, (SELECT count(*)::int FROM evaluations) AS e, (SELECT count(*)::int FROM deployments) AS d, (SELECT count(*)::int FROM users) AS u`,
  ))[0];
  const before = await count();
  await t.app.get(SeedService).onApplicationBootstrap();
  expect(await count()).toEqual(before);
});
