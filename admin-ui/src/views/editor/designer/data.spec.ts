import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePack } from '@engine/validate/validate';
import { runPackTests } from '@engine/testing/run-tests';
import type { Pack } from '@engine/types';
import {
  advancedKeys,
  blankScheme,
  copyFromTemplate,
  entriesToTests,
  fieldProblems,
  newFieldRow,
  newParamRow,
  newTestRow,
  paramProblems,
  paramsToRows,
  parseCell,
  parseParamValue,
  readImported,
  rowsToParams,
  rowsToSchema,
  schemaToRows,
  sectionOf,
  stripDocument,
  testsToEntries,
} from './data';

const PACKS = join(__dirname, '../../../../../rule-packs');
const seedFiles = readdirSync(PACKS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(PACKS, d.name)).filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f)).map((f) => join(d.name, f)));
const load = (f: string) => JSON.parse(readFileSync(join(PACKS, f), 'utf8'));

describe('input schema ↔ field rows', () => {
  it('finds the seed packs', () => {
    expect(seedFiles.length).toBeGreaterThanOrEqual(13);
  });

  it.each(seedFiles)('round-trips the input of %s without loss (same JSON text)', (f) => {
    const doc = load(f);
    const rows = schemaToRows(doc.input);
    expect(JSON.stringify(rowsToSchema(rows, doc.input))).toBe(JSON.stringify(doc.input));
  });

  it('reads rater rows of rehab-member-stars as an array with nested fields', () => {
    const rows = schemaToRows(load('rehab-member-stars/1.0.0.json').input);
    expect(rows.map((r) => [r.name, r.type, r.title, r.required])).toEqual([
      ['branch', 'object', '支部总评', true],
      ['peers', 'array', '党员互评', true],
      ['satisfaction', 'number', '群众测评满意度', true],
      ['majorIncident', 'boolean', '发生重大监管改造事故', true],
      ['violation', 'boolean', '存在违法违纪行为', true],
    ]);
    const peers = rows[1];
    expect(peers.fields.map((r) => [r.name, r.title, r.min, r.max])).toEqual([
      ['politics', '政治素质', 0, 20],
      ['duty', '工作职责', 0, 20],
      ['lawAbiding', '遵纪守法', 0, 20],
      ['study', '学习培训', 0, 20],
      ['overtime', '加班加点', 0, 20],
    ]);
    // minItems, the items' title and additionalProperties are not table columns: shown as advanced
    expect(advancedKeys(peers)).toEqual(['minItems', 'items.title', 'items.additionalProperties']);
    expect(advancedKeys(peers.fields[0])).toEqual(['description']);
    // a bound that reads a parameter is not a table value
    const daily = schemaToRows(load('college-member-points/1.0.0.json').input)[1];
    expect([daily.fields[0].max, advancedKeys(daily.fields[0])]).toEqual([null, ['maximum']]);
  });

  it('edits keep the English half of a title, and write min/max/unit/required', () => {
    const input = load('rehab-member-stars/1.0.0.json').input;
    const rows = schemaToRows(input);
    rows[2].title = '满意度';
    rows[2].max = 100;
    rows[2].unit = '%';
    rows[3].required = false;
    const out = rowsToSchema(rows, input);
    const props = out.properties as Record<string, Record<string, unknown>>;
    expect(props.satisfaction).toEqual({ type: 'number', minimum: 0, maximum: 100, title: '满意度 / Masses’ satisfaction (0–1)', unit: '%' });
    expect(out.required).toEqual(['branch', 'peers', 'satisfaction', 'violation']);
    expect(out.additionalProperties).toBe(false);
  });

  it('builds the schema of four new number inputs, a rater-row array and an enum', () => {
    const rows = ['组织建设', '教育管理', '服务群众', '廉洁自律'].map((title, i) => {
      const r = newFieldRow('number');
      r.name = `c${i + 1}`;
      r.title = title;
      r.min = 0;
      r.max = 25;
      return r;
    });
    const raters = newFieldRow('array');
    raters.name = 'raters';
    raters.title = '评议';
    const item = newFieldRow('integer');
    item.name = 'score';
    item.title = '评分';
    item.max = 10;
    raters.fields.push(item);
    const level = newFieldRow('enum');
    level.name = 'level';
    level.title = '级别';
    level.enumText = '县级，市级, 3';
    level.required = false;
    const out = rowsToSchema([...rows, raters, level]);
    expect(out).toEqual({
      type: 'object',
      required: ['c1', 'c2', 'c3', 'c4', 'raters'],
      properties: {
        c1: { title: '组织建设', type: 'number', minimum: 0, maximum: 25 },
        c2: { title: '教育管理', type: 'number', minimum: 0, maximum: 25 },
        c3: { title: '服务群众', type: 'number', minimum: 0, maximum: 25 },
        c4: { title: '廉洁自律', type: 'number', minimum: 0, maximum: 25 },
        raters: { title: '评议', type: 'array', items: { type: 'object', properties: { score: { title: '评分', type: 'integer', maximum: 10 } }, required: ['score'] } },
        level: { title: '级别', enum: ['县级', '市级', 3] },
      },
    });
    // and back
    const again = schemaToRows(out);
    expect(again.map((r) => r.type)).toEqual(['number', 'number', 'number', 'number', 'array', 'enum']);
    expect(JSON.stringify(rowsToSchema(again, out))).toBe(JSON.stringify(out));
  });

  it('changing a type drops the keys of the old type', () => {
    const rows = schemaToRows({ type: 'object', properties: { a: { type: 'number', minimum: 0, maximum: 5, description: 'x' } } });
    rows[0].type = 'boolean';
    expect(rowsToSchema(rows).properties).toEqual({ a: { type: 'boolean', description: 'x' } });
  });

  it('names problems by row in Chinese', () => {
    const a = newFieldRow();
    a.name = 'x';
    const b = newFieldRow();
    b.name = 'x';
    const c = newFieldRow();
    c.name = '1bad';
    c.min = 5;
    c.max = 1;
    expect(fieldProblems([a, b, c])).toEqual(['第 2 行：英文名 x 重复', '第 3 行：英文名须以字母开头，只含字母、数字和下划线', '第 3 行：最小值大于最大值']);
  });
});

describe('parameters ↔ rows', () => {
  it.each(seedFiles)('round-trips the parameters of %s', (f) => {
    const doc = load(f);
    expect(JSON.stringify(rowsToParams(paramsToRows(doc.parameters)))).toBe(JSON.stringify(doc.parameters));
  });

  it('reads band thresholds as a list and writes edits', () => {
    const params = load('rehab-member-stars/1.0.0.json').parameters;
    const rows = paramsToRows(params);
    const bands = rows.find((r) => r.name === 'starBands')!;
    expect(bands.valueText).toBe('60, 70, 80, 90, 96');
    expect(bands.unit).toBe('分');
    bands.valueText = '60，70，80，88，96';
    bands.assumption = true;
    const out = rowsToParams(rows) as Record<string, Record<string, unknown>>;
    expect(out.starBands.value).toEqual([60, 70, 80, 88, 96]);
    expect(out.starBands.assumption).toBe(true);
    expect(out.starBands.increasing).toBe(true);
    expect(out.starBands.cite).toBe(params.starBands.cite);
  });

  it('a new parameter gets a label in both languages', () => {
    const r = newParamRow();
    r.name = 'vetoLine';
    r.label = '否决线';
    r.valueText = '0.8';
    r.min = 0;
    r.max = 1;
    expect(rowsToParams([r])).toEqual({ vetoLine: { value: 0.8, label: { 'zh-CN': '否决线', en: 'vetoLine' }, min: 0, max: 1 } });
  });

  it('允许地方调整: a range, or the parameter own min–max, and the problems the server would report', () => {
    const r = newParamRow();
    r.name = 'starLine';
    r.label = '四星线';
    r.valueText = '80';
    r.min = 0;
    r.max = 100;
    r.local = true;
    expect(rowsToParams([r])).toMatchObject({ starLine: { local: true } });
    expect(paramProblems([r])).toEqual([]);
    r.localMin = 75;
    r.localMax = 85;
    expect(rowsToParams([r])).toMatchObject({ starLine: { value: 80, local: { min: 75, max: 85 } } });
    expect(paramsToRows(rowsToParams([r]))[0]).toMatchObject({ local: true, localMin: 75, localMax: 85 });
    r.localMin = 81;
    expect(paramProblems([r])).toEqual(['第 1 个参数：默认值 80 不在地方调整范围 81 到 85 之内']);
    r.localMax = null;
    expect(paramProblems([r])).toEqual(['第 1 个参数：地方调整的范围须同时填写下限和上限']);
    r.localMin = 90;
    r.localMax = 85;
    expect(paramProblems([r])).toEqual(['第 1 个参数：地方调整的范围 90 到 85 为空']);
    r.valueText = '"a"';
    expect(paramProblems([r])).toEqual(['第 1 个参数：只有数字或数字列表可以允许地方调整']);
    r.local = false;
    expect(rowsToParams([r]).starLine).not.toHaveProperty('local');
  });

  it('parses default values', () => {
    expect(parseParamValue('90')).toBe(90);
    expect(parseParamValue('[70, 80, 90]')).toEqual([70, 80, 90]);
    expect(parseParamValue('70、80、90')).toEqual([70, 80, 90]);
    expect(parseParamValue('{"a":1}')).toEqual({ a: 1 });
    expect(() => parseParamValue('七十')).toThrow('无法识别的默认值：七十');
    expect(() => parseParamValue('')).toThrow('请填写默认值');
  });
});

describe('tests ↔ rows', () => {
  it.each(seedFiles)('round-trips the tests of %s', (f) => {
    const doc = load(f);
    expect(JSON.stringify(entriesToTests(testsToEntries(doc.tests)))).toBe(JSON.stringify(doc.tests ?? []));
  });

  it('shows a one-subject case as a row and keeps others as written', () => {
    const doc = load('rehab-member-stars/1.0.0.json');
    const entries = testsToEntries(doc.tests);
    const first = entries[0];
    expect(first.kind).toBe('row');
    if (first.kind !== 'row') return;
    expect(first.row.id).toBe('m1');
    expect(first.row.period).toBe('2024');
    expect(first.row.inputs.satisfaction).toBe('0.9');
    expect(first.row.inputs.majorIncident).toBe('false');
    expect(first.row.expect).toEqual({ score: '89', stars: '3', vetoed: 'false', commended: 'true', eligibleCenterAwards: 'false', eligibleBureauAwards: 'false' });
    expect(entries.some((e) => e.kind === 'raw')).toBe(true);
  });

  it('writes new rows in the test format', () => {
    const r = newTestRow('2024', 1);
    r.inputs = { c1: '20', c2: '25', veto: '是', note: '' };
    r.expect = { total: '45', stars: '', vetoed: 'true' };
    expect(entriesToTests([{ kind: 'row', row: r }])).toEqual([
      {
        name: '示例 1',
        input: { periods: [{ period: '2024', subjects: [{ id: 's1', c1: 20, c2: 25, veto: true }] }] },
        expect: [{ period: '2024', id: 's1', outputs: { total: 45, vetoed: true } }],
      },
    ]);
  });

  it('parses cells', () => {
    expect(parseCell('12.5')).toBe(12.5);
    expect(parseCell('否')).toBe(false);
    expect(parseCell('[{"a":1}]')).toEqual([{ a: 1 }]);
    expect(parseCell('county')).toBe('county');
    expect(parseCell('[broken')).toBe('[broken');
  });
});

describe('new schemes', () => {
  const blank = blankScheme({ id: 'village-stars', title: '村党组织星级评定', locality: '某县', period: 'year', subjectKind: 'branch', subjectLabel: '党支部' });

  it('a blank scheme is a valid pack whose example test passes', () => {
    expect(validatePack(blank)).toEqual([]);
    const report = runPackTests(blank as unknown as Pack);
    expect([report.passed, report.failed]).toEqual([1, 0]);
  });

  it('a copy of every published seed pack is valid with its tests kept', () => {
    for (const f of seedFiles) {
      const copy = copyFromTemplate(load(f), 'my-copy', '我的方案');
      expect([copy.id, copy.version, (copy.title as Record<string, string>)['zh-CN']]).toEqual(['my-copy', '1.0.0', '我的方案']);
      expect(copy.tests).toEqual(load(f).tests);
      expect(validatePack(copy)).toEqual([]);
    }
    // 22 seed versions validated in turn: several seconds on a loaded 2-core machine
  }, 60_000);

  it('reads an imported file with problems by pointer in Chinese', () => {
    expect(readImported('{"id": "Bad Id"}').problems).toEqual([{ path: '/id', message: '方案标识须为小写字母、数字和连字符（如 village-stars）' }]);
    expect(readImported('[1]').problems[0].message).toBe('文件内容必须是一个 JSON 对象（方案文档）');
    expect(readImported('{oops').problems[0].path).toBe('/');
    expect(readImported('{"id": "ok-id"}').problems).toEqual([]);
  });

  it('maps pointers to sections', () => {
    expect(stripDocument('/document/input/properties/a')).toBe('/input/properties/a');
    expect(sectionOf('/input/properties/a')).toBe('inputs');
    expect(sectionOf('/rules/2/expr')).toBe('rules');
    expect(sectionOf('/summary/0')).toBe('outputs');
    expect(sectionOf('/source/title')).toBe('basic');
  });
});
