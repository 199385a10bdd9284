import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../support/harness';
import { minimalPack } from './mini-pack';
import { loadPack } from './support';

jest.setTimeout(180_000);

/** The village scheme of issue 13 as a new draft: four items 0–25, a veto flag, a field kind with Chinese labels. No formulas, no demo data. */
const VILLAGE = minimalPack(
  {
    type: 'object',
    required: ['org', 'edu', 'service', 'integrity', 'seriousBreach'],
    properties: {
      org: { type: 'number', minimum: 0, maximum: 25, title: '组织建设', unit: '分' },
      edu: { type: 'number', minimum: 0, maximum: 25, title: '教育管理', unit: '分' },
      service: { type: 'number', minimum: 0, maximum: 25, title: '服务群众', unit: '分' },
      integrity: { type: 'number', minimum: 0, maximum: 25, title: '廉洁自律', unit: '分' },
      seriousBreach: { type: 'boolean', title: '发生严重违纪' },
      field: { enum: ['village', 'community'], title: '领域', description: 'village 行政村, community 城市社区' },
    },
  },
  'year',
  { '+': [{ var: 'org' }, { var: 'edu' }, { var: 'service' }, { var: 'integrity' }] },
  'village-branch-points',
);

describe('fill-in template and schema-only generation (issue 13 item 5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('datasets-template');
    await t.publish(loadPack('rehab-member-stars'));
    await t.as('author').post('/api/v1/packs').send({ document: VILLAGE }).expect(201);
  });
  afterAll(() => t?.close());

  const template = async (packId: string, user = 'analyst') => {
    const res = await t
      .as(user)
      .get(`/api/v1/datasets/templates/${packId}/1.0.0`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    return res;
  };
  const workbook = async (buf: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as any);
    return wb;
  };
  const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
  const upload = (packId: string, buf: Buffer, mapping = { period: 'period', id: 'id' }) =>
    t
      .as('analyst')
      .post(`/api/v1/datasets/upload?packId=${packId}&version=1.0.0&name=filled&format=xlsx&mapping=${encodeURIComponent(JSON.stringify(mapping))}`)
      .set('Content-Type', 'application/octet-stream')
      .send(buf);
  const stored = async (id: string) =>
    (await t.sql<{ period: string; subjects: unknown[] }>(`SELECT period, subjects FROM dataset_chunks WHERE dataset_id = $1 ORDER BY seq`, [id])).map((r) => ({ period: r.period, subjects: r.subjects }));

  it('is for analysts, of pack versions they may read', async () => {
    expect((await template('rehab-member-stars', 'viewer')).status).toBe(403);
    expect((await template('no-such-pack')).status).toBe(404);
    // A draft is its owner's: an analyst of a town below the province does not see the province's draft.
    expect((await template('village-branch-points', 'b.analyst')).status).toBe(404);
    expect((await template('village-branch-points')).status).toBe(200);
    const res = await template('rehab-member-stars');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="rehab-member-stars-1.0.0-template.xlsx"');
  });

  it('rehab-member-stars: Chinese headers with units, a 填写说明 sheet, rater rows on their own sheet; two filled subjects upload as they are', async () => {
    const wb = await workbook((await template('rehab-member-stars')).body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填写数据', '填写说明', '党员互评']);
    const data = wb.getWorksheet('填写数据')!;
    expect(headers(data)).toEqual(['期间', '编号', '支部总评·政治素质（分）', '支部总评·工作职责（分）', '支部总评·遵纪守法（分）', '支部总评·学习培训（分）', '支部总评·加班加点（分）', '群众测评满意度', '发生重大监管改造事故', '存在违法违纪行为']);
    const peers = wb.getWorksheet('党员互评')!;
    expect(headers(peers)).toEqual(['期间', '编号', '政治素质（分）', '工作职责（分）', '遵纪守法（分）', '学习培训（分）', '加班加点（分）']);
    const guide = wb.getWorksheet('填写说明')!;
    expect(headers(guide)).toEqual(['工作表', '列名', '中文名', '英文名', '类型', '取值范围', '是否必填', '可选值', '单位', '依据（原文）']);
    const guideRows: unknown[][] = [];
    guide.eachRow((r, n) => n > 1 && guideRows.push((r.values as unknown[]).slice(1)));
    const described = guideRows.map((r) => r.slice(0, 9));
    expect(described).toContainEqual(['填写数据', '支部总评·政治素质（分）', '政治素质', 'branch.politics', '数值', '0 – 20', '必填', '', '分']);
    expect(described).toContainEqual(['填写数据', '发生重大监管改造事故', '发生重大监管改造事故', 'majorIncident', '是/否', '', '必填', '是，否', '']);
    expect(described).toContainEqual(['党员互评', '政治素质（分）', '政治素质', 'peers[].politics', '数值', '0 – 20', '必填', '', '分']);
    // each field with the sentence of the document that uses it (the rules that read it)
    expect(guideRows.find((r) => r[3] === 'majorIncident')?.[9]).toEqual(expect.stringMatching(/事故/));

    data.addRow(['2026', 'm1', 18, 17, 19, 16, 15, 0.95, '否', '否']);
    data.addRow(['2026', 'm2', 12, 11.5, 14, 10, 9, 0.7, '是', '否']);
    peers.addRow(['2026', 'm1', 17, 18, 19, 16, 14]);
    peers.addRow(['2026', 'm2', 10, 11, 12, 13, 14]);
    peers.addRow(['2026', 'm1', 16, 16, 16, 16, 16]);
    const res = await upload('rehab-member-stars', Buffer.from(await wb.xlsx.writeBuffer())).expect(201);
    expect(res.body).toMatchObject({ packId: 'rehab-member-stars', source: 'xlsx', subjects: 2, periods: ['2026'] });
    const row = (a: number[]) => ({ politics: a[0], duty: a[1], lawAbiding: a[2], study: a[3], overtime: a[4] });
    expect(await stored(res.body.id)).toEqual([
      {
        period: '2026',
        subjects: [
          { id: 'm1', branch: row([18, 17, 19, 16, 15]), satisfaction: 0.95, majorIncident: false, violation: false, peers: [row([17, 18, 19, 16, 14]), row([16, 16, 16, 16, 16])] },
          { id: 'm2', branch: row([12, 11.5, 14, 10, 9]), satisfaction: 0.7, majorIncident: true, violation: false, peers: [row([10, 11, 12, 13, 14])] },
        ],
      },
    ]);
  });

  it('a bad cell on the rater sheet is reported by that sheet, its row and its column; a rater row of an unknown subject too', async () => {
    const wb = await workbook((await template('rehab-member-stars')).body);
    wb.getWorksheet('填写数据')!.addRow(['2026', 'm1', 18, 17, 19, 16, 15, 0.95, '否', '否']);
    wb.getWorksheet('党员互评')!.addRow(['2026', 'm1', 17, 18, 25, 16, 14]);
    wb.getWorksheet('党员互评')!.addRow(['2026', 'm9', 17, 18, 19, 16, 14]);
    const res = await upload('rehab-member-stars', Buffer.from(await wb.xlsx.writeBuffer()), { period: '期间', id: '编号' }).expect(422);
    expect(res.body.errors.map((e: any) => [e.row, e.column, e.pointer])).toEqual([
      [2, '党员互评!遵纪守法（分）', '/periods/0/subjects/0/peers/0/lawAbiding'],
      [3, '党员互评!编号', ''],
    ]);
    expect(res.body.errors[1].message['zh-CN']).toBe('工作表“党员互评”第 3 行：期间 2026 中没有编号为 "m9" 的对象');
  });

  it('a new formula-free draft: its template round-trips, Chinese enum labels included', async () => {
    const wb = await workbook((await template('village-branch-points')).body);
    const data = wb.getWorksheet('填写数据')!;
    expect(headers(data)).toEqual(['期间', '编号', '组织建设（分）', '教育管理（分）', '服务群众（分）', '廉洁自律（分）', '发生严重违纪', '领域']);
    data.addRow(['2026', 'v1', 22, 21, 20.5, 24, '否', '城市社区']);
    data.addRow(['2026', 'v2', 10, 12, 15, 8, '是', 'village']);
    const res = await upload('village-branch-points', Buffer.from(await wb.xlsx.writeBuffer())).expect(201);
    expect(await stored(res.body.id)).toEqual([
      {
        period: '2026',
        subjects: [
          { id: 'v1', org: 22, edu: 21, service: 20.5, integrity: 24, seriousBreach: false, field: 'community' },
          { id: 'v2', org: 10, edu: 12, service: 15, integrity: 8, seriousBreach: true, field: 'village' },
        ],
      },
    ]);
  });

  it('generates from the input schema alone for a draft without demo data, and the simulation runs on it', async () => {
    const gen = await t.as('analyst').post('/api/v1/datasets/generate').send({ packId: 'village-branch-points', version: '1.0.0', name: 'gen', n: 400, seed: 9 }).expect(201);
    expect(gen.body).toMatchObject({ source: 'synthetic', subjects: 400, periods: ['2026'], recipe: { n: 400, seed: 9, from: 'schema', periods: ['2026'] } });
    await t.as('analyst').post('/api/v1/datasets/generate').send({ packId: 'village-branch-points', version: '1.0.0', name: 'gen', n: 10, from: 'demo' }).expect(400);
    const forced = await t.as('analyst').post('/api/v1/datasets/generate').send({ packId: 'rehab-member-stars', version: '1.0.0', name: 'gen', n: 10, from: 'schema' }).expect(201);
    expect(forced.body.recipe).toEqual({ n: 10, seed: 1, from: 'schema', periods: ['2026'] });

    const created = await t.as('analyst').post('/api/v1/simulations').send({ datasetId: gen.body.id, baseline: { packId: 'village-branch-points', version: '1.0.0' }, variants: [{ name: 'same' }] });
    expect(created.status).toBe(202);
    let job = created.body;
    for (let i = 0; i < 240 && !['completed', 'failed', 'cancelled'].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 250));
      job = (await t.as('analyst').get(`/api/v1/simulations/${job.id}`).expect(200)).body;
    }
    expect(job).toMatchObject({ status: 'completed', progress: 1 });
    const result = (await t.as('analyst').get(`/api/v1/simulations/${job.id}/result`).expect(200)).body;
    expect(result.baseline.subjects).toBe(400);
  });
});
