import type { Json } from '../../server/src/engine';
import type { PeriodRun } from '../lib/comparators';
import { roundHalfAway } from './round';

interface Branch {
  id: string;
  key: number;
  basic: number;
  innovation: number;
  line: 'front' | 'second' | 'surface';
}

const ACTIONS = ['none', 'warning-talk', 'removal', 'dismissal'];

/** Standard competition ranks (1, 2, 2, 4) by total descending: one numeric sort, then a binary search per subject. */
function standardRanksDesc(totals: Float64Array): Uint32Array {
  const sorted = Float64Array.from(totals).sort();
  const n = totals.length;
  const ranks = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    // Subjects with a strictly higher total: n minus those at or below.
    const t = totals[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = n - lo + 1;
  }
  return ranks;
}

/**
 * chengzhuang-checklist-steps 1.0.0 written out by hand. `severeBefore` maps a branch id to its severe
 * run ending in the previous quarter (absent: the previous quarter is unknown, the run starts now).
 */
export function chengzhuangChecklistSteps(subjects: Record<string, unknown>[], _period: string, params: Record<string, Json>, severeBefore?: Map<string, number>): PeriodRun {
  const bounds = params.stepBounds as number[];
  const coef = params.coefficients as number[];
  const low = params.lowCoefficient as number;
  const minTotal = params.minTotal as number;
  const minKey = params.minKey as number;
  const severeTotal = params.severeTotal as number;
  const severeKey = params.severeKey as number;
  const withheld: Record<string, number> = { front: params['withheld.front'] as number, second: params['withheld.second'] as number, surface: params['withheld.surface'] as number };
  const n = subjects.length;
  const totals = new Float64Array(n);
  const outs = new Array<Record<string, unknown>>(n);
  for (let i = 0; i < n; i++) {
    const b = subjects[i] as unknown as Branch;
    const total = roundHalfAway(b.key + b.basic + b.innovation, 2);
    totals[i] = total;
    const step = total >= bounds[2] ? 3 : total >= bounds[1] ? 2 : total >= bounds[0] ? 1 : 0;
    const selfCriticism = total < minTotal || b.key < minKey;
    const coefficient = selfCriticism || step === 0 ? low : coef[step - 1];
    const withheldAmount = b.line === 'front' ? withheld.front : b.line === 'second' ? withheld.second : withheld.surface;
    const payout = roundHalfAway(withheldAmount * coefficient, 2);
    const severe = total < severeTotal || b.key < severeKey;
    const severeQuarters = severe ? 1 + (severeBefore?.get(b.id) ?? 0) : 0;
    outs[i] = { total, step, coefficient, payout, selfCriticism, action: ACTIONS[severeQuarters > 3 ? 3 : severeQuarters], rank: 0, publicReport: false, withheldAmount, severe, severeQuarters };
  }
  const ranks = standardRanksDesc(totals);
  let lastRank = 0;
  for (let i = 0; i < n; i++) if (ranks[i] > lastRank) lastRank = ranks[i];
  const results = new Array<PeriodRun['results'][number]>(n);
  const actions: Record<string, number> = { none: 0, 'warning-talk': 0, removal: 0, dismissal: 0 };
  let cents = 0;
  let selfCriticismCount = 0;
  let reportedCount = 0;
  for (let i = 0; i < n; i++) {
    const o = outs[i];
    o.rank = ranks[i];
    o.publicReport = (o.selfCriticism as boolean) || (ranks[i] === lastRank && lastRank > 1);
    if (o.selfCriticism) selfCriticismCount++;
    if (o.publicReport) reportedCount++;
    actions[o.action as string]++;
    cents += Math.round((o.payout as number) * 100);
    results[i] = { id: (subjects[i] as unknown as Branch).id, outputs: o };
  }
  return { results, summary: { payoutTotal: cents / 100, selfCriticismCount, reportedCount, actions } };
}
