import type { Json } from '../../server/src/engine';
import type { BenchPeriod, PeriodRun } from '../lib/comparators';
import { roundHalfAway } from './round';

interface Nomination {
  id: string;
  kind: 'collective' | 'individual';
  level?: 1 | 2 | 3;
  nominee: string;
  committee: string;
  grantor: string;
  merit: number;
  date: string;
  reviewed: boolean;
  publicNotice: boolean;
  deceased?: boolean;
  diedInService?: boolean;
}

interface Award {
  level: number;
  year: number;
  date: string;
  id: string;
  consumed: boolean;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const oldestFirst = (a: Award, b: Award) => a.year - b.year || byCodePoint(a.date, b.date) || byCodePoint(a.id, b.id);

/**
 * ouhai-commendation 1.0.0 written out by hand, over years given in ascending order (as the benchmark gives
 * them). Quotas are filled in order of merit desc, date asc, id asc; a nomination that would break a quota is
 * refused and names the first it breaks. Escalation keeps each member's level-2 and level-3 awards of the
 * window from year to year instead of replaying earlier years.
 */
export function ouhaiCommendation(periods: BenchPeriod[], params: Record<string, Json>): PeriodRun[] {
  const collectiveQuota = params['quota.collective'] as number;
  const level1Quota = params['quota.level1'] as number;
  const share = params['quota.committeeShare'] as number;
  const windowYears = params.windowYears as number;
  const level3Count = params['escalation.level3Count'] as number;
  const level2Count = params['escalation.level2Count'] as number;
  /** Per member: level-2 and level-3 awards of the window, granted or extra. */
  const held = new Map<string, Award[]>();
  const out: PeriodRun[] = [];
  for (const p of periods) {
    const subjects = p.subjects as unknown as Nomination[];
    const scopes = (p.scopes ?? {}) as Record<string, { members?: number }>;
    const year = Number(p.period.slice(0, 4));
    const n = subjects.length;
    const outs = new Array<{ authorityOk: boolean; eligible: unknown; granted: boolean; quotaBlocked: string | null }>(n);
    const cands: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = subjects[i];
      const g = s.grantor;
      const authorityOk =
        s.kind === 'collective' ? g === 'district-committee' : s.level === 1 ? g === 'district-committee' : s.level === 2 ? g === 'org-department' : s.level === 3 ? g === 'township-committee' || g === 'department-committee' : false;
      // JSON Logic `and`/`or` give the deciding value: a deceased nominee without diedInService gives null.
      const eligible = !authorityOk ? false : !s.reviewed ? s.reviewed : !s.publicNotice ? s.publicNotice : !s.deceased ? true : (s.diedInService ?? null);
      outs[i] = { authorityOk, eligible, granted: false, quotaBlocked: null };
      if (eligible) cands.push(i);
    }
    // Sort keys in columns: nominations come in several shapes, so reading them off the objects in the comparator is slow.
    const m = cands.length;
    const merit = new Float64Array(m);
    const date = new Array<string>(m);
    const id = new Array<string>(m);
    for (let j = 0; j < m; j++) {
      const s = subjects[cands[j]];
      merit[j] = s.merit;
      date[j] = s.date;
      id[j] = s.id;
    }
    const order = new Array<number>(m);
    for (let j = 0; j < m; j++) order[j] = j;
    order.sort((a, b) => merit[b] - merit[a] || (date[a] < date[b] ? -1 : date[a] > date[b] ? 1 : 0) || (id[a] < id[b] ? -1 : id[a] > id[b] ? 1 : 0));
    for (let j = 0; j < m; j++) order[j] = cands[order[j]];
    let collectives = 0;
    let level1 = 0;
    const committeeUsed = new Map<string, number>();
    const committeeLimit = new Map<string, number>();
    let grantedCount = 0;
    for (const i of order) {
      const s = subjects[i];
      const o = outs[i];
      if (s.kind === 'collective') {
        if (collectives + 1 > collectiveQuota) o.quotaBlocked = 'collective';
        else {
          collectives++;
          o.granted = true;
        }
      } else {
        let limit = committeeLimit.get(s.committee);
        if (limit === undefined) {
          // A committee without members in scopes gives NaN, which no count exceeds (as the engine reads it).
          limit = Math.floor(roundHalfAway(share * (scopes[s.committee]?.members as number), 6));
          committeeLimit.set(s.committee, limit);
        }
        const used = committeeUsed.get(s.committee) ?? 0;
        if (s.level === 1 && level1 + 1 > level1Quota) o.quotaBlocked = 'level1';
        else if (used + 1 > limit) o.quotaBlocked = 'committee';
        else {
          if (s.level === 1) level1++;
          committeeUsed.set(s.committee, used + 1);
          o.granted = true;
        }
      }
      if (o.granted) grantedCount++;
    }

    // Escalation: this year's granted individual awards join each member's window, then every member with
    // enough open awards gets at most one extra award per step, oldest awards consumed first.
    for (let i = 0; i < n; i++) {
      const s = subjects[i];
      if (!outs[i].granted || s.kind !== 'individual' || (s.level !== 2 && s.level !== 3)) continue;
      let list = held.get(s.nominee);
      if (!list) held.set(s.nominee, (list = []));
      list.push({ level: s.level, year, date: s.date, id: s.id, consumed: false });
    }
    const candidates: string[] = [];
    for (const [h, list] of held) {
      let w = 0;
      for (const a of list) if (a.year > year - windowYears && !a.consumed) list[w++] = a;
      list.length = w;
      if (!w) {
        held.delete(h);
        continue;
      }
      let open3 = 0;
      let open2 = 0;
      for (const a of list) {
        if (a.level === 3) open3++;
        else open2++;
      }
      // The level-3 step can add one level-2 award before the level-2 step looks.
      if ((level3Count > 0 && open3 >= level3Count) || (level2Count > 0 && open2 + 1 >= level2Count)) candidates.push(h);
    }
    candidates.sort(byCodePoint);
    const escalations: { nominee: string; level: number }[] = [];
    for (const h of candidates) {
      const list = held.get(h)!;
      for (const [from, count, to] of [
        [3, level3Count, 2],
        [2, level2Count, 1],
      ]) {
        if (count <= 0) continue;
        const open = list.filter((a) => a.level === from && !a.consumed);
        if (open.length < count) continue;
        open.sort(oldestFirst);
        for (let k = 0; k < count; k++) open[k].consumed = true;
        if (to === 2) list.push({ level: 2, year, date: `${year}-12-31`, id: `escalation:${h}:${year}:2`, consumed: false });
        escalations.push({ nominee: h, level: to });
      }
    }
    const results = new Array<PeriodRun['results'][number]>(n);
    for (let i = 0; i < n; i++) results[i] = { id: subjects[i].id, outputs: outs[i] as unknown as Record<string, unknown> };
    out.push({ results, summary: { grantedCount, escalations } });
  }
  return out;
}
