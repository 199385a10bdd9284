import type { Json } from '../../server/src/engine';
import type { BenchPeriod, PeriodRun } from '../lib/comparators';
import { roundHalfAway } from './round';

type Scores = Record<(typeof INDICATORS)[number], number>;
interface Village {
  id: string;
  scores: Scores;
}

const INDICATORS = ['partyBuilding', 'poverty', 'familyPlanning', 'civilAffairs', 'sanitation', 'stability', 'fiscal', 'workSafety', 'stationedCadres', 'officeEnvironment'] as const;
const PENALTIES = ['none', 'statement', 'lose-eligibility', 'accountability'];
const PER_YEAR = 4;

/** "2024-Q3" → 2024 × 4 + 2. */
function quarterIndex(p: string): number {
  return Number(p.slice(0, 4)) * PER_YEAR + Number(p.slice(6)) - 1;
}

/** What the next quarter needs from this one: per village, its flag run and its last places this year. */
interface Carried {
  index: number;
  ids: string[];
  flagRun: Uint32Array;
  /** Last places so far this calendar year; sparse (one village a quarter at most is last). */
  lastPlaces: Map<string, number>;
  byId: Map<string, number> | null;
}

/** The position of `id` in the carried quarter: the same position first (quarters usually list villages alike). */
function positionIn(c: Carried, id: string, i: number): number {
  if (i < c.ids.length && c.ids[i] === id) return i;
  if (!c.byId) {
    c.byId = new Map();
    for (let k = 0; k < c.ids.length; k++) c.byId.set(c.ids[k], k);
  }
  return c.byId.get(id) ?? -1;
}

/**
 * yongxi-red-flag 2.0.0 written out by hand, over quarters given in ascending order (as the benchmark gives
 * them). Rank: total desc, party building desc, id ascending by code point (ordinal, so every rank is distinct).
 * The red-flag run and the last places of the year are carried from the quarter before.
 */
export function yongxiRedFlag(periods: BenchPeriod[], params: Record<string, Json>): PeriodRun[] {
  const prizes = params.prizes as number[];
  const fullPrizeMin = params.fullPrizeMin as number;
  const halfPrizeMin = params.halfPrizeMin as number;
  const flagCount = params.flagCount as number;
  const lastPlaceBelow = params.lastPlaceBelow as number;
  const out: PeriodRun[] = [];
  let carried: Carried | null = null;
  for (const p of periods) {
    const subjects = p.subjects as unknown as Village[];
    const n = subjects.length;
    const index = quarterIndex(p.period);
    const totals = new Float64Array(n);
    const party = new Float64Array(n);
    const ids = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const v = subjects[i];
      const s = v.scores;
      ids[i] = v.id;
      party[i] = s.partyBuilding;
      totals[i] = roundHalfAway(s.partyBuilding + s.poverty + s.familyPlanning + s.civilAffairs + s.sanitation + s.stability + s.fiscal + s.workSafety + s.stationedCadres + s.officeEnvironment, 2);
    }
    const order = new Array<number>(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => totals[b] - totals[a] || party[b] - party[a] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
    const rank = new Uint32Array(n);
    for (let k = 0; k < n; k++) rank[order[k]] = k + 1;

    const prev: Carried | null = carried && carried.index === index - 1 ? carried : null;
    const sameYear: Carried | null = carried && Math.floor(carried.index / PER_YEAR) === Math.floor(index / PER_YEAR) ? carried : null;
    const flagRun = new Uint32Array(n);
    const lastPlaces: Map<string, number> = new Map(sameYear ? sameYear.lastPlaces : []);
    const results = new Array<PeriodRun['results'][number]>(n);
    let prizeCents = 0;
    for (let i = 0; i < n; i++) {
      const r = rank[i];
      const total = totals[i];
      const amount = r === 1 ? prizes[0] : r === 2 ? prizes[1] : r === 3 ? prizes[2] : 0;
      const prize = total >= fullPrizeMin ? amount : total >= halfPrizeMin ? amount / 2 : 0;
      const redFlag = r <= flagCount;
      const lastPlace = r === n && total < lastPlaceBelow;
      const id = ids[i];
      let lastPlaceCount = 0;
      if (sameYear && sameYear.lastPlaces.size) lastPlaceCount = sameYear.lastPlaces.get(id) ?? 0;
      if (lastPlace) lastPlaces.set(id, ++lastPlaceCount);
      let run = 0;
      if (redFlag) {
        run = 1;
        if (prev) {
          const k = positionIn(prev, id, i);
          if (k >= 0) run += prev.flagRun[k];
        }
      }
      flagRun[i] = run;
      prizeCents += Math.round(prize * 100);
      results[i] = {
        id,
        outputs: {
          total,
          rank: r,
          prize,
          redFlag,
          lastPlace,
          lastPlaceCount,
          penalty: PENALTIES[lastPlace ? (lastPlaceCount > 3 ? 3 : lastPlaceCount) : 0],
          extraFunding: run >= 2,
        },
      };
    }
    carried = { index, ids, flagRun, lastPlaces, byId: null };
    out.push({ results, summary: { prizeTotal: prizeCents / 100 } });
  }
  return out;
}
