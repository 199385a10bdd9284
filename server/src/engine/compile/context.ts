import type { KpError } from '../errors';
import type { Json, Pack, Rule, TraceEntry } from '../types';
import type { History } from '../evaluate/history';

/** One subject's values during evaluation: `id` plus one slot per rule value. */
export type Rec = Record<string, unknown> & { id: string };

export interface Subject {
  id: string;
  [k: string]: unknown;
}

/** Everything a step sees while one period is evaluated. */
export interface PeriodCtx {
  period: string;
  subjects: Subject[];
  records: Rec[];
  /** One trace per subject when tracing, else null. */
  traces: TraceEntry[][] | null;
  scopes: Record<string, Record<string, unknown>>;
  history: History;
  /** Per-period facts that steps hand to the summary (e.g. escalations made). */
  state: Record<string, unknown>;
  /** Coverage items hit (only when collecting coverage). */
  hits: Set<string> | null;
}

export interface Step {
  /** The rule this step evaluates (null for a segment of several subject rules). */
  label: string;
  run(ctx: PeriodCtx): void;
}

export type RecordFn = (r: Rec, s: Subject, period: string) => unknown;
export type OutputsFn = (o: Record<string, unknown>) => unknown;

/** What a population or history step gets when it is compiled. */
export interface StepEnv {
  pack: Pack;
  params: Record<string, Json>;
  rule: Rule;
  index: number;
  at: string;
  /** The record slot holding this rule's value (and a quota's blockedName). */
  slot: string;
  slotOf(name: string): string;
  /** A compiled function of the subject's record and inputs. */
  recordFn(logic: unknown, at: string): RecordFn;
  /** A compiled function of a period's outputs (for history predicates). */
  outputsFn(logic: unknown, at: string): OutputsFn;
  /** A compiled function of a quota bucket: its key and scope facts. */
  limitFn(logic: unknown, at: string): (key: unknown, scope: unknown) => unknown;
  /** A number or { $param } resolved against the run's parameters. */
  num(v: number | { $param: string }, at: string): number;
  errors: KpError[];
}

export type StepFactory = (env: StepEnv, traced: boolean) => Step;
