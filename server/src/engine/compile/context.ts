import type { KpError } from '../errors';
import type { Json, Pack, Rule, TraceEntry } from '../types';
import type { History } from '../evaluate/history';

/**
 * One subject's values during evaluation: its output object, with exactly the pack's outputs in order (evaluate
 * returns it as is; nothing is copied out of it). Rule values that are not outputs live in columns (`PeriodCtx.x`).
 * A caller that does not set `PeriodCtx.outputsOnly` gets records that also carry the subject's `id`.
 */
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
  /**
   * Rule values that are not outputs but that a later step reads (or that a population or history step writes):
   * one column per slot (`x[k][i]` is subject i's value). The first step creates them when absent.
   */
  x?: unknown[][];
  /** Records are the output objects and nothing else (evaluate sets it); when absent they also carry `id`. */
  outputsOnly?: boolean;
}

export interface Step {
  /** The rule this step evaluates (null for a segment of several subject rules). */
  label: string;
  run(ctx: PeriodCtx): void;
  /**
   * Steps that work subject by subject (none reads another subject's values of this period): the work on subject i
   * for this period. A run of such steps can go through the subjects once (compilePack's fused runner).
   */
  each?(ctx: PeriodCtx): (i: number) => void;
}

/**
 * A whole-period step whose per-subject reads and writes can join the passes around it (untraced only): `gather`
 * reads subject i's keys (called after every earlier step has finished with subject i), `middle` does the
 * whole-period work (a sort, a fact), `scatter` writes subject i's value. `run` stays the plain step.
 */
export interface SplitStep extends Step {
  split(ctx: PeriodCtx): { gather: ((i: number) => void) | null; middle(): void; scatter: ((i: number) => void) | null };
  /** `middle` writes every subject's value itself (a column filled at once): no scatter in the pass after. */
  middleWrites?: boolean;
  /** `middle` needs nothing from the subjects but their number (a count without a filter): no gather before. */
  noGather?: boolean;
}

/** A compiled function of a subject's record and inputs; `i` and `x` reach the columns of non-output values. */
export type RecordFn = (r: Rec, s: Subject, period: string, i?: number, x?: unknown[][]) => unknown;
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
  /** Where a slot lives: -1 on the output object (records[i][slot]), else its column in PeriodCtx.x. */
  slotColumn(slot: string): number;
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

/** Where a step writes or reads one slot for a period: the records or the slot's column. */
export interface SlotAccess {
  get(i: number): unknown;
  set(i: number, v: unknown): void;
}

/**
 * The access to one slot for a step, made once when the step is compiled: a record slot through a generated getter
 * and setter of its own (one property, one record shape: a monomorphic access), a column directly.
 */
export function slotAccessor(slot: string, column: number): (ctx: PeriodCtx) => SlotAccess {
  if (column >= 0) {
    return (ctx) => {
      const col = ctx.x![column];
      return { get: (i) => col[i], set: (i, v) => void (col[i] = v) };
    };
  }
  const key = JSON.stringify(slot);
  // eslint-disable-next-line no-new-func
  const get = new Function('R', 'i', `return R[i][${key}];`) as (R: Rec[], i: number) => unknown;
  // eslint-disable-next-line no-new-func
  const set = new Function('R', 'i', 'v', `R[i][${key}] = v;`) as (R: Rec[], i: number, v: unknown) => void;
  return (ctx) => {
    const R = ctx.records;
    return { get: (i) => get(R, i), set: (i, v) => set(R, i, v) };
  };
}
