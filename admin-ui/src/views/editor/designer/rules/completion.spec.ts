import { describe, expect, it } from 'vitest';
import { applySuggestion, suggest, wordAt } from './completion';
import type { FormulaScope } from './formulaApi';

const scope: FormulaScope = {
  names: [
    { name: 'organisation', label: '组织建设', kind: 'input', pointer: '/input/properties/organisation', unit: '分' },
    { name: 'education', label: '教育管理', kind: 'input', pointer: '/input/properties/education' },
    { name: 'peers', label: '同级评议', kind: 'input', pointer: '/input/properties/peers' },
    { name: 'total', label: '总分', kind: 'item', pointer: '/input/properties/peers/items/properties/total', array: 'peers' },
    { name: 'score', label: '总分', kind: 'rule', pointer: '/rules/0' },
    { name: 'starBands', label: '星级下限', kind: 'parameter', pointer: '/parameters/starBands', unit: '分' },
    { name: 'vetoed', label: '一票否决（撤星）', kind: 'rule', pointer: '/rules/2' },
  ],
};
const aliases = { 如果: 'if', 平均: 'mean', 求和: 'sum' };

describe('formula bar completion', () => {
  it('finds the CJK word before the caret', () => {
    expect(wordAt('总分 + 组织', 7)).toEqual({ word: '组织', start: 5 });
    expect(wordAt('总分 + ', 5)).toBeNull();
    expect(wordAt('self.te', 7)).toEqual({ word: 'self.te', start: 0 });
  });

  it('offers 组织建设 for 组织 with its English name, unit and kind in Chinese', () => {
    expect(suggest(scope, '组织', aliases, [])).toEqual([{ insert: '组织建设', label: '组织建设', detail: 'organisation · 单位：分 · 输入项', kind: 'input' }]);
  });

  it('offers one 总分 when a rule and a rater-row item share the label: the rule', () => {
    expect(suggest(scope, '总', aliases, []).map((s) => [s.insert, s.detail])).toEqual([['总分', 'score · 规则']]);
  });

  it('describes an item by its table', () => {
    const items: FormulaScope = { names: scope.names.filter((n) => n.kind !== 'rule') };
    expect(suggest(items, '总', aliases, []).map((s) => s.detail)).toEqual(['total · 同级评议每行的项']);
  });

  it('offers Chinese function aliases with an opening parenthesis', () => {
    expect(suggest(scope, '如', aliases, []).map((s) => s.insert)).toEqual(['如果(']);
    expect(suggest(scope, 'ro', aliases, ['round', 'floor']).map((s) => s.insert)).toEqual(['round(']);
  });

  it('quotes a label a word cannot hold in 【…】, and inserts the English name when the English name matched', () => {
    expect(suggest(scope, '一票', aliases, [])[0].insert).toBe('【一票否决（撤星）】');
    expect(suggest(scope, 'vet', aliases, [])[0].insert).toBe('vetoed');
  });

  it('replaces the whole word under the caret and does not double a parenthesis', () => {
    expect(applySuggestion('1 + 组织 * 2', 4, 6, '组织建设')).toEqual({ text: '1 + 组织建设 * 2', caret: 8 });
    expect(applySuggestion('如(x)', 0, 1, '如果(')).toEqual({ text: '如果(x)', caret: 2 });
  });
});
