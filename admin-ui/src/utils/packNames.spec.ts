import { describe, expect, it } from 'vitest';
import { OPERATORS, inputPaths, packNames } from './packNames';

const doc = {
  input: {
    type: 'object',
    properties: {
      self: { type: 'object', properties: { teamBuilding: { type: 'number' }, innovation: { type: 'number' } } },
      peers: { type: 'array', items: { type: 'object' } },
      line: { enum: ['front', 'second'] },
    },
  },
  parameters: { 'weights.self': { value: 0.1, label: { 'zh-CN': '自评权重', en: 'Self weight' } }, satisfactionVeto: { value: 0.8, label: { 'zh-CN': '满意度', en: 's' }, assumption: true } },
  rules: [{ name: 'score', kind: 'value', label: { 'zh-CN': '得分', en: 'Score' } }, { name: 'stars', kind: 'bands' }],
};

describe('packNames', () => {
  it('lists nested input fields as dotted paths', () => {
    expect(inputPaths(doc.input).map((n) => n.label)).toEqual(['self', 'self.teamBuilding', 'self.innovation', 'peers', 'line']);
  });

  it('lists inputs, parameters (with value and assumption mark) and rules', () => {
    const names = packNames(doc);
    expect(names.filter((n) => n.kind === 'parameter')).toEqual([
      { label: 'weights.self', kind: 'parameter', detail: '自评权重 = 0.1' },
      { label: 'satisfactionVeto', kind: 'parameter', detail: '满意度 = 0.8（假设值）' },
    ]);
    expect(names.filter((n) => n.kind === 'rule').map((n) => n.label)).toEqual(['score', 'stars']);
  });

  it('offers the engine operators and never method or log', () => {
    expect(OPERATORS).toEqual(expect.arrayContaining(['var', 'round', 'mean', 'if', '<=', 'map']));
    expect(OPERATORS).not.toContain('method');
    expect(OPERATORS).not.toContain('log');
  });

  it('returns nothing for a non-object document', () => {
    expect(packNames('x')).toEqual([]);
  });
});
