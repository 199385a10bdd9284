import type { GroupRule, QuotaRule, RankRule } from '../types';
import type { PeriodCtx, RecordFn, SplitStep, Step, StepEnv } from '../compile/context';
import { slotAccessor, type SlotAccess } from '../compile/context';
import { truthy } from '../compile/runtime';
import { bucketKey, cleanFloat, compareId, compareKeys } from './order';
import { ExactSum } from '../exact-sum';

/**
 * Population-stage steps: each runs once per period over all its subjects, after the subject stage.
 * Sorting is the only super-linear work (n log n).
 */

function groupsOf(ctx: PeriodCtx, groupBy: RecordFn | null, where: RecordFn | null): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  const { records, subjects, period, x: X } = ctx;
  if (!groupBy && !where) {
    // The whole period is one group: every index, without growing an array by push.
    const all = new Array<number>(records.length);
    for (let i = 0; i < all.length; i++) all[i] = i;
    if (all.length) groups.set('', all);
    return groups;
  }
  for (let i = 0; i < records.length; i++) {
    if (where && !truthy(where(records[i], subjects[i], period, i, X))) continue;
    const k = groupBy ? bucketKey(groupBy(records[i], subjects[i], period, i, X)) : '';
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(i);
  }
  return groups;
}

export function rankStep(env: StepEnv, traced: boolean): Step {
  const rule = env.rule as RankRule;
  const keys = rule.by.map((b, i) => env.recordFn(b.expr, `${env.at}/by/${i}/expr`));
  const desc = rule.by.map((b) => b.order === 'desc');
  const groupBy = rule.groupBy !== undefined ? env.recordFn(rule.groupBy, `${env.at}/groupBy`) : null;
  const where = rule.where !== undefined ? env.recordFn(rule.where, `${env.at}/where`) : null;
  const slot = env.slot;
  const column = env.slotColumn(slot);
  const access = slotAccessor(slot, column);
  const step: Step & Partial<SplitStep> = {
    label: rule.name,
    run(ctx) {
      const { records, subjects, period, x: X } = ctx;
      const out = access(ctx);
      if (where) for (let i = 0; i < records.length; i++) out.set(i, null);
      for (const [group, idx] of groupsOf(ctx, groupBy, where)) {
        if (!traced && numericRank(ctx, idx, keys, desc, rule.method, out)) continue;
        const k = idx.map((i) => keys.map((f) => f(records[i], subjects[i], period, i, X)));
        const order = idx.map((_, j) => j);
        order.sort((a, b) => compareKeys(k[a], k[b], desc) || compareId(subjects[idx[a]].id, subjects[idx[b]].id));
        let rank = 0;
        let dense = 0;
        for (let p = 0; p < order.length; p++) {
          const tie = p > 0 && compareKeys(k[order[p]], k[order[p - 1]], desc) === 0;
          if (!tie) {
            rank = p + 1;
            dense++;
          }
          const i = idx[order[p]];
          const value = rule.method === 'ordinal' ? p + 1 : rule.method === 'dense' ? dense : rank;
          out.set(i, value);
          if (traced) {
            ctx.hits?.add(env.at);
            ctx.traces?.[i].push({
              rule: rule.name,
              kind: 'rank',
              value,
              values: Object.fromEntries(rule.by.map((b, j) => [rule.formula?.[`by.${j}`] ?? `by.${j}`, k[order[p]][j]])),
              fired: { method: rule.method, group: group === '' ? null : JSON.parse(group), of: idx.length, by: rule.by.map((b) => b.order) },
              cite: rule.cite,
            });
          }
        }
      }
    },
  };
  // The whole period ranked as one group, untraced: keys gathered in the pass before, ranks written in the pass after.
  if (!traced && !groupBy && !where) {
    step.split = (ctx) => {
      const { records, subjects, period } = ctx;
      const n = subjects.length;
      const X = ctx.x;
      const cols = keys.map(() => new Float64Array(n));
      const signs = desc.map((d) => (d ? -1 : 1));
      const nk = keys.length;
      let numeric = true;
      let rankOf: ((j: number) => number) | null = null;
      const out = access(ctx);
      return {
        gather: (i) => {
          for (let k = 0; k < nk; k++) {
            const v = keys[k](records[i], subjects[i], period, i, X);
            if (typeof v === 'number' && v - v === 0) cols[k][i] = signs[k] * v;
            else numeric = false;
          }
        },
        middle: () => {
          if (numeric) rankOf = numericRanker(cols, (j) => subjects[j].id, rule.method);
          else step.run(ctx);
        },
        scatter: (i) => {
          if (rankOf !== null) out.set(i, rankOf(i));
        },
      };
    };
  }
  return step;
}

/**
 * The untraced fast path of a rank when every key of the group is a finite number: keys in typed columns
 * (descending keys negated), one native sort, ranks by binary search; the same ranks as the generic path.
 * Returns false (nothing written) when some key is not a finite number.
 */
function numericRank(ctx: PeriodCtx, idx: number[], keys: RecordFn[], desc: boolean[], method: RankRule['method'], out: SlotAccess): boolean {
  const { records, subjects, period, x: X } = ctx;
  const m = idx.length;
  const cols = keys.map(() => new Float64Array(m));
  for (let k = 0; k < keys.length; k++) {
    const f = keys[k];
    const col = cols[k];
    const sign = desc[k] ? -1 : 1;
    for (let j = 0; j < m; j++) {
      const i = idx[j];
      const v = f(records[i], subjects[i], period, i, X);
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      col[j] = sign * v;
    }
  }
  const rankOf = numericRanker(cols, (j) => subjects[idx[j]].id, method);
  for (let j = 0; j < m; j++) out.set(idx[j], rankOf(j));
  return true;
}

/**
 * Ranks from key columns (finite numbers, descending keys negated; ties broken by id, which only the ordinal method
 * and the order of equal keys see): the rank of position j. One key: a sorted copy and a binary search per look-up.
 */
function numericRanker(cols: Float64Array[], idOf: (j: number) => string, method: RankRule['method']): (j: number) => number {
  const m = cols.length ? cols[0].length : 0;
  if (cols.length === 1 && method !== 'ordinal') {
    const col = cols[0];
    const sorted = Float64Array.from(col).sort();
    let dense: Uint32Array | null = null;
    if (method === 'dense') {
      dense = new Uint32Array(m);
      for (let i = 1, d = 0; i < m; i++) dense[i] = sorted[i] !== sorted[i - 1] ? ++d : d;
    }
    return (j) => {
      let lo = 0;
      let hi = m;
      const x = col[j];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return dense ? dense[lo] + 1 : lo + 1;
    };
  }
  const cmp = (a: number, b: number) => {
    for (let k = 0; k < cols.length; k++) {
      const d = cols[k][a] - cols[k][b];
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    return 0;
  };
  const ids = new Array<string>(m);
  for (let j = 0; j < m; j++) ids[j] = idOf(j);
  const order = new Array<number>(m);
  for (let j = 0; j < m; j++) order[j] = j;
  // Finite keys: a difference orders them (-0 and 0 tie, as !== says); then the id, by code unit as compareId.
  const c0 = cols[0];
  if (cols.length === 1) order.sort((a, b) => c0[a] - c0[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  else if (cols.length === 2) {
    const c1 = cols[1];
    order.sort((a, b) => c0[a] - c0[b] || c1[a] - c1[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  } else order.sort((a, b) => cmp(a, b) || compareId(ids[a], ids[b]));
  // Ranks land in a typed array in sorted order, then are read in the subjects' own order.
  const ranks = new Float64Array(m);
  let rank = 0;
  let dense = 0;
  for (let p = 0; p < m; p++) {
    if (method !== 'ordinal' && (p === 0 || cmp(order[p], order[p - 1]) !== 0)) {
      rank = p + 1;
      dense++;
    }
    ranks[order[p]] = method === 'ordinal' ? p + 1 : method === 'dense' ? dense : rank;
  }
  return (j) => ranks[j];
}

/** One aggregate fed value by value: no intermediate arrays on the whole-period paths. */
export interface Accumulator {
  add(v: unknown): void;
  /** The figure over what was added; `n` is the population a share divides by. */
  result(n: number): unknown;
}

class CountAcc implements Accumulator {
  k = 0;
  add(): void {
    this.k++;
  }
  result(_n: number): unknown {
    return this.k;
  }
}

class ShareAcc extends CountAcc {
  result(n: number): unknown {
    return n ? cleanFloat(this.k / n) : null;
  }
}

class DistinctAcc implements Accumulator {
  seen = new Set<string>();
  add(v: unknown): void {
    this.seen.add(bucketKey(v));
  }
  result(): unknown {
    return this.seen.size;
  }
}

class ExtremeAcc implements Accumulator {
  m: number | null = null;
  constructor(private readonly min: boolean) {}
  add(v: unknown): void {
    if (v === null || v === undefined) return;
    const x = Number(v);
    if (this.m === null || (this.min ? x < this.m : x > this.m)) this.m = x;
  }
  result(): unknown {
    return this.m;
  }
}

/**
 * Sum or mean of the non-null values, exact in decimal: 0.1 + 0.2 gives 0.3 and −0.6 − 1.6 + 1.3 + 0.8 + 0.1
 * gives 0 (a compensated float sum leaves 2.8e-17 there). Money totals and mean scores depend on it.
 */
class SumAcc implements Accumulator {
  sum = new ExactSum();
  k = 0;
  constructor(private readonly mean: boolean) {}
  add(v: unknown): void {
    if (v === null || v === undefined) return;
    this.k++;
    this.sum.add(Number(v));
  }
  result(): unknown {
    const sum = cleanFloat(this.sum.value());
    if (!this.mean) return sum;
    return this.k ? cleanFloat(sum / this.k) : null;
  }
}

export function accumulator(fn: GroupRule['fn'] | 'share'): Accumulator {
  switch (fn) {
    case 'count':
      return new CountAcc();
    case 'share':
      return new ShareAcc();
    case 'countDistinct':
      return new DistinctAcc();
    case 'min':
    case 'max':
      return new ExtremeAcc(fn === 'min');
    case 'sum':
    case 'mean':
      return new SumAcc(fn === 'mean');
  }
  throw new Error(`unknown aggregate ${String(fn)}`);
}

export function groupStep(env: StepEnv, traced: boolean): Step {
  const rule = env.rule as GroupRule;
  const of = rule.of !== undefined ? env.recordFn(rule.of, `${env.at}/of`) : null;
  const groupBy = rule.groupBy !== undefined ? env.recordFn(rule.groupBy, `${env.at}/groupBy`) : null;
  const where = rule.where !== undefined ? env.recordFn(rule.where, `${env.at}/where`) : null;
  const slot = env.slot;
  const column = env.slotColumn(slot);
  const access = slotAccessor(slot, column);
  const step: Step & Partial<SplitStep> = {
    label: rule.name,
    run(ctx) {
      const { records, subjects, period, x: X } = ctx;
      const out = access(ctx);
      // One pass: each subject's value goes straight into its group's accumulator.
      const accs = new Map<string, { acc: Accumulator; members: number }>();
      const keyOf: string[] | null = groupBy ? new Array<string>(records.length) : null;
      for (let i = 0; i < records.length; i++) {
        if (where && !truthy(where(records[i], subjects[i], period, i, X))) continue;
        const k = groupBy ? bucketKey(groupBy(records[i], subjects[i], period, i, X)) : '';
        if (keyOf) keyOf[i] = k;
        let g = accs.get(k);
        if (!g) accs.set(k, (g = { acc: accumulator(rule.fn), members: 0 }));
        g.members++;
        g.acc.add(of ? of(records[i], subjects[i], period, i, X) : i);
      }
      const facts = new Map<string, unknown>();
      for (const [k, g] of accs) facts.set(k, g.acc.result(g.members));
      const empty = accumulator(rule.fn).result(0);
      for (let i = 0; i < records.length; i++) {
        const k = keyOf ? (keyOf[i] ?? bucketKey(groupBy!(records[i], subjects[i], period, i, X))) : '';
        const value = facts.has(k) ? facts.get(k) : empty;
        out.set(i, value);
        if (traced) {
          ctx.hits?.add(env.at);
          ctx.traces?.[i].push({ rule: rule.name, kind: 'group', value, fired: { fn: rule.fn, group: k === '' ? null : JSON.parse(k), members: accs.get(k)?.members ?? 0 }, cite: rule.cite });
        }
      }
    },
  };
  // One fact for the whole period, untraced: fed in the pass before, written in the pass after (a column at once).
  if (!traced && !groupBy) {
    step.split = (ctx) => {
      const { records, subjects, period } = ctx;
      const X = ctx.x;
      const acc = accumulator(rule.fn);
      let members = 0;
      let value: unknown = null;
      const out = access(ctx);
      return {
        gather: (i) => {
          if (where && !truthy(where(records[i], subjects[i], period, i, X))) return;
          members++;
          acc.add(of ? of(records[i], subjects[i], period, i, X) : i);
        },
        middle: () => {
          // A count without a filter is the number of subjects: nothing was gathered.
          if (step.noGather) value = records.length;
          else value = members ? acc.result(members) : accumulator(rule.fn).result(0);
          if (column >= 0) ctx.x![column].fill(value);
        },
        scatter: column >= 0 ? null : (i) => out.set(i, value),
      };
    };
    step.middleWrites = column >= 0;
    step.noGather = rule.fn === 'count' && !where;
  }
  return step;
}

export function quotaStep(env: StepEnv, traced: boolean): Step {
  const rule = env.rule as QuotaRule;
  const candidate = env.recordFn(rule.candidate, `${env.at}/candidate`);
  const keys = rule.order.map((b, i) => env.recordFn(b.expr, `${env.at}/order/${i}/expr`));
  const desc = rule.order.map((b) => b.order === 'desc');
  const quotas = rule.quotas.map((q, i) => ({
    id: q.id,
    applies: env.recordFn(q.applies, `${env.at}/quotas/${i}/applies`),
    groupBy: q.groupBy !== undefined ? env.recordFn(q.groupBy, `${env.at}/quotas/${i}/groupBy`) : null,
    limit: env.limitFn(q.limit, `${env.at}/quotas/${i}/limit`),
  }));
  const slot = env.slot;
  const blockedSlot = env.slotOf(rule.blockedName);
  const column = env.slotColumn(slot);
  const access = slotAccessor(slot, column);
  const blockedColumn = env.slotColumn(blockedSlot);
  const blockedAccess = slotAccessor(blockedSlot, blockedColumn);
  return {
    label: rule.name,
    run(ctx) {
      const granted = access(ctx);
      const blockedOut = blockedAccess(ctx);
      if (!traced) return quotaFast(ctx, candidate, keys, desc, quotas, granted, blockedOut, rule.name);
      const { records, subjects, period, scopes, x: X } = ctx;
      const cands: number[] = [];
      for (let i = 0; i < records.length; i++) {
        granted.set(i, false);
        blockedOut.set(i, null);
        if (truthy(candidate(records[i], subjects[i], period, i, X))) cands.push(i);
        else if (traced) ctx.traces?.[i].push({ rule: rule.name, kind: 'quota', value: false, fired: { candidate: false }, cite: rule.cite });
      }
      const k = new Map(cands.map((i) => [i, keys.map((f) => f(records[i], subjects[i], period, i, X))]));
      cands.sort((a, b) => compareKeys(k.get(a)!, k.get(b)!, desc) || compareId(subjects[a].id, subjects[b].id));
      const used = quotas.map(() => new Map<string, number>());
      const limits = quotas.map(() => new Map<string, number>());
      const refused: Record<string, number> = Object.fromEntries(quotas.map((q) => [q.id, 0]));
      let position = 0;
      for (const i of cands) {
        position++;
        const r = records[i];
        const s = subjects[i];
        const applicable: { q: number; key: string }[] = [];
        let blocked: string | null = null;
        let blockedDetail: Record<string, unknown> | null = null;
        for (let q = 0; q < quotas.length; q++) {
          const quota = quotas[q];
          if (!truthy(quota.applies(r, s, period, i, X))) continue;
          const raw = quota.groupBy ? quota.groupBy(r, s, period, i, X) : null;
          const key = bucketKey(raw);
          let lim = limits[q].get(key);
          if (lim === undefined) {
            lim = Number(quota.limit(raw, raw === null || raw === undefined ? {} : scopes[String(raw)] ?? {}));
            limits[q].set(key, lim);
          }
          const n = used[q].get(key) ?? 0;
          if (n + 1 > lim && blocked === null) {
            blocked = quota.id;
            blockedDetail = { quota: quota.id, bucket: raw ?? null, limit: lim, used: n };
          }
          applicable.push({ q, key });
        }
        if (blocked === null) {
          for (const a of applicable) used[a.q].set(a.key, (used[a.q].get(a.key) ?? 0) + 1);
          granted.set(i, true);
        } else {
          blockedOut.set(i, blocked);
          refused[blocked]++;
        }
        if (traced) {
          ctx.hits?.add(blocked === null ? env.at : `${env.at}#${blocked}`);
          ctx.traces?.[i].push({
            rule: rule.name,
            kind: 'quota',
            value: blocked === null,
            fired: blocked === null ? { granted: true, position, quotas: applicable.map((a) => ({ quota: quotas[a.q].id, bucket: JSON.parse(a.key), used: used[a.q].get(a.key), limit: limits[a.q].get(a.key) })) } : { granted: false, position, refusedBy: blockedDetail },
            cite: rule.cite,
          });
        }
      }
      const pressure = (ctx.state.quotaRefusals ??= {}) as Record<string, Record<string, number>>;
      pressure[rule.name] = refused;
    },
  };
}

/** Group keys as map keys without JSON text: primitives as themselves (1 and "1" stay apart), null for what bucketKey calls null. */
class Buckets<V> {
  private readonly prim = new Map<unknown, V>();
  private readonly json = new Map<string, V>();
  private static norm(raw: unknown): unknown {
    if (raw === undefined || raw === null) return null;
    if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
    return raw;
  }
  get(raw: unknown): V | undefined {
    const k = Buckets.norm(raw);
    return typeof k === 'object' && k !== null ? this.json.get(JSON.stringify(k)) : this.prim.get(k);
  }
  set(raw: unknown, v: V): void {
    const k = Buckets.norm(raw);
    if (typeof k === 'object' && k !== null) this.json.set(JSON.stringify(k), v);
    else this.prim.set(k, v);
  }
}

/**
 * Candidates in the order of `keys` (then id), as compareKeys orders them, with each key held in a column: finite
 * numbers in a Float64Array (descending keys negated), strings compared directly, anything else by compareKeys.
 */
export function orderByKeys(cands: number[], /** ids[j] is the id of cands[j] */ ids: string[], keyOf: (k: number, i: number) => unknown, nKeys: number, desc: boolean[]): number[] {
  const m = cands.length;
  const cmps: ((a: number, b: number) => number)[] = [];
  for (let k = 0; k < nKeys; k++) {
    const raw = new Array<unknown>(m);
    let allNum = true;
    let allStr = true;
    for (let j = 0; j < m; j++) {
      const v = keyOf(k, cands[j]);
      raw[j] = v;
      if (typeof v !== 'number' || !Number.isFinite(v)) allNum = false;
      if (typeof v !== 'string') allStr = false;
    }
    if (allNum) {
      const col = new Float64Array(m);
      const sign = desc[k] ? -1 : 1;
      for (let j = 0; j < m; j++) col[j] = sign * (raw[j] as number);
      cmps.push((a, b) => (col[a] < col[b] ? -1 : col[a] > col[b] ? 1 : 0));
    } else if (allStr) {
      const col = raw as string[];
      const sign = desc[k] ? -1 : 1;
      cmps.push((a, b) => (col[a] < col[b] ? -sign : col[a] > col[b] ? sign : 0));
    } else {
      const d = [desc[k]];
      cmps.push((a, b) => compareKeys([raw[a]], [raw[b]], d));
    }
  }
  const order = new Array<number>(m);
  for (let j = 0; j < m; j++) order[j] = j;
  const c0 = cmps[0];
  const c1 = cmps[1];
  const rest = cmps.slice(2);
  order.sort((a, b) => {
    let c = c0 ? c0(a, b) : 0;
    if (c !== 0) return c;
    if (c1) {
      c = c1(a, b);
      if (c !== 0) return c;
    }
    for (let k = 0; k < rest.length; k++) {
      c = rest[k](a, b);
      if (c !== 0) return c;
    }
    return compareId(ids[a], ids[b]);
  });
  const out = new Array<number>(m);
  for (let j = 0; j < m; j++) out[j] = cands[order[j]];
  return out;
}

interface QuotaFn {
  id: string;
  applies: RecordFn;
  groupBy: RecordFn | null;
  limit: (key: unknown, scope: unknown) => unknown;
}

/** The untraced quota: the same grants and refusals as the traced loop, without per-candidate key arrays or JSON keys. */
function quotaFast(ctx: PeriodCtx, candidate: RecordFn, keys: RecordFn[], desc: boolean[], quotas: QuotaFn[], granted: SlotAccess, blockedOut: SlotAccess, name: string): void {
  const { records, subjects, period, scopes, x: X } = ctx;
  const cands: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    granted.set(i, false);
    blockedOut.set(i, null);
    if (truthy(candidate(r, subjects[i], period, i, X))) {
      cands.push(i);
      ids.push(subjects[i].id);
    }
  }
  const sorted = orderByKeys(cands, ids, (k, i) => keys[k](records[i], subjects[i], period, i, X), keys.length, desc);
  const nq = quotas.length;
  const used = quotas.map(() => new Buckets<number>());
  const limits = quotas.map(() => new Buckets<number>());
  const refused: Record<string, number> = Object.fromEntries(quotas.map((q) => [q.id, 0]));
  const appQ = new Int32Array(nq);
  const appKey = new Array<unknown>(nq);
  const appUsed = new Float64Array(nq);
  for (let p = 0; p < sorted.length; p++) {
    const i = sorted[p];
    const r = records[i];
    const s = subjects[i];
    let na = 0;
    let blocked: string | null = null;
    for (let q = 0; q < nq; q++) {
      const quota = quotas[q];
      if (!truthy(quota.applies(r, s, period, i, X))) continue;
      const raw = quota.groupBy ? quota.groupBy(r, s, period, i, X) : null;
      let lim = limits[q].get(raw);
      if (lim === undefined) {
        lim = Number(quota.limit(raw, raw === null || raw === undefined ? {} : scopes[String(raw)] ?? {}));
        limits[q].set(raw, lim);
      }
      const n = used[q].get(raw) ?? 0;
      if (n + 1 > lim && blocked === null) blocked = quota.id;
      appQ[na] = q;
      appKey[na] = raw;
      appUsed[na] = n;
      na++;
    }
    if (blocked === null) {
      for (let a = 0; a < na; a++) used[appQ[a]].set(appKey[a], appUsed[a] + 1);
      granted.set(i, true);
    } else {
      blockedOut.set(i, blocked);
      refused[blocked]++;
    }
  }
  const pressure = (ctx.state.quotaRefusals ??= {}) as Record<string, Record<string, number>>;
  pressure[name] = refused;
}
