import { ExactSum, type ExactSumState } from '../exact-sum';
import { decimalSub } from './decimal';
import { isGradeLike, isNumeric, mergeKind, newKind, noteKind, rawKey, valueKey, type OutputKind } from './values';
import type { BreakdownGroup, ChangedSubject, SimulationSummary } from './types';

/** Distributions, kinds, totals and quota refusals of one side (the baseline or one variant). */
export interface SideState {
  subjects: number;
  dist: Map<unknown, number>[];
  kinds: OutputKind[];
  sums: (ExactSumState | null)[];
  /** Quota rule → quota id → nominations refused (from the evaluation's per-period state). */
  quota: Record<string, Record<string, number>>;
}

export interface GroupState {
  subjects: number;
  changed: number;
  before: (ExactSumState | null)[];
  after: (ExactSumState | null)[];
}

export interface VariantState {
  side: SideState;
  trans: (Map<unknown, Map<unknown, number>> | null)[];
  changed: (ChangedSubject & { pi: number; si: number })[];
  changedCount: number;
  groups: Map<string, GroupState> | null;
}

/** Accumulates one side's outputs subject by subject. Outputs are addressed by position for speed. */
export class SideAcc {
  subjects = 0;
  readonly dist: Map<unknown, number>[];
  readonly kinds: OutputKind[];
  readonly sums: (ExactSum | null)[];
  readonly quota: Record<string, Record<string, number>> = {};

  constructor(readonly outputs: string[]) {
    this.dist = outputs.map(() => new Map());
    this.kinds = outputs.map(() => newKind());
    this.sums = outputs.map(() => new ExactSum());
  }

  /** Adds one period's quota refusals ({ rule: { quota: n } }, as the population stage records them). */
  addQuota(refusals: unknown): void {
    if (!refusals || typeof refusals !== 'object') return;
    mergeQuota(this.quota, refusals as Record<string, Record<string, number>>);
  }

  private readonly vals: unknown[] = [];

  /** Counts one subject's outputs; `keys` receives each output's value key for the caller's reuse. */
  add(o: Record<string, unknown>, keys: unknown[]): void {
    const outs = this.outputs;
    const vals = this.vals;
    for (let k = 0; k < outs.length; k++) vals[k] = o[outs[k]];
    this.addVals(vals, keys);
  }

  /** The same, with the outputs by position (`vals[k]` is output k's value): the columnar path reads them from columns. */
  addVals(vals: readonly unknown[], keys: unknown[]): void {
    this.subjects++;
    const outs = this.outputs;
    for (let k = 0; k < outs.length; k++) {
      const v = vals[k];
      const key = rawKey(v);
      keys[k] = key;
      const d = this.dist[k];
      d.set(key, (d.get(key) ?? 0) + 1);
      noteKind(this.kinds[k], v);
      const s = this.sums[k];
      if (s !== null) {
        if (typeof v === 'number') s.add(v);
        else if (v !== null && v !== undefined) this.sums[k] = null;
      }
    }
  }

  state(): SideState {
    return { subjects: this.subjects, dist: this.dist, kinds: this.kinds, sums: this.sums.map((s) => s?.state() ?? null), quota: this.quota };
  }
}

export function mergeSide(into: SideState, from: SideState): void {
  into.subjects += from.subjects;
  from.dist.forEach((m, k) => addCounts(into.dist[k], m));
  from.kinds.forEach((kind, k) => mergeKind(into.kinds[k], kind));
  into.sums = into.sums.map((s, k) => mergeSum(s, from.sums[k]));
  mergeQuota(into.quota, from.quota);
}

function mergeSum(a: ExactSumState | null, b: ExactSumState | null): ExactSumState | null {
  if (a === null || b === null) return null;
  const s = ExactSum.from(a);
  s.mergeState(b);
  return s.state();
}

function mergeQuota(into: Record<string, Record<string, number>>, from: Record<string, Record<string, number>>): void {
  for (const [rule, m] of Object.entries(from)) {
    const t = (into[rule] ??= {});
    for (const [id, n] of Object.entries(m)) t[id] = (t[id] ?? 0) + n;
  }
}

function addCounts(into: Map<unknown, number>, from: Map<unknown, number>): void {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
}

/** One variant against the baseline: its own side, the transitions, the changed subjects and the breakdown. */
export class VariantAcc {
  readonly side: SideAcc;
  readonly trans: (Map<unknown, Map<unknown, number>> | null)[];
  readonly changed: (ChangedSubject & { pi: number; si: number })[] = [];
  changedCount = 0;
  readonly groups: Map<string, { subjects: number; changed: number; before: (ExactSum | null)[]; after: (ExactSum | null)[] }> | null;
  private readonly keys: unknown[];

  constructor(
    readonly outputs: string[],
    private readonly maxChanged: number,
    breakdown: boolean,
  ) {
    this.side = new SideAcc(outputs);
    this.trans = outputs.map(() => new Map());
    this.groups = breakdown ? new Map() : null;
    this.keys = outputs.map(() => null);
  }

  /** Copy array and object values into the changed list (the columnar path refills its input objects in place). */
  copyObjects = false;
  private readonly beforeVals: unknown[] = [];
  private readonly afterVals: unknown[] = [];

  /** One subject-period: `before` from the baseline (with its value keys), `after` from this variant. */
  add(pi: number, si: number, period: string, id: string, group: string | null, before: Record<string, unknown>, beforeKeys: unknown[], after: Record<string, unknown>): void {
    const outs = this.outputs;
    const b = this.beforeVals;
    const a = this.afterVals;
    for (let k = 0; k < outs.length; k++) {
      b[k] = before[outs[k]];
      a[k] = after[outs[k]];
    }
    this.addVals(pi, si, period, id, group, b, beforeKeys, a);
  }

  /** The same with the outputs by position (`before[k]`, `after[k]`: output k's values), as the columnar path reads them. */
  addVals(pi: number, si: number, period: string, id: string, group: string | null, before: readonly unknown[], beforeKeys: unknown[], after: readonly unknown[]): void {
    const keys = this.keys;
    this.side.addVals(after, keys);
    const outs = this.outputs;
    let diff: Record<string, [unknown, unknown]> | null = null;
    for (let k = 0; k < outs.length; k++) {
      const t = this.trans[k];
      if (t !== null) {
        if (this.side.kinds[k].notGrade) this.trans[k] = null;
        else {
          const fromKey = beforeKeys[k];
          let row = t.get(fromKey);
          if (!row) t.set(fromKey, (row = new Map()));
          row.set(keys[k], (row.get(keys[k]) ?? 0) + 1);
        }
      }
      if (beforeKeys[k] !== keys[k]) (diff ??= {})[outs[k]] = this.copyObjects ? [copyValue(before[k]), copyValue(after[k])] : [before[k] ?? null, after[k] ?? null];
    }
    if (diff) {
      this.changedCount++;
      if (this.maxChanged > 0) {
        this.changed.push({ period, id, outputs: diff, pi, si });
        // Units arrive in any order, so keep a surplus and cut back to the first `maxChanged` in dataset order.
        if (this.changed.length >= 2 * this.maxChanged) trimChanged(this.changed, this.maxChanged);
      }
    }
    if (this.groups && group !== null) {
      let g = this.groups.get(group);
      if (!g) this.groups.set(group, (g = { subjects: 0, changed: 0, before: outs.map(() => new ExactSum()), after: outs.map(() => new ExactSum()) }));
      g.subjects++;
      if (diff) g.changed++;
      for (let k = 0; k < outs.length; k++) {
        addNumber(g.before, k, before[k]);
        addNumber(g.after, k, after[k]);
      }
    }
  }

  state(): VariantState {
    const groups = this.groups
      ? new Map(
          [...this.groups].map(([k, g]) => [
            k,
            { subjects: g.subjects, changed: g.changed, before: g.before.map((s) => s?.state() ?? null), after: g.after.map((s) => s?.state() ?? null) },
          ]),
        )
      : null;
    trimChanged(this.changed, this.maxChanged);
    return { side: this.side.state(), trans: this.trans, changed: this.changed, changedCount: this.changedCount, groups };
  }
}

const copyValue = (v: unknown): unknown => (v === undefined || v === null ? null : typeof v === 'object' ? structuredClone(v) : v);

/** Dataset order (period, then position in the period), at most `max` entries. */
function trimChanged(list: { pi: number; si: number }[], max: number): void {
  list.sort((a, b) => a.pi - b.pi || a.si - b.si);
  if (list.length > max) list.length = max;
}

function addNumber(sums: (ExactSum | null)[], k: number, v: unknown): void {
  const s = sums[k];
  if (s === null) return;
  if (typeof v === 'number') s.add(v);
  else if (v !== null && v !== undefined) sums[k] = null;
}

export function mergeVariant(into: VariantState, from: VariantState, maxChanged: number): void {
  mergeSide(into.side, from.side);
  into.trans = into.trans.map((t, k) => {
    const f = from.trans[k];
    if (t === null || f === null) return null;
    for (const [fromKey, row] of f) {
      let r = t.get(fromKey);
      if (!r) t.set(fromKey, (r = new Map()));
      addCounts(r, row);
    }
    return t;
  });
  into.changedCount += from.changedCount;
  into.changed = into.changed.concat(from.changed);
  trimChanged(into.changed, maxChanged);
  if (into.groups && from.groups) {
    for (const [k, g] of from.groups) {
      const h = into.groups.get(k);
      if (!h) into.groups.set(k, g);
      else {
        h.subjects += g.subjects;
        h.changed += g.changed;
        h.before = h.before.map((s, i) => mergeSum(s, g.before[i]));
        h.after = h.after.map((s, i) => mergeSum(s, g.after[i]));
      }
    }
  }
}

// ---- finalising merged states into the JSON the CLI and API return ----

const numericFirst = (a: string, b: string) => {
  const x = Number(a);
  const y = Number(b);
  const nx = a !== '' && Number.isFinite(x);
  const ny = b !== '' && Number.isFinite(y);
  if (nx && ny) return x - y;
  if (nx !== ny) return nx ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

/** Counts by value key, in value order (numbers ascending, then text). */
export function countsObject(m: Map<unknown, number>): Record<string, number> {
  const named = new Map<string, number>();
  for (const [k, n] of m) {
    const key = valueKey(k);
    named.set(key, (named.get(key) ?? 0) + n);
  }
  const out: Record<string, number> = {};
  for (const k of [...named.keys()].sort(numericFirst)) out[k] = named.get(k)!;
  return out;
}

export function sumDecimal(s: ExactSumState | null): string | null {
  return s ? ExactSum.from(s).toDecimal() : null;
}

export function distributionsOf(outputs: string[], st: SideState): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  outputs.forEach((o, k) => (out[o] = countsObject(st.dist[k])));
  return out;
}

/** Exact totals of the money outputs (`money[k]`: the output's unit is money); counts of stars or ranks are never summed. */
export function totalsOf(outputs: string[], st: SideState, money: boolean[]): Record<string, number> {
  const out: Record<string, number> = {};
  outputs.forEach((o, k) => {
    const d = money[k] ? sumDecimal(st.sums[k]) : null;
    if (d !== null && isNumeric(st.kinds[k])) out[o] = Number(d);
  });
  return out;
}

/** Grade-like on both sides: every non-null value an integer, boolean or string. */
export function gradeOutputs(outputs: string[], base: SideState, v: SideState): boolean[] {
  return outputs.map((_, k) => {
    const kind = newKind();
    mergeKind(kind, base.kinds[k]);
    mergeKind(kind, v.kinds[k]);
    // An output that was null throughout is one grade (null → null), so it is listed too.
    return !kind.notGrade;
  });
}

export function transitionsOf(outputs: string[], st: VariantState, grade: boolean[]): Record<string, Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, Record<string, number>>> = {};
  outputs.forEach((o, k) => {
    const t = st.trans[k];
    if (!grade[k] || t === null) return;
    const named = new Map<string, Map<unknown, number>>();
    for (const [from, row] of t) {
      const key = valueKey(from);
      const into = named.get(key);
      if (into) addCounts(into, row);
      else named.set(key, new Map(row));
    }
    const rows: Record<string, Record<string, number>> = {};
    for (const from of [...named.keys()].sort(numericFirst)) rows[from] = countsObject(named.get(from)!);
    out[o] = rows;
  });
  return out;
}

export function totalsDeltaOf(outputs: string[], base: SideState, v: SideState, money: boolean[]): Record<string, number> {
  const out: Record<string, number> = {};
  outputs.forEach((o, k) => {
    if (!money[k]) return;
    const a = sumDecimal(base.sums[k]);
    const b = sumDecimal(v.sums[k]);
    if (a !== null && b !== null && isNumeric(v.kinds[k]) && isNumeric(base.kinds[k])) out[o] = Number(decimalSub(b, a));
  });
  return out;
}

export function breakdownOf(outputs: string[], st: VariantState, numeric: boolean[]): Record<string, BreakdownGroup> {
  const out: Record<string, BreakdownGroup> = {};
  if (!st.groups) return out;
  for (const k of [...st.groups.keys()].sort(numericFirst)) {
    const g = st.groups.get(k)!;
    const totals: Record<string, [number, number]> = {};
    outputs.forEach((o, i) => {
      const a = sumDecimal(g.before[i]);
      const b = sumDecimal(g.after[i]);
      if (numeric[i] && a !== null && b !== null) totals[o] = [Number(a), Number(b)];
    });
    out[k] = { subjects: g.subjects, changed: g.changed, totals };
  }
  return out;
}

/** Grade-like outputs with at most this many values get counted in the summary. */
const SUMMARY_MAX_VALUES = 12;

export function summaryOf(outputs: string[], st: SideState, changed: number, money: boolean[]): SimulationSummary {
  const counts: Record<string, Record<string, number>> = {};
  outputs.forEach((o, k) => {
    if (isGradeLike(st.kinds[k]) && st.dist[k].size <= SUMMARY_MAX_VALUES) counts[o] = countsObject(st.dist[k]);
  });
  const quotaRefused: Record<string, number> = {};
  for (const m of Object.values(st.quota)) for (const [id, n] of Object.entries(m)) quotaRefused[id] = (quotaRefused[id] ?? 0) + n;
  return { subjects: st.subjects, changed, totals: totalsOf(outputs, st, money), counts, quotaRefused };
}
