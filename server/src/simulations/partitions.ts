import type { Envelope, EnvelopePeriod, Pack } from '../engine/types';
import { idBucket, partition, UNIT_TARGET, valueKey, type PartialState, type PartitionMode, type Prepared, type Unit } from '../engine/simulate';

/**
 * The planner: how one large simulation job is split into partition jobs that any worker process may take, and
 * which subjects each partition evaluates. Pure: no database, no threads (processor.ts stores and queues them,
 * partition-thread.ts evaluates them). Every split keeps together what a rule reads together, so each partition
 * evaluates its subjects exactly as the whole dataset would, and the partial states merge exactly.
 */
export type PartitionSpec =
  /** Subject rules only: subjects [from, to) of one period. */
  | { split: 'slice'; period: number; from: number; to: number }
  /** History rules only (stored rows): the subjects whose id falls in `bucket` of `of` (idBucket), in every period. */
  | { split: 'ids'; bucket: number; of: number }
  /** History rules only (synthetic rows, where subject i has the same id in every period): subjects [from, to) of every period. */
  | { split: 'range'; from: number; to: number }
  /** Population rules (with or without history) that all group by one input field: the subjects whose value of it is listed, in every period. */
  | { split: 'key'; key: string; values: string[] }
  /** Population rules without history: whole periods. */
  | { split: 'period'; periods: number[] }
  /** Nothing of the data can be split: the whole dataset, under the baseline and these variants or sweep steps only. */
  | { split: 'sides'; sides: number[] };

export type SplitKind = PartitionSpec['split'];

export interface PartitionPlan {
  by: SplitKind;
  /** The configured size (subject-periods per partition) the plan aimed at. */
  size: number;
  partitions: { spec: PartitionSpec; weight: number }[];
}

/** Partition size from the environment: KP_SIM_PARTITION_SUBJECTS (default 1,000,000; 0 or off: never split). */
export function partitionSize(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.KP_SIM_PARTITION_SUBJECTS;
  if (v === undefined || v === '') return 1_000_000;
  if (v === 'off') return 0;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

const POPULATION = new Set(['rank', 'group', 'quota']);

/**
 * The input field every population rule of every pack groups by (each rank's and group's `groupBy`, each
 * quota's bucket), when there is one: then no rule reads across its values and the dataset splits by it.
 * A rule without a bucket (the whole period) or with another one, or a field that a rule's own value shadows, gives null.
 */
export function commonKey(packs: Pack[]): string | null {
  let key: string | null = null;
  const agree = (groupBy: unknown): boolean => {
    const v = groupBy && typeof groupBy === 'object' && !Array.isArray(groupBy) ? (groupBy as Record<string, unknown>).var : undefined;
    const name = typeof v === 'string' ? v : Array.isArray(v) && v.length === 1 && typeof v[0] === 'string' ? v[0] : null;
    if (!name || Object.keys(groupBy as object).length !== 1) return false;
    if (key === null) key = name;
    return key === name;
  };
  for (const p of packs) {
    for (const r of p.rules) {
      if (!POPULATION.has(r.kind)) continue;
      const rule = r as unknown as { groupBy?: unknown; quotas?: { groupBy?: unknown }[] };
      if (r.kind === 'quota') {
        if (!rule.quotas?.length || !rule.quotas.every((q) => agree(q.groupBy))) return null;
      } else if (!agree(rule.groupBy)) return null;
    }
  }
  if (key === null) return null;
  const head = (key as string).split('.')[0];
  if (packs.some((p) => p.rules.some((r) => r.name === head))) return null;
  return key;
}

function getPath(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const seg of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** The value of the split key a subject is filed under ("null" when it has none). */
export const keyOf = (s: Record<string, unknown>, key: string) => valueKey(getPath(s, key) ?? null);

/** Largest first, each to the lightest bin. */
function binPack<T>(items: [T, number][], bins: number): { items: T[]; weight: number }[] {
  const out = Array.from({ length: bins }, () => ({ items: [] as T[], weight: 0 }));
  for (const [it, w] of [...items].sort((a, b) => b[1] - a[1])) {
    const bin = out.reduce((a, b) => (b.weight < a.weight ? b : a));
    bin.items.push(it);
    bin.weight += w;
  }
  return out.filter((b) => b.items.length);
}

/** What the planner needs to know of stored rows, gathered in one pass (a chunk at a time, see rows.ts). */
export interface RowStats {
  /** Subject-periods per id bucket (idBucket of `k`), for history-only packs. */
  idWeights: number[] | null;
  /** Subject-periods per value of the common field, for population packs. */
  keyWeights: Map<string, number> | null;
  /** Some subject has different values of the field in different periods. */
  moves: boolean;
}

/** What to gather from the rows for this plan: the bucket count and the common field, if any. */
export function statsWanted(p: Prepared, total: number, size: number): { k: number; key: string | null; ids: boolean; home: boolean } | null {
  if (!(size > 0) || total <= size) return null;
  const k = Math.ceil(total / size);
  if (p.mode === 'ids') return { k, key: null, ids: true, home: false };
  if (p.mode === 'periods' || p.mode === 'whole') return { k, key: commonKey([p.baseline.compiled.pack, ...p.sides.map((s) => s.compiled.pack)]), ids: false, home: p.mode === 'whole' };
  return null;
}

export class RowStatsBuilder {
  private readonly idWeights: number[] | null;
  private readonly keyWeights: Map<string, number> | null;
  private readonly home = new Map<string, string>();
  private moves = false;

  constructor(private readonly want: NonNullable<ReturnType<typeof statsWanted>>) {
    this.idWeights = want.ids ? new Array<number>(want.k).fill(0) : null;
    this.keyWeights = want.key ? new Map() : null;
  }

  add(s: Record<string, unknown>): void {
    if (this.idWeights) this.idWeights[idBucket(String(s.id), this.want.k)]++;
    const key = this.want.key;
    if (!key || !this.keyWeights) return;
    const v = keyOf(s, key);
    this.keyWeights.set(v, (this.keyWeights.get(v) ?? 0) + 1);
    if (this.want.home) {
      const id = String(s.id);
      const was = this.home.get(id);
      if (was === undefined) this.home.set(id, v);
      else if (was !== v) this.moves = true;
    }
  }

  result(): RowStats {
    return { idWeights: this.idWeights, keyWeights: this.keyWeights, moves: this.moves };
  }
}

/** RowStats of an envelope held whole (tests, small sets). */
export function rowStats(p: Prepared, env: Envelope, size: number): RowStats | undefined {
  const total = env.periods.reduce((n, q) => n + q.subjects.length, 0);
  const want = statsWanted(p, total, size);
  if (!want) return undefined;
  const b = new RowStatsBuilder(want);
  for (const q of env.periods) for (const s of q.subjects) b.add(s as Record<string, unknown>);
  return b.result();
}

/**
 * Splits a job whose dataset holds more than `size` subject-periods, or returns null (one job, one process).
 * `data.counts`: subjects per period; `data.rows`: what the stored rows hold (rowStats; absent for synthetic
 * datasets, which every partition generates for itself).
 */
export function planPartitions(p: Prepared, data: { counts: number[]; rows?: RowStats }, size: number): PartitionPlan | null {
  const total = data.counts.reduce((a, b) => a + b, 0);
  if (!(size > 0) || total <= size) return null;
  const k = Math.ceil(total / size);
  const mode: PartitionMode = p.mode;
  const plan = (by: SplitKind, partitions: PartitionPlan['partitions']): PartitionPlan | null => (partitions.length > 1 ? { by, size, partitions } : null);
  const sides = p.sides.length;
  const perSide = (n: number) => n * (1 + sides);

  if (mode === 'subjects') {
    const parts: PartitionPlan['partitions'] = [];
    data.counts.forEach((n, period) => {
      const pieces = Math.max(1, Math.ceil(n / size));
      const step = Math.ceil(n / pieces);
      for (let from = 0; from < n; from += step) parts.push({ spec: { split: 'slice', period, from, to: Math.min(n, from + step) }, weight: perSide(Math.min(n, from + step) - from) });
    });
    return plan('slice', parts);
  }
  if (mode === 'ids') {
    if (data.rows?.idWeights) {
      const weights = data.rows.idWeights;
      return plan(
        'ids',
        weights.flatMap((w, bucket) => (w ? [{ spec: { split: 'ids' as const, bucket, of: k }, weight: perSide(w) }] : [])),
      );
    }
    const perPeriod = Math.max(...data.counts);
    const step = Math.ceil(perPeriod / k);
    const parts: PartitionPlan['partitions'] = [];
    for (let from = 0; from < perPeriod; from += step) {
      const to = Math.min(perPeriod, from + step);
      parts.push({ spec: { split: 'range', from, to }, weight: perSide(data.counts.reduce((n, c) => n + Math.max(0, Math.min(c, to) - from), 0)) });
    }
    return plan('range', parts);
  }
  // Population rules: by the field they all group by, when the rows are at hand and (with history) no subject moves.
  const key = commonKey([p.baseline.compiled.pack, ...p.sides.map((s) => s.compiled.pack)]);
  if (key && data.rows?.keyWeights) {
    const weights = data.rows.keyWeights;
    const moves = data.rows.moves;
    if (!moves && weights.size > 1) {
      const bins = binPack([...weights], Math.min(k, weights.size));
      const byKey = plan('key', bins.map((b) => ({ spec: { split: 'key' as const, key, values: b.items.sort() }, weight: perSide(b.weight) })));
      if (byKey) return byKey;
    }
  }
  if (mode === 'periods' && data.counts.length > 1) {
    const bins = binPack(data.counts.map((n, i) => [i, n] as [number, number]), Math.min(k, data.counts.length));
    const byPeriod = plan('period', bins.map((b) => ({ spec: { split: 'period' as const, periods: b.items.sort((x, y) => x - y) }, weight: perSide(b.weight) })));
    if (byPeriod) return byPeriod;
  }
  if (sides > 1) {
    const n = Math.min(sides, Math.max(2, Math.ceil((total * sides) / size)));
    const groups = Array.from({ length: n }, (_, g) => Array.from({ length: sides }, (_, i) => i).filter((i) => i % n === g));
    return plan('sides', groups.map((g) => ({ spec: { split: 'sides' as const, sides: g }, weight: total * (1 + g.length) })));
  }
  return null;
}

/** The subjects of a partition, as a sub-envelope with each period's and subject's place in the whole dataset. */
export interface Selection {
  envelope: Envelope;
  periodIndex: number[];
  subjectIndex: number[][];
}

/** Whether subject `s`, at place `j` of period `pi`, belongs to the partition; and which periods can hold any. */
export function picker(spec: PartitionSpec): { periods: ((pi: number) => boolean); pick: (pi: number, s: Record<string, unknown>, j: number) => boolean } {
  switch (spec.split) {
    case 'slice':
      return { periods: (pi) => pi === spec.period, pick: (_pi, _s, j) => j >= spec.from && j < spec.to };
    case 'ids':
      return { periods: () => true, pick: (_pi, s) => idBucket(String(s.id), spec.of) === spec.bucket };
    case 'range':
      return { periods: () => true, pick: (_pi, _s, j) => j >= spec.from && j < spec.to };
    case 'key': {
      const values = new Set(spec.values);
      return { periods: () => true, pick: (_pi, s) => values.has(keyOf(s, spec.key)) };
    }
    case 'period': {
      const set = new Set(spec.periods);
      return { periods: (pi) => set.has(pi), pick: () => true };
    }
    case 'sides':
      return { periods: () => true, pick: () => true };
  }
}

/** Adds period `pi`'s picked subjects to a selection (periods arrive in dataset order, a period possibly in several calls). */
export function addToSelection(sel: Selection, pi: number, q: Omit<EnvelopePeriod, 'subjects'>, subjects: EnvelopePeriod['subjects'], index: number[]): void {
  if (!subjects.length) return;
  const last = sel.periodIndex.length - 1;
  if (last >= 0 && sel.periodIndex[last] === pi) {
    for (const s of subjects) sel.envelope.periods[last].subjects.push(s);
    for (const j of index) sel.subjectIndex[last].push(j);
    return;
  }
  sel.envelope.periods.push({ ...q, subjects });
  sel.periodIndex.push(pi);
  sel.subjectIndex.push(index);
}

/** Picks a partition's subjects out of rows held whole. */
export function selectRows(env: Envelope, spec: PartitionSpec): Selection {
  const sel: Selection = { envelope: { periods: [] }, periodIndex: [], subjectIndex: [] };
  const { periods, pick } = picker(spec);
  env.periods.forEach((q, pi) => {
    if (!periods(pi)) return;
    const subjects: EnvelopePeriod['subjects'] = [];
    const index: number[] = [];
    q.subjects.forEach((s, j) => {
      if (pick(pi, s as Record<string, unknown>, j)) {
        subjects.push(s);
        index.push(j);
      }
    });
    const { subjects: _all, ...rest } = q;
    addToSelection(sel, pi, rest, subjects, index);
  });
  return sel;
}

/** Splits a selection into units of work (for progress, cancel and the lease) with their places in the whole dataset. */
export function unitsOf(sel: Selection, mode: PartitionMode, target = UNIT_TARGET): Unit[] {
  return partition(sel.envelope, mode, target).map((u) => ({
    periods: u.periods,
    periodIndex: u.periodIndex.map((i) => sel.periodIndex[i]),
    subjectIndex: u.subjectIndex.map((idx, k) => idx.map((j) => sel.subjectIndex[u.periodIndex[k]][j])),
  }));
}

/** The variants (named ones and sweep steps) a partition evaluates: all of them, or its share of a `sides` split. */
export const sidesOf = (spec: PartitionSpec): number[] | null => (spec.split === 'sides' ? spec.sides : null);

// ---- partial states as text: Maps become { "$kpMap": [[key, value], …] }, so keys keep their type (4 and "4") ----

const MAP = '$kpMap';

export function encodeState(st: PartialState): string {
  return JSON.stringify(st, (_k, v) => (v instanceof Map ? { [MAP]: [...v] } : v));
}

export function decodeState(text: string): PartialState {
  return JSON.parse(text, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) && MAP in v && Object.keys(v).length === 1 ? new Map(v[MAP]) : v)) as PartialState;
}
