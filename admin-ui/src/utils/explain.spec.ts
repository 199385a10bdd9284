import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '@/api/packs';
import { explainOutput, formatNumber, formatOutput, labelText, substitutedFormula, traceLines } from './explain';

// Trace entries as `rules eval rehab-branch-stars --trace` prints them for the SCHEMES.md example.
const pack = {
  rules: [
    { name: 'selfTotal', kind: 'value', label: { 'zh-CN': '支部自评总分', en: 'Self-assessment total' } },
    { name: 'score', kind: 'value', label: { 'zh-CN': '综合评价得分', en: 'Overall score' } },
    { name: 'stars', kind: 'bands', label: { 'zh-CN': '星级', en: 'Stars' } },
    { name: 'vetoed', kind: 'veto', label: { 'zh-CN': '一票否决（撤星摘牌）', en: 'Veto (stars withdrawn)' } },
    { name: 'commended', kind: 'value', label: { 'zh-CN': '表彰奖励并授星挂牌', en: 'Commended' } },
  ],
  parameters: { satisfactionVeto: { label: { 'zh-CN': '满意度否决线', en: 'Satisfaction veto line' } } },
  input: { properties: { satisfaction: { title: '群众满意度 / Satisfaction' } } },
};

const score: TraceEntry = {
  rule: 'score',
  kind: 'value',
  value: 91.5,
  expr: { '+': [{ '*': [{ var: 'weights.self' }, { var: 'selfTotal' }] }, { '*': [{ var: 'weights.peers' }, { var: 'peersMean' }] }, { '*': [{ var: 'weights.committee' }, { var: 'committeeTotal' }] }] },
  parameters: { 'weights.self': 0.1, 'weights.peers': 0.3, 'weights.committee': 0.6 },
  values: { selfTotal: 90, peersMean: 85, committeeTotal: 95 },
  fired: null,
};
const stars: TraceEntry = { rule: 'stars', kind: 'bands', value: 4, expr: { var: 'score' }, formula: 'score', values: { score: 91.5 }, fired: { of: 91.5, band: { from: 90, to: 96, value: 4 } } };
const vetoOff: TraceEntry = {
  rule: 'vetoed', kind: 'veto', value: false,
  formula: 'satisfaction <= satisfactionVeto or majorIncident or violation',
  inputs: { satisfaction: 0.9, majorIncident: false, violation: false }, parameters: { satisfactionVeto: 0.8 }, fired: null,
};
const commended: TraceEntry = { rule: 'commended', kind: 'value', value: true, formula: 'stars >= 3', values: { stars: 4 }, fired: null };

describe('explainOutput', () => {
  it('explains 4★ by its band and the weighted score, as the issue shows', () => {
    expect(explainOutput(pack, [score, stars, vetoOff], 'stars', 4, 'zh-CN')).toBe('4★，因为综合评价得分 91.5 ≥ 90；综合评价得分 = 0.1×90 + 0.3×85 + 0.6×95');
  });

  it('writes the same in English', () => {
    expect(explainOutput(pack, [score, stars, vetoOff], 'stars', 4, 'en')).toBe('4★, because Overall score 91.5 ≥ 90; Overall score = 0.1×90 + 0.3×85 + 0.6×95');
  });

  it('names the veto when it replaced the value', () => {
    const vetoOn: TraceEntry = { ...vetoOff, value: true, inputs: { satisfaction: 0.7, majorIncident: false, violation: false }, fired: { target: 'stars', from: 4, to: 0 } };
    expect(explainOutput(pack, [score, stars, vetoOn], 'stars', 0, 'zh-CN')).toBe('0★，因为一票否决（撤星摘牌）：0.7 ≤ 0.8 or false or false');
  });

  it('shows a value rule with its inputs put in', () => {
    expect(explainOutput(pack, [commended], 'commended', true, 'zh-CN')).toBe('是：4 ≥ 3');
  });

  it('says below the lowest band when no band fired', () => {
    const low: TraceEntry = { ...stars, value: 0, fired: null, values: { score: 55 } };
    expect(explainOutput(pack, [{ ...score, value: 55 }, low], 'stars', 0, 'zh-CN')).toMatch(/^0★，因为综合评价得分 低于；综合评价得分 = /);
  });

  it('writes a number as its formula with values put in', () => {
    expect(explainOutput(pack, [score], 'score', 91.5, 'zh-CN')).toBe('91.5 = 0.1×90 + 0.3×85 + 0.6×95');
  });

  it('shows stars only for a grade rule, not for a count of star years', () => {
    const p = { rules: [...pack.rules, { name: 'fourStarYears', kind: 'consecutive', label: { 'zh-CN': '连续四星级以上年数', en: 'Years at 4★+' } }] };
    expect(formatOutput(p, 'fourStarYears', 2, 'zh-CN')).toBe('2');
    expect(formatOutput(p, 'stars', 2, 'zh-CN')).toBe('2★');
  });

  it('returns just the value without a trace entry', () => {
    expect(explainOutput(pack, [], 'score', 91.5, 'zh-CN')).toBe('91.5');
  });
});

describe('helpers', () => {
  it('substitutes values in formula text when there is no expression', () => {
    expect(substitutedFormula(vetoOff)).toBe('0.9 ≤ 0.8 or false or false');
  });

  it('trims float noise', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
  });

  it('splits bilingual schema titles', () => {
    expect(labelText('群众满意度 / Satisfaction', 'zh-CN')).toBe('群众满意度');
    expect(labelText('群众满意度 / Satisfaction', 'en')).toBe('Satisfaction');
  });

  it('lists every trace step with its value', () => {
    expect(traceLines(pack, [score, stars], 'zh-CN').map((l) => l.text)).toEqual(['0.1×90 + 0.3×85 + 0.6×95 = 91.5', '综合评价得分 91.5 ≥ 90 → 4★']);
  });
});
