import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMULA_ALIASES, FormulaError, compileFormula, formulaScopeOf, printFormulaLabelled, type FormulaScope, type JsonLogic } from './index';

const v = (path: string) => ({ var: path });

/** A village branch scheme as the designer writes it: four scored items, a veto flag, rater rows, a weight. */
const village = {
  input: {
    type: 'object',
    properties: {
      organisation: { type: 'number', title: '组织建设' },
      education: { type: 'number', title: '教育管理' },
      service: { type: 'number', title: '服务群众' },
      integrity: { type: 'number', title: '廉洁自律 / Integrity' },
      seriousBreach: { type: 'boolean', title: '发生严重违纪' },
      self: {
        type: 'object',
        title: '支部自评',
        properties: { teamBuilding: { type: 'number', title: '班子建设' }, innovation: { type: 'number', title: '创新工作' } },
      },
      committee: {
        type: 'object',
        title: '党委评价',
        properties: { teamBuilding: { type: 'number', title: '班子建设' } },
      },
      key: { type: 'number', title: '重点项（10项，满分45）/ Key items' },
      peers: {
        type: 'array',
        title: '同级评议',
        items: { type: 'object', properties: { total: { type: 'number', title: '总分' }, note: { type: 'string', title: '评语' } } },
      },
    },
  },
  parameters: {
    'weights.self': { value: 0.3, label: { 'zh-CN': '自评权重', en: 'Self weight' }, unit: '%' },
    starBands: { value: [70, 80, 90], label: { 'zh-CN': '星级分数线', en: 'Star bounds' } },
  },
  rules: [
    { name: 'total', kind: 'value', label: { 'zh-CN': '总分', en: 'Total' } },
    { name: 'stars', kind: 'bands', label: { 'zh-CN': '星级', en: 'Stars' } },
    { name: 'vetoed', kind: 'veto', label: { 'zh-CN': '一票否决（撤星）', en: 'Veto' } },
  ],
};
const scope = formulaScopeOf(village).scope;
const compile = (text: string) => compileFormula(text, scope);

function compileError(text: string, s: FormulaScope = scope): FormulaError {
  try {
    compileFormula(text, s);
  } catch (e) {
    expect(e).toBeInstanceOf(FormulaError);
    return e as FormulaError;
  }
  throw new Error(`expected a FormulaError for ${JSON.stringify(text)}`);
}

describe('formulaScopeOf', () => {
  it('lists inputs (nested too), array items, parameters and rules with their pointers', () => {
    const byName = (name: string, kind?: string) => scope.names.find((n) => n.name === name && (!kind || n.kind === kind));
    expect(byName('organisation')).toEqual({ name: 'organisation', label: '组织建设', kind: 'input', pointer: '/input/properties/organisation' });
    expect(byName('integrity')?.label).toBe('廉洁自律');
    expect(byName('self.teamBuilding')).toEqual({ name: 'self.teamBuilding', label: '班子建设', kind: 'input', pointer: '/input/properties/self/properties/teamBuilding' });
    expect(byName('total', 'item')).toEqual({ name: 'total', label: '总分', kind: 'item', pointer: '/input/properties/peers/items/properties/total', array: 'peers' });
    expect(byName('weights.self')).toEqual({ name: 'weights.self', label: '自评权重', kind: 'parameter', pointer: '/parameters/weights.self', unit: '%' });
    expect(byName('total', 'rule')).toEqual({ name: 'total', label: '总分', kind: 'rule', pointer: '/rules/0' });
    expect(byName('key')?.label).toBe('重点项（10项，满分45）');
  });

  it('the same label on a rule and on an array item is no clash (items are read only inside map/filter)', () => {
    expect(formulaScopeOf(village).errors).toEqual([]);
  });

  it('two names with the same label are a DuplicateLabel error naming both pointers, at the second', () => {
    const doc = {
      input: { type: 'object', properties: { a: { type: 'number', title: '得分' } } },
      parameters: { p: { value: 1, label: { 'zh-CN': '得分', en: 'Score' } } },
      rules: [{ name: 'r', kind: 'value', label: { 'zh-CN': '得分', en: 'Score' } }],
    };
    expect(formulaScopeOf(doc).errors).toEqual([
      {
        kind: 'DuplicateLabel',
        path: '/parameters/p',
        message: {
          'zh-CN': '中文名“得分”重复：/input/properties/a 与 /parameters/p 同名，公式无法区分，请修改其中一个',
          en: 'the Chinese name "得分" is used twice: /input/properties/a and /parameters/p; formulas cannot tell them apart, rename one',
        },
      },
      expect.objectContaining({ kind: 'DuplicateLabel', path: '/rules/0' }),
    ]);
  });

  it('two fields of the same array items with the same label clash too', () => {
    const doc = { input: { type: 'object', properties: { rows: { type: 'array', items: { type: 'object', properties: { x: { title: '分' }, y: { title: '分' } } } } } } };
    expect(formulaScopeOf(doc).errors.map((e) => e.path)).toEqual(['/input/properties/rows/items/properties/y']);
  });

  it('never throws on documents of any shape', () => {
    for (const doc of [null, 42, 'x', [], { input: 5, rules: 'x', parameters: [] }, { input: { properties: { a: null, b: { title: 7 } } }, rules: [null, { name: 3 }] }]) {
      expect(formulaScopeOf(doc)).toEqual({ scope: { names: [] }, errors: [] });
    }
  });
});

describe('compileFormula with Chinese names', () => {
  it('the issue examples: a sum of four titles, and if over a veto flag and a rule label', () => {
    expect(compile('组织建设 + 教育管理 + 服务群众 + 廉洁自律')).toEqual({ '+': [v('organisation'), v('education'), v('service'), v('integrity')] });
    expect(compile('如果(发生严重违纪, 0, 星级)')).toEqual({ if: [v('seriousBreach'), 0, v('stars')] });
  });

  it('item labels resolve inside map/filter over their array, relative to the item', () => {
    expect(compile('四舍五入(平均(map(同级评议, 总分)), 2)')).toEqual({ round: [{ mean: [{ map: [v('peers'), v('total')] }] }, 2] });
    expect(compile('计数(filter(同级评议, 总分 >= 60))')).toEqual({ count: [{ filter: [v('peers'), { '>=': [v('total'), 60] }] }] });
    expect(compile('map(filter(同级评议, 总分 > 60), 总分)')).toEqual({ map: [{ filter: [v('peers'), { '>': [v('total'), 60] }] }, v('total')] });
    expect(compile('some(同级评议, 总分 < 60)')).toEqual({ some: [v('peers'), { '<': [v('total'), 60] }] });
    expect(compile('reduce(同级评议, accumulator + 总分, 0)')).toEqual({ reduce: [v('peers'), { '+': [v('accumulator'), v('current.total')] }, 0] });
  });

  it('outside map the same word is the rule label', () => {
    expect(compile('总分 + 1')).toEqual({ '+': [v('total'), 1] });
  });

  it('parameters by label, with an element index', () => {
    expect(compile('自评权重 * 支部自评.班子建设')).toEqual({ '*': [v('weights.self'), v('self.teamBuilding')] });
    expect(compile('星级分数线[2] + 星级分数线.0')).toEqual({ '+': [v('starBands.2'), v('starBands.0')] });
  });

  it('English names come first and stay as written', () => {
    expect(compile('organisation + self.teamBuilding + weights.self')).toEqual({ '+': [v('organisation'), v('self.teamBuilding'), v('weights.self')] });
    expect(compile('self.创新工作')).toEqual(v('self.innovation'));
  });

  it('labels with characters a name cannot hold are written in 【…】 or 「…」 (width-insensitive)', () => {
    expect(compile('【重点项（10项，满分45）】 * 2')).toEqual({ '*': [v('key'), 2] });
    expect(compile('「重点项(10项,满分45)」')).toEqual(v('key'));
    expect(compile('not 【一票否决（撤星）】')).toEqual({ '!': [v('vetoed')] });
  });

  it('a nested label shared by two objects is ambiguous alone, and resolves qualified by its parent', () => {
    const e = compileError('班子建设 + 1');
    expect(e.offset).toBe(0);
    expect(e.length).toBe(4);
    expect(e.messageZh).toBe(
      '第 1 个字符处的名称“班子建设”有歧义（/input/properties/self/properties/teamBuilding、/input/properties/committee/properties/teamBuilding），请写成 支部自评.班子建设 或 党委评价.班子建设',
    );
    expect(compile('党委评价.班子建设')).toEqual(v('committee.teamBuilding'));
    // a label only one object has needs no parent
    expect(compile('创新工作')).toEqual(v('self.innovation'));
  });

  it('an unknown name is an error at the offset of the word', () => {
    const e = compileError('组织建设 + 未知项 * 2');
    expect([e.offset, e.length]).toEqual([7, 3]);
    expect(e.messageZh).toBe('第 8 个字符处出现未知的名称“未知项”');
    expect(e.message).toBe("Unknown name '未知项' at character 8");
  });

  it('an item field outside map, and a top-level name inside map, say where they belong', () => {
    const outside = compileError('评语 == "好"');
    expect(outside.offset).toBe(0);
    expect(outside.messageZh).toBe('第 1 个字符处的“评语”是“同级评议”每一项的字段，只能在 map(同级评议, …)、filter 等函数的第二个参数中使用');
    const inside = compileError('map(同级评议, 总分 * 自评权重)');
    expect([inside.offset, inside.length]).toEqual([15, 4]);
    expect(inside.messageZh).toBe('第 16 个字符处的“自评权重”不能在 map、filter 等函数的第二个参数中使用：那里的名称是数组“同级评议”每一项的字段');
  });

  it('without a scope names are kept as written', () => {
    expect(compileFormula('组织建设 + 1')).toEqual({ '+': [v('组织建设'), 1] });
  });
});

describe('Chinese aliases and full-width punctuation', () => {
  it.each(Object.entries(FORMULA_ALIASES).filter(([, en]) => !['and', 'or', 'not', 'map', 'filter', 'all', 'some', 'none', 'in', 'cat'].includes(en)))(
    '%s(…) is %s(…)',
    (zh, en) => {
      const args = en === 'if' ? '组织建设, 1, 2' : en === 'round' ? '组织建设, 2' : ['sum', 'mean', 'count'].includes(en) ? '[组织建设, 教育管理]' : '组织建设';
      expect(compile(`${zh}(${args})`)).toEqual(compile(`${en}(${args})`));
    },
  );

  it('the aliases of the issue are all there', () => {
    expect(FORMULA_ALIASES).toMatchObject({ 如果: 'if', 求和: 'sum', 平均: 'mean', 最大: 'max', 最小: 'min', 四舍五入: 'round', 向下取整: 'floor', 向上取整: 'ceil', 计数: 'count', 且: 'and', 或: 'or', 非: 'not' });
  });

  it('且 或 非 are operators and functions', () => {
    expect(compile('组织建设 > 20 且 非 发生严重违纪 或 星级 >= 3')).toEqual({
      or: [{ and: [{ '>': [v('organisation'), 20] }, { '!': [v('seriousBreach')] }] }, { '>=': [v('stars'), 3] }],
    });
    expect(compile('且(发生严重违纪, 或(星级, 总分))')).toEqual({ and: [v('seriousBreach'), { or: [v('stars'), v('total')] }] });
    expect(compile('非(发生严重违纪)')).toEqual({ '!': [v('seriousBreach')] });
  });

  it('English function names are case-insensitive', () => {
    expect(compile('ROUND(Mean(map(同级评议, 总分)), 2)')).toEqual(compile('四舍五入(平均(map(同级评议, 总分)), 2)'));
  });

  it('full-width operators, brackets, digits and comma read as their ASCII twins', () => {
    expect(compile('如果（组织建设＋教育管理 ≥ ４０，（服务群众－１）×２÷４，０）')).toEqual({
      if: [{ '>=': [{ '+': [v('organisation'), v('education')] }, 40] }, { '/': [{ '*': [{ '-': [v('service'), 1] }, 2] }, 4] }, 0],
    });
    expect(compile('组织建设 ≤ ２５．５ 且 教育管理 ≠ 0 且 服务群众 ＝ 1 且 廉洁自律 ＜ 1 且 星级 ＞ 1 且 ！发生严重违纪 且 总分 ％ 2')).toEqual({
      and: [
        { '<=': [v('organisation'), 25.5] },
        { '!=': [v('education'), 0] },
        { '==': [v('service'), 1] },
        { '<': [v('integrity'), 1] },
        { '>': [v('stars'), 1] },
        { '!': [v('seriousBreach')] },
        { '%': [v('total'), 2] },
      ],
    });
  });

  it('Chinese quotes delimit strings; 、 is not part of a name', () => {
    expect(compile('如果(发生严重违纪, “否决”, ‘通过’)')).toEqual({ if: [v('seriousBreach'), '否决', '通过'] });
    const e = compileError('组织建设、教育管理');
    expect([e.offset, e.messageZh]).toEqual([4, '第 5 个字符处出现意外的字符“、”']);
  });

  it('names may hold digits', () => {
    const s = formulaScopeOf({ input: { type: 'object', properties: { a: { title: '第2项' } } } }).scope;
    expect(compileFormula('第2项 + 第２项', s)).toEqual({ '+': [v('a'), v('a')] });
  });
});

describe('printFormulaLabelled', () => {
  it('prints labels and, with zh, Chinese function names; reads back as the same logic', () => {
    const logic = compile('如果(发生严重违纪, 0, 四舍五入(平均(map(同级评议, 总分)), 2) + 自评权重 * 党委评价.班子建设)');
    const zh = printFormulaLabelled(logic, scope, { zh: true });
    expect(zh).toBe('如果(发生严重违纪, 0, 四舍五入(平均(map(同级评议, 总分)), 2) + 自评权重 * 党委评价.班子建设)');
    expect(printFormulaLabelled(logic, scope)).toBe('if(发生严重违纪, 0, round(mean(map(同级评议, 总分)), 2) + 自评权重 * 党委评价.班子建设)');
    expect(compile(zh)).toEqual(logic);
  });

  it('quotes labels that are not names, keeps English where there is no label, and prints 且/或/非', () => {
    const logic: JsonLogic = { and: [{ '>': [v('key'), v('starBands.1')] }, { '!': [v('vetoed')] }, v('unknownThing')] };
    expect(printFormulaLabelled(logic, scope, { zh: true })).toBe('【重点项（10项，满分45）】 > 星级分数线.1 且 非 【一票否决（撤星）】 且 unknownThing');
  });

  it('falls back to printFormula when a label would not read back', () => {
    const s = formulaScopeOf({ input: { type: 'object', properties: { a: { title: 'true' }, b: { title: '或' } } } }).scope;
    expect(printFormulaLabelled({ '+': [v('a'), v('b')] }, s)).toBe('【true】 + 【或】');
    // and printFormula throws, as it does, for logic that has no formula form
    expect(() => printFormulaLabelled({ method: [1, 'x'] } as never, s, { zh: true })).toThrow("The operator 'method' has no formula form");
  });
});

describe('the seed packs', () => {
  const root = join(__dirname, '../../../../rule-packs');
  const files = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)).filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f)).map((f) => join(root, d.name, f)));

  it('are 30 versions', () => expect(files).toHaveLength(30));

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s: no clashing labels, and every label reads back as its name', (_, file) => {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const { scope: s, errors } = formulaScopeOf(doc);
    expect(errors).toEqual([]);
    for (const n of s.names) {
      const logic = n.kind === 'item' ? { map: [v(n.array!), v(n.name)] } : v(n.name);
      const text = printFormulaLabelled(logic, s, { zh: true });
      // the label (maybe qualified by its parent, maybe in 【…】) is printed, not the English name
      expect(text).toContain(n.label);
      expect(compileFormula(text, s)).toEqual(logic);
    }
  });
});
