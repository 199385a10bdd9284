import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillFormulas, formulaSites } from './index';
import { validatePack } from '../validate/validate';

const packs = join(__dirname, '../../../../rule-packs');
const load = (id: string) => JSON.parse(readFileSync(join(packs, id, '1.0.0.json'), 'utf8'));

/** The pack with every JSON Logic slot that has a formula removed: the document an author writes. */
function formulaOnly(doc: any): any {
  const copy = JSON.parse(JSON.stringify(doc));
  for (const s of formulaSites(copy)) if (s.target && !Array.isArray(s.target.parent)) delete (s.target.parent as Record<string, unknown>)[s.target.key];
  return copy;
}

describe('fillFormulas', () => {
  const original = load('rehab-member-stars');

  it('a formula-only copy of rehab-member-stars fills back to the shipped pack', () => {
    const authored = formulaOnly(original);
    expect(authored.rules[0].expr).toBeUndefined();
    expect(authored.rules[4].when).toBeUndefined();
    expect(authored.rules[4].value).toBeUndefined();
    const { doc, errors } = fillFormulas(authored);
    expect(errors).toEqual([]);
    expect(doc).toEqual(original);
    // a filled slot goes just before its formula, as the shipped rules mostly write it
    expect(Object.keys((doc as any).rules[0])).toEqual(Object.keys(original.rules[0]));
    expect(Object.keys((doc as any).rules[4])).toEqual(['name', 'kind', 'label', 'cite', 'when', 'value', 'formula', 'target']);
    // the input is not touched
    expect(authored.rules[0].expr).toBeUndefined();
  });

  it('every seed pack fills back to itself from its formulas alone', () => {
    for (const id of ['keqiao-community-stars', 'rehab-branch-stars', 'jingyuan-branch-grades', 'ouhai-commendation', 'prison-dedication-points']) {
      const p = load(id);
      const { doc, errors } = fillFormulas(formulaOnly(p));
      expect({ id, errors }).toEqual({ id, errors: [] });
      expect(doc).toEqual(p);
    }
  });

  it('Chinese formulas fill English JSON Logic and keep their text as written', () => {
    const authored = formulaOnly(original);
    authored.rules[2].formula.expr = '党员互评权重 × 党员互评平均分 ＋ 支部总评权重 * 支部总评总分';
    authored.rules[4].formula.when = '群众测评满意度 <= 群众满意度否决线 或 发生重大监管改造事故 或 存在违法违纪行为';
    const { doc, errors } = fillFormulas(authored) as { doc: any; errors: unknown[] };
    expect(errors).toEqual([]);
    expect(doc.rules[2].expr).toEqual(original.rules[2].expr);
    expect(doc.rules[4].when).toEqual(original.rules[4].when);
    expect(doc.rules[2].formula.expr).toBe('党员互评权重 × 党员互评平均分 ＋ 支部总评权重 * 支部总评总分');
  });

  it('the formula wins over a stale JSON Logic slot', () => {
    const stale = JSON.parse(JSON.stringify(original));
    stale.rules[5].expr = { '>=': [{ var: 'stars' }, 1] };
    expect((fillFormulas(stale).doc as any).rules[5].expr).toEqual({ '>=': [{ var: 'stars' }, 3] });
  });

  it('errors name the formula slot: a rule slot and a ladder check, in Chinese and English', () => {
    const ladder = load('keqiao-community-stars');
    ladder.rules[0].levels[0].checks[1].formula = 'systemsImplemented 且';
    const { errors } = fillFormulas(ladder);
    expect(errors).toEqual([
      {
        kind: 'FormulaError',
        path: '/rules/0/levels/0/checks/1/formula',
        message: { 'zh-CN': '公式有误：第 21 个字符处公式意外结束，缺少表达式', en: 'formula error: Expected an expression, but the formula ends at character 21' },
      },
    ]);
    const authored = formulaOnly(original);
    authored.rules[3].formula.of = '综合评价得分 + 星级数';
    expect(fillFormulas(authored).errors).toEqual([
      { kind: 'FormulaError', path: '/rules/3/formula/of', message: { 'zh-CN': '公式有误：第 10 个字符处出现未知的名称“星级数”', en: "formula error: Unknown name '星级数' at character 10" } },
    ]);
  });

  it('a formula whose slot has no container is FormulaMismatch by its pointer', () => {
    const p = load('rehab-branch-stars');
    const i = p.rules.findIndex((r: any) => r.kind === 'value');
    p.rules[i].formula = { 'levels.3': 'a' };
    expect(fillFormulas(p).errors).toEqual([
      { kind: 'FormulaMismatch', path: `/rules/${i}/formula/levels.3`, message: { 'zh-CN': '公式对应的字段 "levels.3" 不存在', en: 'the formula\'s slot "levels.3" does not exist' } },
    ]);
  });

  it('never throws', () => {
    for (const doc of [null, 1, 'x', [], { rules: 5 }, { rules: [null, { formula: 3 }, { formula: { expr: 4 } }, { kind: 'ladder', levels: [null, { checks: 'x' }] }] }]) {
      expect(() => fillFormulas(doc)).not.toThrow();
    }
  });
});

describe('validatePack with formulas', () => {
  const original = load('rehab-member-stars');

  it('accepts a formula-only document', () => {
    expect(validatePack(formulaOnly(original))).toEqual([]);
  });

  it('still reports a stored slot that differs from its formula, without pointing at a CLI command', () => {
    const stale = JSON.parse(JSON.stringify(original));
    stale.rules[5].expr = { '>=': [{ var: 'stars' }, 1] };
    expect(validatePack(stale)).toEqual([
      {
        kind: 'FormulaMismatch',
        path: '/rules/5/formula/expr',
        message: { 'zh-CN': '公式与其 JSON Logic 不一致；保存时将按公式重新生成 JSON Logic', en: 'the formula does not match its JSON Logic; saving regenerates the JSON Logic from the formula' },
      },
    ]);
  });

  it('reports a formula that does not compile by its pointer, with the static checks', () => {
    const authored = formulaOnly(original);
    authored.rules[0].formula.expr = 'mean(map(党员互评, 星级))';
    const errors = validatePack(authored);
    expect(errors.map((e) => [e.kind, e.path])).toEqual([['FormulaError', '/rules/0/formula/expr']]);
    expect(errors[0].message['zh-CN']).toBe('公式有误：第 16 个字符处的“星级”不能在 map、filter 等函数的第二个参数中使用：那里的名称是数组“党员互评”每一项的字段');
  });

  it('reports two inputs with the same Chinese title as DuplicateLabel', () => {
    const dup = JSON.parse(JSON.stringify(original));
    dup.input.properties.violation.title = '发生重大监管改造事故 / Breach';
    expect(validatePack(dup)).toEqual([
      expect.objectContaining({ kind: 'DuplicateLabel', path: '/input/properties/violation' }),
    ]);
  });
});
