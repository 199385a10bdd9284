import { validatePack } from '../validate/validate';
import type { Pack } from '../types';
import { villagePack } from '../diff/village.fixture';
import { checkLocalValues, localNotes, localParameters, localRange } from './local';

/** The village pack (passLine 80, 0–100) with `edit` applied to a deep copy. */
function pack(edit: (p: any) => void = () => undefined): Pack {
  const p = JSON.parse(JSON.stringify(villagePack()));
  p.parameters.passLine.label = { 'zh-CN': '四星线', en: 'Four-star line' };
  p.parameters.passLine.local = { min: 75, max: 85 };
  p.parameters.bands = { value: [60, 70], label: { 'zh-CN': '分档', en: 'Bands' }, increasing: true, local: { min: 50, max: 80 } };
  p.parameters.secret = { value: 3, label: { 'zh-CN': '省定系数', en: 'Provincial factor' } };
  edit(p);
  return p;
}
const paths = (p: Pack) => validatePack(p).map((e) => [e.path, e.message['zh-CN']]);

describe('checkLocalValues', () => {
  it('takes a value inside the range and at both edges', () => {
    for (const v of [75, 82, 85]) expect(checkLocalValues(pack(), { passLine: v })).toEqual([]);
    expect(checkLocalValues(pack(), { bands: [50, 80] })).toEqual([]);
  });

  it('refuses a value just outside either edge, naming the parameter and the range', () => {
    for (const v of [74.9, 85.01]) {
      expect(checkLocalValues(pack(), { passLine: v })).toEqual([
        { kind: 'BadParameter', path: '/parameters/passLine', message: { 'zh-CN': '四星线 应在 75 到 85 之间', en: 'Four-star line must be between 75 and 85' } },
      ]);
    }
  });

  it('refuses the wrong type, a parameter that is not local and one that does not exist', () => {
    const e = checkLocalValues(pack(), { passLine: '82', secret: 4, nope: 1 });
    expect(e.map((x) => [x.kind, x.path, x.message['zh-CN']])).toEqual([
      ['BadParameter', '/parameters/passLine', '四星线 应为数字，应在 75 到 85 之间'],
      ['BadParameter', '/parameters/secret', '省定系数 由省里统一规定，不能在本地调整'],
      ['UnknownParameter', '/parameters/nope', '规则包没有参数“nope”'],
    ]);
  });

  it('checks a list element by element: its length, each range, and that it still increases', () => {
    expect(checkLocalValues(pack(), { bands: [60] }).map((x) => x.path)).toEqual(['/parameters/bands']);
    expect(checkLocalValues(pack(), { bands: [45, 90] }).map((x) => [x.path, x.message['zh-CN']])).toEqual([
      ['/parameters/bands/0', '分档 第 1 个数 应在 50 到 80 之间'],
      ['/parameters/bands/1', '分档 第 2 个数 应在 50 到 80 之间'],
    ]);
    expect(checkLocalValues(pack(), { bands: [70, 70] }).map((x) => x.path)).toEqual(['/parameters/bands/1']);
  });

  it('escapes a name with a slash in its pointer', () => {
    expect(checkLocalValues(pack(), { 'a/b': 1 })[0].path).toBe('/parameters/a~1b');
  });
});

describe('local declarations (validatePack)', () => {
  it('a pack with sensible local ranges is valid, and lists them for the deployment form', () => {
    expect(validatePack(pack())).toEqual([]);
    expect(localParameters(pack()).map((p) => [p.name, p.default, p.min, p.max, p.unit])).toEqual([
      ['passLine', 80, 75, 85, '分'],
      ['bands', [60, 70], 50, 80, null],
    ]);
  });

  it('local: true takes the parameter own min and max, and needs both', () => {
    expect(localRange(pack((p) => (p.parameters.passLine.local = true)).parameters.passLine)).toEqual({ min: 0, max: 100 });
    expect(paths(pack((p) => (p.parameters.bands.local = true)))).toEqual([
      ['/parameters/bands/local', '分档 设为 local: true 时须有最小值和最大值（或写明 local 的 min 和 max）'],
    ]);
  });

  it('refuses min above max, a range beyond the parameter bounds, and a default outside the range', () => {
    expect(paths(pack((p) => (p.parameters.passLine.local = { min: 85, max: 75 })))).toEqual([
      ['/parameters/passLine/local/min', '四星线 的地方调整范围 85 到 75 为空（最小值大于最大值）'],
    ]);
    expect(paths(pack((p) => (p.parameters.passLine.local = { min: -5, max: 120 })))).toEqual([
      ['/parameters/passLine/local/min', '四星线 的地方调整下限 -5 低于参数最小值 0'],
      ['/parameters/passLine/local/max', '四星线 的地方调整上限 120 高于参数最大值 100'],
    ]);
    expect(paths(pack((p) => (p.parameters.passLine.local = { min: 81, max: 85 })))).toEqual([
      ['/parameters/passLine/value', '四星线 的默认值 80 不在地方调整范围 81 到 85 之内'],
    ]);
    expect(paths(pack((p) => (p.parameters.bands.local = { min: 65, max: 80 })))).toEqual([
      ['/parameters/bands/value/0', '分档 的默认值 60 不在地方调整范围 65 到 80 之内'],
    ]);
  });

  it('only on numbers or lists of numbers, and never on a weight of a weight group', () => {
    expect(paths(pack((p) => (p.parameters.secret = { value: 'x', label: { 'zh-CN': '名称', en: 'Name' }, local: { min: 0, max: 1 } })))).toEqual([
      ['/parameters/secret/local', '名称 不是数字或数字列表，不能设为可由地方调整'],
    ]);
    const weighted = pack((p) => {
      p.parameters.w1 = { value: 0.6, label: { 'zh-CN': '权重一', en: 'W1' }, local: { min: 0.5, max: 0.7 } };
      p.parameters.w2 = { value: 0.4, label: { 'zh-CN': '权重二', en: 'W2' } };
      p.weightGroups = [{ params: ['w1', 'w2'], sum: 1 }];
    });
    expect(paths(weighted)).toEqual([['/parameters/w1/local', '权重一 属于须合计为定值的权重组，不能由地方单独调整']]);
  });

  it('the schema takes true or { min, max } and nothing else', () => {
    for (const local of [false, 'yes', { min: 1 }, { min: 1, max: 2, step: 1 }]) {
      const e = validatePack(pack((p) => (p.parameters.passLine.local = local)));
      expect(e.length).toBeGreaterThan(0);
      expect(e.every((x) => x.kind === 'SchemaViolation' && x.path.startsWith('/parameters/passLine/local'))).toBe(true);
    }
  });
});

describe('localNotes', () => {
  it('names each value that differs from the pack, with the province range (or the pack value when not local)', () => {
    expect(localNotes(pack(), { passLine: 82, bands: [60, 70], secret: 4 })).toEqual([
      { name: 'passLine', 'zh-CN': '本地参数：四星线 82 分（省定 75–85）', en: 'Local parameter: Four-star line 82 分 (province\'s range 75–85)' },
      { name: 'secret', 'zh-CN': '本地参数：省定系数 4（规则包为 3）', en: 'Local parameter: Provincial factor 4 (the pack\'s value 3)' },
    ]);
    expect(localNotes(pack(), null)).toEqual([]);
  });
});
