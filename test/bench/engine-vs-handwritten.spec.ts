import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { compilePack, evaluate, type Json } from '../../server/src/engine';
import { benchPack, periodOf, ROOT } from '../../bench/lib/packs';
import { HANDWRITTEN, HANDWRITTEN_PERIODS } from '../../bench/handwritten';
import { chengzhuangChecklistSteps } from '../../bench/handwritten/chengzhuang-checklist-steps';
import type { BenchPeriod, PeriodRun } from '../../bench/lib/comparators';

/**
 * The benchmark compares the engine with hand-written code; this guard keeps that comparison honest
 * and the fast path correct: on the benchmark's own generated data, every output of every subject and
 * every summary figure must equal the hand-written baseline's exactly.
 */
const N = 20_000;

function mismatches(engine: PeriodRun, hand: PeriodRun, limit = 5): string[] {
  const out: string[] = [];
  if (engine.results.length !== hand.results.length) out.push(`${engine.results.length} results, hand-written has ${hand.results.length}`);
  for (let i = 0; i < hand.results.length && out.length < limit; i++) {
    if (!isDeepStrictEqual(engine.results[i], hand.results[i])) out.push(`#${i}: engine ${JSON.stringify(engine.results[i])} hand-written ${JSON.stringify(hand.results[i])}`);
  }
  if (!isDeepStrictEqual(engine.summary, hand.summary)) out.push(`summary: engine ${JSON.stringify(engine.summary)} hand-written ${JSON.stringify(hand.summary)}`);
  return out;
}

describe('engine equals the hand-written baselines on benchmark data', () => {
  it.each([['rehab-member-stars'], ['chengzhuang-checklist-steps']])('%s: 20,000 generated subjects, every output and summary figure', (id) => {
    const bp = benchPack(id, '1.0.0');
    const subjects = bp.subjects(N, 20261123);
    const period = periodOf(bp.pack);
    const engine = evaluate(compilePack(bp.pack), { periods: [{ period, subjects }] }).periods[0] as PeriodRun;
    const hand = HANDWRITTEN[id](subjects, period, bp.params);
    expect(mismatches(engine, hand)).toEqual([]);
    // The data must reach every grade, or equality would prove little.
    const grade = id === 'rehab-member-stars' ? 'stars' : 'step';
    expect(new Set(hand.results.map((r) => r.outputs[grade])).size).toBeGreaterThanOrEqual(4);
  });

  it('rehab-member-stars with variant star bands [60, 70, 80, 88, 96]', () => {
    const bp = benchPack('rehab-member-stars', '1.0.0');
    const subjects = bp.subjects(N, 5);
    const overrides = { starBands: [60, 70, 80, 88, 96] };
    const c = compilePack(bp.pack, overrides);
    const engine = evaluate(c, { periods: [{ period: '2024', subjects }] }).periods[0] as PeriodRun;
    const hand = HANDWRITTEN['rehab-member-stars'](subjects, '2024', c.parameters as Record<string, Json>);
    expect(mismatches(engine, hand)).toEqual([]);
  });

  it('chengzhuang-checklist-steps over three quarters: severe runs carry across periods', () => {
    const bp = benchPack('chengzhuang-checklist-steps', '1.0.0');
    const quarters = [0, 1, 2].map((q) => ({ period: periodOf(bp.pack, q), subjects: bp.subjects(N / 4, 100 + q) }));
    const engine = evaluate(compilePack(bp.pack), { periods: quarters }).periods;
    let before: Map<string, number> | undefined;
    const actions = new Set<unknown>();
    quarters.forEach((q, k) => {
      const hand = chengzhuangChecklistSteps(q.subjects, q.period, bp.params, before);
      expect(mismatches(engine[k] as PeriodRun, hand)).toEqual([]);
      before = new Map(hand.results.map((r) => [r.id as string, r.outputs.severeQuarters as number]));
      hand.results.forEach((r) => actions.add(r.outputs.action));
    });
    expect([...actions].sort()).toEqual(['dismissal', 'none', 'removal', 'warning-talk']);
  });

  describe.each([
    ['yongxi-red-flag', '2.0.0', 5_000],
    ['ouhai-commendation', '1.0.0', 10_000],
  ])('%s@%s over periods (history)', (id, version, perPeriod) => {
    const bp = benchPack(id, version);
    const hand = HANDWRITTEN_PERIODS[id];
    const both = (periods: BenchPeriod[], overrides?: Record<string, unknown>) => {
      const c = compilePack(bp.pack, overrides);
      const engine = evaluate(c, { periods }).periods as PeriodRun[];
      const mine = hand(periods, c.parameters as Record<string, Json>);
      expect(engine.length).toBe(mine.length);
      engine.forEach((e, k) => expect([periods[k].period, mismatches(e, mine[k])]).toEqual([periods[k].period, []]));
      return mine;
    };
    const outputs = (runs: PeriodRun[], name: string) => new Set(runs.flatMap((r) => r.results.map((x) => x.outputs[name])));

    it('the demo data, every period', () => {
      const demo = JSON.parse(readFileSync(join(ROOT, 'rule-packs', id, 'demo.json'), 'utf8')) as { periods: BenchPeriod[] };
      const runs = both(demo.periods);
      if (id === 'yongxi-red-flag') {
        expect([...outputs(runs, 'penalty')].sort()).toEqual(['lose-eligibility', 'none', 'statement']);
        expect(outputs(runs, 'extraFunding')).toEqual(new Set([true, false]));
      } else {
        expect([...outputs(runs, 'quotaBlocked')].map(String).sort()).toEqual(['collective', 'committee', 'null']);
        expect(runs.some((r) => (r.summary.escalations as unknown[]).length > 0)).toBe(true);
      }
    });

    it(`4 generated periods of ${perPeriod.toLocaleString('en')} subjects, every output and summary figure`, () => {
      const periods = bp.periods(perPeriod, 4, 20261202);
      const runs = both(periods);
      if (id === 'yongxi-red-flag') {
        // Ranks tie on total and on party building (ids decide), flags and last places repeat over quarters.
        const keys = runs[0].results.map((r, i) => `${r.outputs.total}/${(periods[0].subjects[i].scores as Record<string, number>).partyBuilding}`);
        expect(new Set(keys).size).toBeLessThan(perPeriod / 10);
        expect([...outputs(runs, 'penalty')].sort()).toEqual(['lose-eligibility', 'none', 'statement']);
        expect(outputs(runs, 'extraFunding')).toEqual(new Set([true, false]));
      } else {
        expect([...outputs(runs, 'quotaBlocked')].map(String).sort()).toEqual(['collective', 'committee', 'level1', 'null']);
        expect(outputs(runs, 'eligible')).toEqual(new Set([true, false, null]));
        const levels = new Set(runs.flatMap((r) => (r.summary.escalations as { level: number }[]).map((e) => e.level)));
        expect([...levels].sort()).toEqual([1, 2]);
      }
    });

    if (id === 'ouhai-commendation') {
      it('with loosened quotas and a shorter escalation window', () => {
        both(bp.periods(perPeriod / 2, 4, 7), { 'quota.collective': 200, 'quota.level1': 400, 'quota.committeeShare': 0.04, windowYears: 2, 'escalation.level3Count': 2 });
      });
    } else {
      it('with three flags and a lower last-place line', () => {
        const runs = both(bp.periods(perPeriod, 4, 9), { flagCount: 3, lastPlaceBelow: 30, fullPrizeMin: 90 });
        expect(runs.map((r) => r.results.filter((x) => x.outputs.redFlag).length)).toEqual([3, 3, 3, 3]);
      });
    }
  });
});
