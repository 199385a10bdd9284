import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePack, evaluate, validatePack } from '..';
import type { Envelope, Pack } from '../types';
import { isMoneyUnit, outputUnits } from '../units';
import { simulate } from './run';

const root = join(__dirname, '..', '..', '..', '..', 'rule-packs');
const read = <T>(...p: string[]): T => JSON.parse(readFileSync(join(root, ...p), 'utf8')) as T;

/** chengzhuang 1.1.0 with units on its rules, as a pack marks them: 元 on the two amounts, 分 and 名 elsewhere. */
function chengzhuangWithUnits(): Pack {
  const pack = read<Pack>('chengzhuang-checklist-steps', '1.1.0.json');
  const units: Record<string, string> = { withheldAmount: '元', payout: '元', total: '分', step: '级', rank: '名', lastRank: '名' };
  return { ...pack, rules: pack.rules.map((r) => (units[r.name] ? { ...r, unit: units[r.name] } : r)) };
}

/** Sum of one output over every subject-period, in cents (the amounts have two decimals at most). */
function cents(pack: Pack, env: Envelope, output: string, parameters?: Record<string, unknown>): number {
  const res = evaluate(compilePack(pack, parameters), env);
  return res.periods.flatMap((p) => p.results).reduce((n, r) => n + Math.round((r.outputs[output] as number) * 100), 0);
}

describe('simulation summary: money totals', () => {
  it('the unit 元 marks money; 分 (points), 星, 名 do not', () => {
    expect(['元', '万元', ' 元 ', 'CNY'].map(isMoneyUnit)).toEqual([true, true, true, true]);
    expect(['分', '星', '名', '级', '', undefined].map(isMoneyUnit)).toEqual([false, false, false, false, false, false]);
    expect(outputUnits(chengzhuangWithUnits())).toEqual({ withheldAmount: '元', payout: '元', total: '分', step: '级', rank: '名' });
  });

  it('a rule with a unit passes the pack checker', () => {
    expect(validatePack(chengzhuangWithUnits())).toEqual([]);
    const bad = chengzhuangWithUnits();
    (bad.rules[0] as unknown as Record<string, unknown>).unit = 5;
    expect(validatePack(bad).map((e) => e.path)).toContain('/rules/0/unit');
  });

  it('on chengzhuang totals exactly the two amounts in 元, and neither the score, the step nor the rank', () => {
    const pack = chengzhuangWithUnits();
    const env = read<Envelope>('chengzhuang-checklist-steps', 'demo.json');
    const lower = { coefficients: [0.7, 0.85, 1] };
    const res = simulate({ baseline: { pack }, variants: [{ name: 'lower', parameters: lower }], sweep: { parameter: 'coefficients.0', from: 0.7, to: 0.8, step: 0.1 } }, env);

    const before = cents(pack, env, 'payout');
    const after = cents(pack, env, 'payout', lower);
    expect(after).toBeLessThan(before);
    expect(res.baseline.totals).toEqual({ withheldAmount: cents(pack, env, 'withheldAmount') / 100, payout: before / 100 });
    expect(res.baseline.summary.totals).toEqual(res.baseline.totals);
    expect(res.baseline.units).toMatchObject({ payout: '元', withheldAmount: '元', rank: '名' });
    const v = res.variants[0];
    expect(v.totals.payout).toBe(after / 100);
    expect(v.totalsDelta).toEqual({ withheldAmount: 0, payout: (after - before) / 100 });
    expect(Object.keys(v.summary.totals).sort()).toEqual(['payout', 'withheldAmount']);
    // the breakdown by scope totals money only as well
    for (const g of Object.values(v.breakdown?.groups ?? {})) expect(Object.keys(g.totals).every((o) => o === 'payout' || o === 'withheldAmount')).toBe(true);
    // the step is counted, never summed; ranks (hundreds of values) are neither counted in the summary nor summed
    expect(Object.keys(res.baseline.summary.counts)).toContain('step');
    expect(res.baseline.summary.totals.step).toBeUndefined();
    expect(res.baseline.summary.totals.rank).toBeUndefined();
    expect(res.baseline.summary.counts.rank).toBeUndefined();
    // each sweep row totals the same money outputs: at 0.8 the baseline's
    expect(res.sweep.map((r) => Object.keys(r.summary.totals).sort())).toEqual([['payout', 'withheldAmount'], ['payout', 'withheldAmount']]);
    expect(res.sweep[1].summary.totals.payout).toBe(before / 100);
  });

  it('the same pack without units totals nothing', () => {
    const pack = read<Pack>('chengzhuang-checklist-steps', '1.1.0.json');
    const env = read<Envelope>('chengzhuang-checklist-steps', 'demo.json');
    const res = simulate({ baseline: { pack }, variants: [{ name: 'v', parameters: { coefficients: [0.7, 0.85, 1] } }] }, env);
    expect(res.baseline.totals).toEqual({});
    expect(res.variants[0].totals).toEqual({});
    expect(res.variants[0].totalsDelta).toEqual({});
  });

  it('on rehab-branch-stars (stars, a score, a bonus coefficient: no money) totals nothing and counts the stars', () => {
    const pack = read<Pack>('rehab-branch-stars', '1.0.0.json');
    const env = read<Envelope>('rehab-branch-stars', 'demo.json');
    const res = simulate({ baseline: { pack }, variants: [{ name: 'band88', parameters: { starBands: [60, 70, 80, 88, 96] } }] }, env);
    expect(res.baseline.totals).toEqual({});
    expect(res.baseline.summary.totals).toEqual({});
    expect(res.variants[0].totals).toEqual({});
    expect(res.variants[0].totalsDelta).toEqual({});
    const stars = res.baseline.summary.counts.stars;
    expect(Object.values(stars).reduce((a, b) => a + b, 0)).toBe(res.baseline.subjects);
  });
});
