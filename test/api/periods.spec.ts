import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { createTestApp, REPO_ROOT, type TestApp } from '../support/harness';

/**
 * Issue 20: a locality's period in the browser, over the API on real PostgreSQL. The demo tree (keqiao-street with
 * its deployer `keqiao`, yongxi with `yongxi`) and the two packs keqiao-community-stars and yongxi-red-flag, with
 * their demo evaluations (2010–2012). The period filled here is 2013, then 2014 for the large file.
 */
jest.setTimeout(300_000);

const PACK = 'keqiao-community-stars';
const ORG = 'keqiao-street';
const base = `/api/v1/orgs/${ORG}/packs/${PACK}/periods`;
type Subject = Record<string, unknown> & { id: string };

let t: TestApp;
let version: string;
const dir = mkdtempSync(join(tmpdir(), 'kp-periods-'));
const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'rule-packs', PACK, 'demo.json'), 'utf8')) as { periods: { period: string; subjects: Subject[] }[] };
const lastYear = demo.periods[demo.periods.length - 1].subjects;
/** Twelve communities of the last demo year, as this year's data. */
const SUBJECTS: Subject[] = lastYear.slice(0, 12).map((s) => structuredClone(s));

const SYNC_BEFORE = process.env.KP_PERIOD_SYNC_MAX;
beforeAll(async () => {
  process.env.KP_PERIOD_SYNC_MAX = '500';
  for (const id of [PACK, 'yongxi-red-flag']) cpSync(join(REPO_ROOT, 'rule-packs', id), join(dir, id), { recursive: true });
  t = await createTestApp('periods', { seed: 'demo', config: { packsDir: dir } });
  version = (await t.sql<{ version: string }>(`SELECT version FROM deployments WHERE org_id = $1 AND pack_id = $2 ORDER BY effective_from DESC LIMIT 1`, [ORG, PACK]))[0].version;
});
afterAll(async () => {
  if (SYNC_BEFORE === undefined) delete process.env.KP_PERIOD_SYNC_MAX;
  else process.env.KP_PERIOD_SYNC_MAX = SYNC_BEFORE;
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const binary = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
const workbook = async (buf: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  return wb;
};
const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);
const template = async () => workbook((await binary(t.as('keqiao').get(`/api/v1/packs/${PACK}/versions/${version}/template.xlsx`)).expect(200)).body);
const upload = (period: string, body: Buffer | string, user = 'keqiao', org = ORG) =>
  t.as(user).post(`/api/v1/orgs/${org}/packs/${PACK}/periods/${period}/upload?filename=filled.xlsx`).set('Content-Type', 'application/octet-stream').send(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));
const evaluate = (period: string, uploadId: string, user = 'keqiao') => t.as(user).post(`${base}/${period}/evaluate`).send({ uploadId });

/** Header → input path, read off the template's own 填写说明 sheet (列名 → 英文名). */
async function headerPaths(wb: ExcelJS.Workbook): Promise<Map<string, string>> {
  const guide = wb.getWorksheet('填写说明')!;
  const out = new Map<string, string>();
  guide.eachRow((r, n) => {
    const v = (r.values as unknown[]).slice(1);
    if (n > 1 && v[0] === '填写数据') out.set(String(v[1]), String(v[3]));
  });
  return out;
}

const cellOf = (v: unknown) => (typeof v === 'boolean' ? (v ? '是' : '否') : (v as ExcelJS.CellValue));

/** The template filled with these subjects, `edit` changing single cells (by header) of a subject (by index). */
async function filled(subjects: Subject[], period: string, edit: Record<number, Record<string, unknown>> = {}): Promise<Buffer> {
  const wb = await template();
  const ws = wb.getWorksheet('填写数据')!;
  const headers = rowValues(ws, 1).map(String);
  const paths = await headerPaths(wb);
  subjects.forEach((s, i) => {
    ws.addRow(headers.map((h) => (edit[i] && h in edit[i] ? edit[i][h] : h === '期间' ? period : h === '编号' ? s.id : cellOf(s[paths.get(h)!]))) as ExcelJS.CellValue[]);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the template', () => {
  it('Chinese headers, a frozen header, drop-downs and ranges checked by Excel, a 填写说明 sheet with unit, range and cite', async () => {
    const wb = await template();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填写数据', '填写说明']);
    const ws = wb.getWorksheet('填写数据')!;
    const headers = rowValues(ws, 1);
    expect(headers.slice(0, 4)).toEqual(['期间', '编号', '文明社区创建级别', '卫生社区创建级别']);
    expect(headers).toEqual(expect.arrayContaining(['命案数', '矛盾纠纷调处率', '班子健全', '社区综治工作室(站)']));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const col = (h: string) => ws.getColumn(headers.indexOf(h) + 1).letter;
    // exceljs reads a validated range back cell by cell
    const rules = (ws as unknown as { dataValidations: { model: Record<string, Record<string, unknown>> } }).dataValidations.model;
    const ruleOf = (h: string) => {
      expect(rules[`${col(h)}2000`]).toEqual(rules[`${col(h)}2`]);
      return rules[`${col(h)}2`];
    };
    expect(ruleOf('命案数')).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], showErrorMessage: true, error: '请填写不小于 0 的整数' });
    expect(ruleOf('矛盾纠纷调处率')).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 1] });
    expect(ruleOf('班子健全')).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    // options offered with their Chinese words, read back as their codes
    expect(ruleOf('社区综治工作室(站)')).toMatchObject({ type: 'list', formulae: ['"none（无）,standard（标准）,county-demo（县级示范）"'] });

    const guide = wb.getWorksheet('填写说明')!;
    expect(rowValues(guide, 1)).toEqual(['工作表', '列名', '中文名', '英文名', '类型', '取值范围', '是否必填', '可选值', '单位', '依据（原文）']);
    const rows: unknown[][] = [];
    guide.eachRow((r, n) => n > 1 && rows.push((r.values as unknown[]).slice(1)));
    expect(rows.find((r) => r[1] === '矛盾纠纷调处率')?.slice(0, 7)).toEqual(['填写数据', '矛盾纠纷调处率', '矛盾纠纷调处率', 'disputeMediationRate', '数值', '0 – 1', '必填']);
    expect(rows.find((r) => r[1] === '班子健全')?.[9]).toBe('社区党组织和居委会班子健全');
    // every field of the input is listed, each with a cite from the rules that read it
    const fields = rows.filter((r) => r[0] === '填写数据' && r[3] !== 'period' && r[3] !== 'id');
    expect(fields).toHaveLength(Object.keys(SUBJECTS[0]).length - 1);
    expect(fields.filter((r) => !r[9]).map((r) => r[3])).toEqual([]);
  });

  it('is for anyone who may read the pack: another locality does not see it', async () => {
    await binary(t.as('viewer').get(`/api/v1/packs/${PACK}/versions/${version}/template.xlsx`)).expect(200);
    await t.as('yongxi').get(`/api/v1/packs/${PACK}/versions/${version}/template.xlsx`).expect(404);
  });
});

describe('upload, evaluate, correct', () => {
  let jsonEvaluation: string;
  let first: { evaluationId: string };
  let firstUploadId: string;

  it('a file with bad cells: 422 listing every one by Excel row, header and pointer; nothing stored', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM period_uploads`);
    const file = await filled(SUBJECTS, '2013', {
      2: { 矛盾纠纷调处率: 1.5 },
      4: { 命案数: 'abc' },
      5: { 命案数: null },
      7: { 班子健全: '也许' },
      9: { 文明社区创建级别: 'galaxy' },
      10: { 编号: SUBJECTS[0].id },
      11: { 期间: '2012' },
    });
    const res = await upload('2013', file).expect(422);
    expect(res.body).toMatchObject({ error: 'UploadInvalid', target: 'input', total: 7, message: { 'zh-CN': '上传的文件有 7 处错误，未保存。' } });
    const at = (j: number, field: string) => `/periods/0/subjects/${j}/${field}`;
    expect(res.body.errors.map((e: Record<string, unknown>) => [e.row, e.column, e.pointer, (e.message as Record<string, string>)['zh-CN']])).toEqual([
      [4, '矛盾纠纷调处率', at(2, 'disputeMediationRate'), '不能大于 1'],
      [6, '命案数', at(4, 'homicides'), '"abc" 不是数字'],
      [7, '命案数', at(5, 'homicides'), '必填，不能为空'],
      [9, '班子健全', at(7, 'teamsComplete'), '"也许" 不是是/否'],
      [11, '文明社区创建级别', at(9, 'civilizedLevel'), '应为以下之一：none（无）、county（县级）、city（市级）、province（省级）、national（国家级）'],
      [12, '编号', at(10, 'id'), `编号“${SUBJECTS[0].id}”重复（本期已有）`],
      [13, '期间', '/periods/0/period', '期间应为 2013（本次填报的考评期），此处为 2012'],
    ]);
    for (const e of res.body.errors) expect(e.path).toBe(e.pointer);
    expect(await t.sql(`SELECT count(*)::int AS n FROM period_uploads`)).toEqual(before);
  });

  it('more errors than the engine lists at once (200): every one, from the period upload and from the datasets upload alike', async () => {
    const fields = Object.keys(SUBJECTS[0]).filter((k) => k !== 'id');
    const lines = [['编号', ...fields].join(',')];
    for (let i = 0; i < 300; i++) lines.push([`c${i}`, ...fields.map((f) => (f === 'disputeMediationRate' ? 2 : String(SUBJECTS[0][f])))].join(','));
    const csv = lines.join('\n');
    const res = await upload('2013', csv).expect(422);
    expect(res.body.total).toBe(300);
    expect(res.body.errors).toHaveLength(300);
    expect(res.body.errors[299]).toMatchObject({ row: 301, column: 'disputeMediationRate', pointer: '/periods/0/subjects/299/disputeMediationRate', path: '/periods/0/subjects/299/disputeMediationRate' });

    const mapping = encodeURIComponent(JSON.stringify({ period: 'period', id: 'id' }));
    const ds = await t
      .as('analyst')
      .post(`/api/v1/datasets/upload?packId=${PACK}&version=${version}&name=bad&format=csv&mapping=${mapping}`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(lines.map((l, i) => (i === 0 ? `期间,${l}` : `2013,${l}`)).join('\n')))
      .expect(422);
    expect(ds.body).toMatchObject({ total: 300, target: 'input' });
    expect(ds.body.errors).toHaveLength(300);
    expect(ds.body.errors[0]).toMatchObject({ row: 2, column: 'disputeMediationRate', pointer: '/periods/0/subjects/0/disputeMediationRate', path: '/periods/0/subjects/0/disputeMediationRate' });
  });

  it('the corrected file is kept: its columns and a preview of its rows', async () => {
    const res = await upload('2013', await filled(SUBJECTS, '2013')).expect(200);
    firstUploadId = res.body.uploadId;
    expect(res.body).toMatchObject({ orgId: ORG, packId: PACK, period: '2013', version, filename: 'filled.xlsx', subjects: 12 });
    expect(res.body.columns).toEqual(expect.arrayContaining([{ column: '编号', pointer: '/id' }, { column: '矛盾纠纷调处率', pointer: '/disputeMediationRate' }]));
    expect(res.body.columns).toHaveLength(Object.keys(SUBJECTS[0]).length);
    expect(res.body.preview).toHaveLength(12);
    expect(res.body.preview[2]).toMatchObject({ row: 4, id: SUBJECTS[2].id, values: { '/id': SUBJECTS[2].id, '/teamsComplete': SUBJECTS[2].teamsComplete, '/homicides': SUBJECTS[2].homicides } });
    const audit = await t.sql(`SELECT username, after FROM audit_log WHERE action = 'period.upload' AND entity_id = $1`, [firstUploadId]);
    expect(audit).toEqual([{ username: 'keqiao', after: expect.objectContaining({ packId: PACK, period: '2013', subjects: 12 }) }]);
  });

  it('evaluated with the deployed version: the results equal those of the JSON envelope route for the same data', async () => {
    const json = await t.as('keqiao').post(`/api/v1/orgs/${ORG}/packs/${PACK}/evaluate`).send({ periods: [{ period: '2013', subjects: SUBJECTS }] }).expect(201);
    jsonEvaluation = json.body.periods[0].evaluationId;
    const res = await evaluate('2013', firstUploadId).expect(201);
    first = res.body;
    expect(res.body).toEqual({ evaluationId: expect.any(String), previousEvaluationId: jsonEvaluation, period: '2013', version, subjects: 12, changed: 0 });
    const stored = await t.as('viewer').get(`/api/v1/evaluations/${res.body.evaluationId}`).expect(200);
    expect(stored.body.results).toEqual(json.body.periods[0].results);
    expect(stored.body.input).toEqual({ period: '2013', subjects: SUBJECTS });
    // the demo years are its history: movement against 2012
    expect(new Set(stored.body.results.map((r: { outputs: { movement: string } }) => r.outputs.movement))).not.toContain('new');
    const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'evaluation' AND entity_id = $1 ORDER BY id`, [res.body.evaluationId]);
    expect(audit.map((a) => a.action)).toEqual(['evaluation.create', 'period.evaluate']);
  });

  it('a correction re-evaluated: the old run is kept and /changes lists what changed, labelled and explained', async () => {
    const target = SUBJECTS.findIndex((s) => s.teamsComplete === true && s.homicides === 0);
    const up = await upload('2013', await filled(SUBJECTS, '2013', { [target]: { 班子健全: '否' } })).expect(200);
    const res = await evaluate('2013', up.body.uploadId).expect(201);
    expect(res.body).toMatchObject({ previousEvaluationId: first.evaluationId, changed: 1, subjects: 12 });
    const list = await t.as('viewer').get(`/api/v1/evaluations?orgId=${ORG}&packId=${PACK}&period=2013`).expect(200);
    expect(list.body.map((e: { id: string; current: boolean }) => [e.id, e.current])).toEqual([
      [res.body.evaluationId, true],
      [first.evaluationId, false],
      [jsonEvaluation, false],
    ]);
    const changes = await t.as('viewer').get(`/api/v1/evaluations/${res.body.evaluationId}/changes`).expect(200);
    expect(changes.body).toMatchObject({ evaluationId: res.body.evaluationId, previousEvaluationId: first.evaluationId, added: [], removed: [] });
    expect(changes.body.changed).toHaveLength(1);
    const c = changes.body.changed[0];
    expect(c.id).toBe(SUBJECTS[target].id);
    const before = (await t.as('viewer').get(`/api/v1/evaluations/${first.evaluationId}`)).body.results[target].outputs.stars;
    expect(c.outputs[0]).toEqual({ output: 'stars', label: '星级', before, after: 0, beforeLabel: ['未评上星级', '一星级', '二星级', '三星级', '四星级', '五星级'][before], afterLabel: '未评上星级' });
    expect(c.explanation).toMatch(/班子健全|班子/);
    // the first run of a period has nothing to compare with
    const none = await t.as('viewer').get(`/api/v1/evaluations/${jsonEvaluation}/changes`).expect(200);
    expect(none.body).toEqual({ evaluationId: jsonEvaluation, previousEvaluationId: null, changed: [], added: [], removed: [] });
  });

  it('export.xlsx: the header block, Chinese headers, labelled values and the explanations', async () => {
    const id = first.evaluationId;
    const res = await binary(t.as('viewer').get(`/api/v1/evaluations/${id}/export.xlsx`)).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const ws = (await workbook(res.body)).worksheets[0];
    expect(rowValues(ws, 1)).toEqual(['组织', '柯桥街道']);
    expect(rowValues(ws, 2)).toEqual(['考评方案', '柯桥街道社区党组织“评星晋级”']);
    expect(rowValues(ws, 3)).toEqual(['方案版本', version]);
    expect(rowValues(ws, 4)).toEqual(['考评期', '2013']);
    expect(rowValues(ws, 8)).toEqual(['社区（居）党组织编号', '星级', '一票否决', '评定层级', '升降级', '表彰', '干部报酬系数', '说明']);
    const stored = (await t.as('viewer').get(`/api/v1/evaluations/${id}`)).body.results;
    const labels = ['未评上星级', '一星级', '二星级', '三星级', '四星级', '五星级'];
    for (let i = 0; i < stored.length; i++) {
      const row = rowValues(ws, 9 + i);
      const o = stored[i].outputs;
      expect(row.slice(0, 7)).toEqual([stored[i].id, labels[o.stars], o.vetoApplied ? '是' : '否', o.assessedBy === 'county' ? '县级验收' : '街道评定', { up: '升级', down: '降级', same: '持平', new: '首次评定' }[o.movement as string], o.commended ? '是' : '否', o.payIndex]);
      expect(String(row[7])).toMatch(/星级/);
    }
  });
});

describe('CSV', () => {
  const csv = (headers: string[], rows: unknown[][]) => [headers.join(','), ...rows.map((r) => r.map((v) => (typeof v === 'boolean' ? (v ? '是' : '否') : String(v))).join(','))].join('\r\n');

  it('with Chinese headers (a unit in brackets too) and no 期间 column: read as the template would be', async () => {
    const wb = await template();
    const paths = await headerPaths(wb);
    const headers = [...paths.keys()].filter((h) => h !== '期间');
    const written = headers.map((h) => (h === '命案数' ? '命案数（起）' : h));
    const LEVEL: Record<string, string> = { none: '无', county: '县级', city: '市级', province: '省级', national: '国家级' };
    // an option as the drop-down writes it (province（省级）), as its Chinese word alone (省级), or as its code
    const level = (v: string, i: number) => (i % 3 === 0 ? `${v}（${LEVEL[v]}）` : i % 3 === 1 ? LEVEL[v] : v);
    const rows = SUBJECTS.map((s, i) => headers.map((h) => (h === '编号' ? s.id : h === '文明社区创建级别' ? level(s.civilizedLevel as string, i) : s[paths.get(h)!])));
    const res = await upload('2013', '\uFEFF' + csv(written, rows)).expect(200);
    expect(res.body.subjects).toBe(12);
    expect(res.body.columns).toContainEqual({ column: '命案数（起）', pointer: '/homicides' });
    const stored = await t.sql<{ input: { subjects: Subject[] } }>(`SELECT input FROM period_uploads WHERE id = $1`, [res.body.uploadId]);
    expect(stored[0].input.subjects).toEqual(SUBJECTS);
  });

  it('with English names, and a bad cell named by its English header', async () => {
    const fields = Object.keys(SUBJECTS[0]);
    const rows = SUBJECTS.map((s) => fields.map((f) => (typeof s[f] === 'boolean' ? String(s[f]) : s[f])));
    const ok = await upload('2013', csv(['period', ...fields], rows.map((r) => ['2013', ...r]))).expect(200);
    expect(ok.body.subjects).toBe(12);
    const bad = rows.map((r) => [...r]);
    bad[3][fields.indexOf('beijingPetitions')] = -2;
    const res = await upload('2013', csv(fields, bad)).expect(422);
    expect(res.body.errors).toEqual([{ row: 5, column: 'beijingPetitions', pointer: '/periods/0/subjects/3/beijingPetitions', path: '/periods/0/subjects/3/beijingPetitions', message: { 'zh-CN': '不能小于 0', en: 'must be at least 0' } }]);
  });
});

describe('a large file goes through a job', () => {
  it('3,000 communities (over KP_EVAL_MAX_SUBJECT_PERIODS): 202, progress in subjects, one evaluation stored whole', async () => {
    const many: Subject[] = Array.from({ length: 3000 }, (_, i) => ({ ...structuredClone(lastYear[i % lastYear.length]), id: `big${String(i).padStart(4, '0')}` }));
    const file = await filled(many, '2014');
    const t0 = Date.now();
    const up = await upload('2014', file).expect(200);
    const uploadMs = Date.now() - t0;
    expect(up.body.subjects).toBe(3000);
    expect(up.body.preview).toHaveLength(50);
    const t1 = Date.now();
    const res = await evaluate('2014', up.body.uploadId).expect(202);
    expect(res.body).toEqual({ jobId: expect.any(String) });
    const seen: { state: string; done: number; total: number }[] = [];
    let job;
    for (;;) {
      job = (await t.as('keqiao').get(`/api/v1/period-jobs/${res.body.jobId}`).expect(200)).body;
      seen.push({ state: job.state, done: job.done, total: job.total });
      if (job.state === 'done' || job.state === 'failed') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const jobMs = Date.now() - t1;
    expect(job).toEqual({ id: res.body.jobId, state: 'done', done: 3000, total: 3000, evaluationId: expect.any(String), previousEvaluationId: null, changed: 0, error: null });
    for (let i = 1; i < seen.length; i++) expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done);
    // done moves by batches of 500 subjects checked against the deployed version, then the period is evaluated whole
    for (const s of seen) expect(s.done % 500).toBe(0);
    await t.as('yongxi').get(`/api/v1/period-jobs/${res.body.jobId}`).expect(404);
    const rows = await t.sql<{ n: number; subjects: number }>(`SELECT count(*)::int AS n, max(jsonb_array_length(results))::int AS subjects FROM evaluations WHERE org_id = $1 AND pack_id = $2 AND period = '2014'`, [ORG, PACK]);
    expect(rows).toEqual([{ n: 1, subjects: 3000 }]);
    const audit = await t.sql(`SELECT after FROM audit_log WHERE action = 'period.evaluate' AND entity_id = $1`, [job.evaluationId]);
    expect(audit).toEqual([{ after: expect.objectContaining({ jobId: res.body.jobId, subjects: 3000 }) }]);
    process.stdout.write(`periods: 3000-subject upload ${uploadMs} ms, job ${jobMs} ms, ${seen.length} polls, states ${[...new Set(seen.map((s) => `${s.state}:${s.done}`))].join(' ')}\n`);
  });
});

describe('who may', () => {
  it("another locality's user is refused on keqiao's organisation, its jobs and its evaluations", async () => {
    const file = await filled(SUBJECTS.slice(0, 2), '2013');
    await upload('2013', file, 'yongxi').expect(404);
    const up = await upload('2013', file).expect(200);
    await evaluate('2013', up.body.uploadId, 'yongxi').expect(404);
    const ev = (await t.as('viewer').get(`/api/v1/evaluations?orgId=${ORG}&packId=${PACK}`)).body[0].id;
    await t.as('yongxi').get(`/api/v1/evaluations/${ev}/changes`).expect(404);
    await t.as('yongxi').get(`/api/v1/evaluations/${ev}/export.xlsx`).expect(404);
  });

  it('a viewer cannot upload or evaluate; viewers read changes and exports', async () => {
    const file = await filled(SUBJECTS.slice(0, 2), '2013');
    await upload('2013', file, 'viewer').expect(403);
    await t.as('viewer').post(`${base}/2013/evaluate`).send({ uploadId: '00000000-0000-0000-0000-000000000000' }).expect(403);
  });

  it('no version deployed for the organisation: 422 NoDeployment in Chinese; an upload of another period or organisation is not found', async () => {
    const file = await filled(SUBJECTS.slice(0, 2), '2013');
    const res = await upload('2013', file, 'keqiao', 'keqiao-hudong').expect(422);
    expect(res.body).toMatchObject({ error: 'NoDeployment', message: { 'zh-CN': expect.stringMatching(/^湖东社区党支部在 2013 期没有生效的“柯桥街道社区党组织“评星晋级””版本/) } });
    const up = await upload('2013', file).expect(200);
    await evaluate('2014', up.body.uploadId).expect(404);
    await t.as('keqiao').post(`${base}/2013-Q1/upload`).set('Content-Type', 'application/octet-stream').send(file).expect(422);
  });
});
