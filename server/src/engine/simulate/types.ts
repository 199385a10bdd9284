import type { Pack } from '../types';

/** One alternative to compare with the baseline: parameter overrides, another pack version, or a draft document. */
export interface VariantSpec {
  name: string;
  /** Another version or an unsaved draft; absent: the baseline pack. */
  pack?: Pack;
  /** Parameter overrides by dotted name; `starBands.3` sets one element of an array parameter. */
  parameters?: Record<string, unknown>;
}

/** A sweep: one parameter from `from` to `to` (inclusive) in steps of `step`, on top of a variant (default: the baseline pack). */
export interface SweepSpec {
  parameter: string;
  from: number;
  to: number;
  step: number;
  base?: VariantSpec;
}

export interface SimulateOptions {
  /** Input field (dotted path) whose value groups the breakdown; default: the pack's scope ref. */
  breakdownBy?: string | null;
  /** Keep at most this many entries in `changed` (changedCount still counts them all). */
  maxChanged?: number;
}

/** One changed subject-period: the outputs whose values differ, as [before, after]. */
export interface ChangedSubject {
  period: string;
  id: string;
  outputs: Record<string, [unknown, unknown]>;
  trace?: { before: unknown; after: unknown };
}

export interface BreakdownGroup {
  subjects: number;
  changed: number;
  /** Money outputs only: [baseline total, variant total]. */
  totals: Record<string, [number, number]>;
}

/** The figures a sweep row shows and every variant carries: enough to draw where grades tip. */
export interface SimulationSummary {
  subjects: number;
  changed: number;
  /** Exact totals of the money outputs (whose rule's unit is 元 or another currency), and of nothing else. */
  totals: Record<string, number>;
  /** Counts per value of grade-like outputs with a handful of values (stars, tiers, booleans). */
  counts: Record<string, Record<string, number>>;
  quotaRefused: Record<string, number>;
}

export interface VariantResult {
  name: string;
  pack: { id: string; version: string };
  parameters: Record<string, unknown>;
  distributions: Record<string, Record<string, number>>;
  transitions: Record<string, Record<string, Record<string, number>>>;
  changed: ChangedSubject[];
  changedCount: number;
  totals: Record<string, number>;
  /** Variant total minus baseline total, exact. */
  totalsDelta: Record<string, number>;
  /** Per quota rule's blocked-name output: how many nominations each quota refused. */
  quotaPressure: Record<string, Record<string, number>>;
  breakdown: { by: string; groups: Record<string, BreakdownGroup> } | null;
  summary: SimulationSummary;
}

export interface BaselineResult {
  pack: { id: string; version: string };
  parameters: Record<string, unknown>;
  subjects: number;
  distributions: Record<string, Record<string, number>>;
  /** Output → unit, for outputs whose rule declares one ("元", "分", "星"…). */
  units: Record<string, string>;
  totals: Record<string, number>;
  quotaPressure: Record<string, Record<string, number>>;
  summary: SimulationSummary;
}

export interface SweepRow {
  value: number;
  summary: SimulationSummary;
}

export interface SimulationResult {
  baseline: BaselineResult;
  variants: VariantResult[];
  sweep: SweepRow[];
}
