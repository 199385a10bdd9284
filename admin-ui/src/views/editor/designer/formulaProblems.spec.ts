import { describe, expect, it } from 'vitest';
import { formulaProblems } from './formulaProblems';

describe('formulaProblems', () => {
  const doc = {
    input: { type: 'object', properties: { a: { type: 'number', title: '甲' } } },
    parameters: {},
    rules: [
      { kind: 'value', name: 'x', expr: { var: 'a' }, formula: { expr: 'a + 1' } },
      { kind: 'value', name: 'y', expr: 0, formula: { expr: 'a + (' } },
      { kind: 'ladder', name: 'z', levels: [{ value: 1, checks: [{ id: 'c', expr: true, formula: 'a >' }] }] },
    ],
    summary: [{ kind: 'value', name: 's', expr: 0, formula: { expr: '1 +* 2' } }],
  };

  it('marks only the formulas that do not compile, by the pointer of their text', () => {
    expect(formulaProblems(doc).map((p) => p.path)).toEqual(['/rules/1/formula/expr', '/rules/2/levels/0/checks/0/formula', '/summary/0/formula/expr']);
    expect((formulaProblems(doc)[0].message as { 'zh-CN': string })['zh-CN']).toMatch(/^公式有误：/);
  });
});
