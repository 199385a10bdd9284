import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '@/api/simulations';
import { distributionOption, heatmapOption, moneyRows, overridesOf, parameterRows, sliderRange, sortKeys, sweepFigures, sweepOption, sweepTargets, transitionTable } from './data';

const doc = {
  parameters: {
    starBands: { value: [60, 70, 80, 90, 96], label: { 'zh-CN': '星级分数线', en: 'Star bands' }, unit: '分', min: 0, max: 100 },
    satisfactionVeto: { value: 0.8, label: { 'zh-CN': '满意度否决线', en: 'Veto line' }, min: 0, max: 1, assumption: true },
    'weights.self': { value: 0.1, label: { 'zh-CN': '自评权重', en: 'Self weight' } },
    mode: { value: 'x', label: { 'zh-CN': '模式', en: 'Mode' } },
  },
};
const rows = parameterRows(doc, 'zh-CN');

describe('parameter rows', () => {
  it('reads kind, bounds and the assumption mark', () => {
    expect(rows.map((r) => [r.name, r.kind, r.assumption])).toEqual([
      ['starBands', 'numbers', false],
      ['satisfactionVeto', 'number', true],
      ['weights.self', 'number', false],
      ['mode', 'other', false],
    ]);
    expect(rows[0]).toMatchObject({ label: '星级分数线', unit: '分', min: 0, max: 100 });
  });

  it('turns one moved band into an element override, and drops unchanged values', () => {
    expect(overridesOf(rows, { starBands: [60, 70, 80, 88, 96], satisfactionVeto: 0.8 })).toEqual({ 'starBands.3': 88 });
    expect(overridesOf(rows, { 'weights.self': 0.2 })).toEqual({ 'weights.self': 0.2 });
  });

  it('lists array elements as sweep targets', () => {
    expect(sweepTargets(rows).map((s) => s.name)).toEqual(['starBands.0', 'starBands.1', 'starBands.2', 'starBands.3', 'starBands.4', 'satisfactionVeto', 'weights.self']);
  });

  it('bounds sliders by the declared range or around the default', () => {
    expect(sliderRange(rows[1], 0.8)).toEqual({ min: 0, max: 1, step: 0.01 });
    expect(sliderRange(rows[2], 0.1)).toEqual({ min: 0, max: 0.2, step: 0.01 });
  });
});

const result: SimulationResult = {
  baseline: {
    pack: { id: 'p', version: '1.0.0' }, parameters: {}, subjects: 5,
    distributions: { stars: { '3': 2, '4': 2, '5': 1 } }, units: { prize: '元', stars: '星' }, totals: { prize: 1000 }, quotaPressure: {},
    summary: { subjects: 5, changed: 0, totals: { prize: 1000 }, counts: {}, quotaRefused: {} },
  },
  variants: [{
    name: '88', pack: { id: 'p', version: '1.0.0' }, parameters: { 'starBands.3': 88 },
    distributions: { stars: { '3': 1, '4': 3, '5': 1 } },
    transitions: { stars: { '3': { '3': 1, '4': 1 }, '4': { '4': 2 }, '5': { '5': 1 } } },
    changed: [], changedCount: 1, totals: { prize: 1500 }, totalsDelta: { prize: 500 }, quotaPressure: {}, breakdown: null,
    summary: { subjects: 5, changed: 1, totals: { prize: 1500 }, counts: { stars: { '3': 1, '4': 3, '5': 1 } }, quotaRefused: {} },
  }],
  sweep: [
    { value: 88, summary: { subjects: 5, changed: 1, totals: {}, counts: { stars: { '3': 1, '4': 3 } }, quotaRefused: {} } },
    { value: 90, summary: { subjects: 5, changed: 0, totals: {}, counts: { stars: { '3': 2, '4': 2 } }, quotaRefused: {} } },
  ],
};
const label = (_o: string, k: string) => `${k}★`;

describe('charts', () => {
  it('orders values naturally', () => {
    expect(sortKeys(['10', '9', 'true', 'false', 'null', 'b', 'a'])).toEqual(['null', 'false', 'true', '9', '10', 'a', 'b']);
  });

  it('draws one bar series per side with zeros for missing values', () => {
    const o = distributionOption(result, 'stars', '基准', label);
    expect(o.xAxis.data).toEqual(['3★', '4★', '5★']);
    expect(o.series.map((s) => [s.name, s.data])).toEqual([['基准', [2, 2, 1]], ['88', [1, 3, 1]]]);
  });

  it('fills the transition matrix, zeros included', () => {
    const tt = transitionTable(result.variants[0].transitions.stars);
    expect(tt.from).toEqual(['3', '4', '5']);
    expect(tt.from.map((f) => tt.to.map((t) => tt.cell(f, t)))).toEqual([[1, 1, 0], [0, 2, 0], [0, 0, 1]]);
    const h = heatmapOption(result.variants[0].transitions.stars, 'stars', label, ['基准', '变体']);
    expect(h.series[0].data).toContainEqual([1, 0, 1]);
    expect(h.visualMap.max).toBe(2);
  });

  it('draws one sweep line per grade value', () => {
    const o = sweepOption(result, 'stars', label, 'starBands.3');
    expect(o.xAxis.data).toEqual(['88', '90']);
    expect(o.series.map((s) => [s.name, s.data])).toEqual([['3★', [1, 2]], ['4★', [3, 2]]]);
  });

  it('puts money totals side by side with the exact difference', () => {
    expect(moneyRows(result)).toEqual([{ output: 'prize', unit: '元', baseline: 1000, variants: [{ value: 1500, delta: 500 }] }]);
  });

  it('totals only outputs in 元: none when the unit is 星 or 分, or unknown (a result stored before units)', () => {
    const points = { ...result, baseline: { ...result.baseline, units: { prize: '分' } } };
    expect(moneyRows(points)).toEqual([]);
    const stored = { ...result, baseline: { ...result.baseline, units: undefined } };
    expect(moneyRows(stored)).toEqual([]);
  });

  it('lists each sweep figure once, money first, and names a total’s line by the output’s label', () => {
    const summary = { subjects: 5, changed: 0, totals: { payout: 9000 }, counts: { step: { '1': 2, '2': 3 }, payout: { '2700': 2, '3000': 3 } }, quotaRefused: {} };
    const swept: SimulationResult = { ...result, baseline: { ...result.baseline, units: { payout: '元', step: '级' } }, sweep: [{ value: 0.8, summary }, { value: 0.9, summary: { ...summary, totals: { payout: 9300 } } }] };
    expect(sweepFigures(swept)).toEqual(['payout', 'step']);
    const o = sweepOption(swept, 'payout', label, 'coefficients.0', (n) => (n === 'payout' ? '台阶考核兑现额' : n));
    expect(o.series.map((s) => [s.name, s.data])).toEqual([['台阶考核兑现额', [9000, 9300]]]);
    expect(sweepFigures({ ...result, sweep: [] })).toEqual([]);
  });
});
