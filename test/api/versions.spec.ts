import type { Pack } from '../../server/src/engine';
import { villagePack } from '../../server/src/engine/diff/village.fixture';
import { createTestApp, type TestApp } from '../support/harness';

/**
 * Versions that say what they are (issue 13 item 4): publishing compares a draft with the newest published version
 * and refuses a number too low for the changes (422 VersionTooLow at /version); /changes lists them in Chinese; a
 * draft can be renumbered in one audited step.
 */
let t: TestApp;
const ID = 'vs-village';
const base = `/api/v1/packs/${ID}`;

beforeAll(async () => {
  t = await createTestApp('versions');
  await t.as('author').post('/api/v1/packs').send({ document: villagePack(ID, '1.0.0') }).expect(201);
});
afterAll(() => t?.close());

/** A new draft `version` of the village pack after `edit`. */
async function draft(version: string, edit: (d: any) => void): Promise<void> {
  const d = JSON.parse(JSON.stringify(villagePack(ID, version))) as Pack;
  edit(d);
  await t.as('author').post(`${base}/versions`).send({ version, document: d }).expect(201);
}

describe('a first version', () => {
  it('needs nothing: no base, its own number proposed', async () => {
    const res = await t.as('viewer').get(`${base}/versions/1.0.0/changes`).expect(200);
    expect(res.body).toEqual({ base: null, level: 'none', proposed: '1.0.0', satisfies: true, changes: [] });
    await t.as('publisher').post(`${base}/versions/1.0.0/publish`).expect(200);
  });
});

describe('a draft with a new output', () => {
  beforeAll(() =>
    draft('1.0.1', (d) => {
      d.rules.push({ name: 'vetoedFlag', kind: 'value', label: { 'zh-CN': '是否否决', en: 'Vetoed?' }, expr: { var: 'breach' } });
      d.outputs.push('vetoedFlag');
    }),
  );

  it('/changes says it needs a minor version: 1.1.0, in Chinese words', async () => {
    const res = await t.as('viewer').get(`${base}/versions/1.0.1/changes`).expect(200);
    expect(res.body).toEqual({
      base: '1.0.0',
      level: 'minor',
      proposed: '1.1.0',
      satisfies: false,
      changes: [
        { level: 'minor', kind: 'output.added', pointer: '/outputs/3', message: { 'zh-CN': '新增输出 是否否决', en: 'Added output Vetoed?' } },
        { level: 'minor', kind: 'rule.added', pointer: '/rules/4', message: { 'zh-CN': '新增规则 是否否决', en: 'Added rule Vetoed?' } },
      ],
    });
  });

  it('publishing 1.0.1 is refused: 422 VersionTooLow at /version, with the level, the proposed number and the changes', async () => {
    const res = await t.as('publisher').post(`${base}/versions/1.0.1/publish`).expect(422);
    expect(res.body).toMatchObject({
      error: 'VersionTooLow',
      message: {
        'zh-CN': `与已发布的 ${ID}@1.0.0 相比，草稿有新增内容，须至少提升次版本号：建议版本号 1.1.0（草稿为 1.0.1）。`,
        en: `Compared with the published ${ID}@1.0.0, the draft adds to it, which needs at least a new minor version: proposed 1.1.0 (the draft is 1.0.1).`,
      },
      base: '1.0.0',
      level: 'minor',
      proposed: '1.1.0',
    });
    expect(res.body.errors).toEqual([{ kind: 'VersionTooLow', path: '/version', message: res.body.message }]);
    expect(res.body.changes.map((c: { message: { 'zh-CN': string } }) => c.message['zh-CN'])).toEqual(['新增输出 是否否决', '新增规则 是否否决']);
    const v = await t.as('viewer').get(`${base}/versions/1.0.1`).expect(200);
    expect(v.body.status).toBe('draft');
  });

  it('renumbered to the proposed 1.1.0 (audited, the document follows), it publishes', async () => {
    const before = await t.as('author').get(`${base}/versions/1.0.1`).expect(200);
    const res = await t.as('author').patch(`${base}/versions/1.0.1`).send({ version: '1.1.0' }).expect(200);
    expect(res.headers.etag).toBe(`"${before.body.revision + 1}"`);
    expect(res.body).toMatchObject({ version: '1.1.0', status: 'draft', revision: before.body.revision + 1, problems: [] });
    expect(res.body.document.version).toBe('1.1.0');
    await t.as('viewer').get(`${base}/versions/1.0.1`).expect(404);
    const audit = await t.sql<{ action: string; entity_id: string; before: any; after: any }>(
      `SELECT action, entity_id, before, after FROM audit_log WHERE action = 'pack_version.renumber' ORDER BY id`,
    );
    expect(audit.map((a) => [a.action, a.entity_id, a.before.version, a.after.version])).toEqual([['pack_version.renumber', `${ID}@1.1.0`, '1.0.1', '1.1.0']]);
    expect(audit[0].after.contentHash).toBe(res.body.contentHash);
    const pub = await t.as('publisher').post(`${base}/versions/1.1.0/publish`).expect(200);
    expect(pub.body.status).toBe('published');
    const row = await t.sql<{ after: any }>(`SELECT after FROM audit_log WHERE action = 'pack_version.publish' AND entity_id = $1`, [`${ID}@1.1.0`]);
    expect(row[0].after).toMatchObject({ base: '1.0.0', level: 'minor' });
  });

  it('a published version reads its changes against the one before it', async () => {
    const res = await t.as('viewer').get(`${base}/versions/1.1.0/changes`).expect(200);
    expect(res.body).toMatchObject({ base: '1.0.0', level: 'minor', proposed: '1.1.0', satisfies: true });
    expect((await t.as('viewer').get(`${base}/versions/1.0.0/changes`).expect(200)).body.base).toBeNull();
  });
});

describe('a breaking draft', () => {
  beforeAll(() =>
    draft('1.2.0', (d) => {
      d.rules.push({ name: 'vetoedFlag', kind: 'value', label: { 'zh-CN': '是否否决', en: 'Vetoed?' }, expr: { var: 'breach' } });
      d.outputs.push('vetoedFlag');
      d.input.properties.edu.type = 'number';
    }),
  );

  it('needs 2.0.0: 1.2.0 is refused with the pointer /version, 2.0.0 publishes', async () => {
    const ch = await t.as('author').get(`${base}/versions/1.2.0/changes`).expect(200);
    expect(ch.body).toMatchObject({ base: '1.1.0', level: 'major', proposed: '2.0.0', satisfies: false });
    expect(ch.body.changes.map((c: { level: string; pointer: string; message: { 'zh-CN': string } }) => [c.level, c.pointer, c.message['zh-CN']])).toEqual([
      ['major', '/input/properties/edu/type', '输入项 教育管理 的类型 整数 → 数值'],
    ]);
    const res = await t.as('publisher').post(`${base}/versions/1.2.0/publish`).expect(422);
    expect(res.body).toMatchObject({ error: 'VersionTooLow', level: 'major', proposed: '2.0.0', errors: [{ path: '/version' }] });
    await t.as('author').patch(`${base}/versions/1.2.0`).send({ version: '2.0.0' }).expect(200);
    await t.as('publisher').post(`${base}/versions/2.0.0/publish`).expect(200);
  });
});

describe('a patch', () => {
  it('a new threshold and a new parameter value need only a greater number', async () => {
    await draft('2.0.1', (d) => {
      d.input.properties.edu.type = 'number';
      d.rules.push({ name: 'vetoedFlag', kind: 'value', label: { 'zh-CN': '是否否决', en: 'Vetoed?' }, expr: { var: 'breach' } });
      d.outputs.push('vetoedFlag');
      d.rules[1].bounds = [70, 85, 90];
      d.parameters.passLine.value = 85;
      d.tests[0].expect[0].outputs = { total: 85, stars: 4, passed: true, vetoedFlag: false };
      d.tests[1].expect[0].outputs = { total: 100, stars: 0, passed: true, vetoedFlag: true };
    });
    const ch = await t.as('viewer').get(`${base}/versions/2.0.1/changes`).expect(200);
    expect(ch.body).toMatchObject({ base: '2.0.0', level: 'patch', proposed: '2.0.1', satisfies: true });
    expect(ch.body.changes.map((c: { message: { 'zh-CN': string } }) => c.message['zh-CN'])).toEqual(['参数 星级标准 80 → 85', '规则 星级 阈值 80 → 85', '测试用例：新增 0 项，删除 0 项，修改 2 项']);
    await t.as('publisher').post(`${base}/versions/2.0.1/publish`).expect(200);
  });
});

describe('renumbering', () => {
  it('refuses a published version (409), a taken number (409), a bad number (400 at /version); roles other than author and publisher 403', async () => {
    expect((await t.as('author').patch(`${base}/versions/2.0.1`).send({ version: '2.0.2' }).expect(409)).body.error).toBe('VersionPublished');
    await t.as('author').post(`${base}/versions`).send({ version: '2.1.0' }).expect(201);
    expect((await t.as('author').patch(`${base}/versions/2.1.0`).send({ version: '2.0.0' }).expect(409)).body.error).toBe('VersionExists');
    const bad = await t.as('author').patch(`${base}/versions/2.1.0`).send({ version: 'v3' }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['/version']);
    for (const role of ['viewer', 'analyst', 'deployer', 'admin']) await t.as(role).patch(`${base}/versions/2.1.0`).send({ version: '2.2.0' }).expect(403);
    await t.as('author').patch(`${base}/versions/9.9.9`).send({ version: '9.9.10' }).expect(404);
    const unchanged = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'pack_version.renumber'`);
    expect(unchanged[0].n).toBe(2);
  });

  it('the publisher may renumber too (publishing offers it), and the audit names them', async () => {
    await t.as('publisher').patch(`${base}/versions/2.1.0`).send({ version: '2.2.0' }).expect(200);
    const rows = await t.sql<{ username: string; entity_id: string }>(`SELECT username, entity_id FROM audit_log WHERE action = 'pack_version.renumber' ORDER BY id DESC LIMIT 1`);
    expect(rows).toEqual([{ username: 'publisher', entity_id: `${ID}@2.2.0` }]);
    await t.as('author').patch(`${base}/versions/2.2.0`).send({ version: '2.1.0' }).expect(200);
  });

  it('an unchanged copy needs only a greater number', async () => {
    const ch = await t.as('author').get(`${base}/versions/2.1.0/changes`).expect(200);
    expect(ch.body).toEqual({ base: '2.0.1', level: 'none', proposed: '2.0.2', satisfies: true, changes: [] });
  });
});
