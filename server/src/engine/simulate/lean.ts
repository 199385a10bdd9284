import type { CompiledPack } from '../compile/pack';
import type { PeriodCtx, Rec, Subject } from '../compile/context';
import { KpValidationError } from '../errors';
import { evaluate } from '../evaluate/evaluate';
import { History } from '../evaluate/history';
import type { Envelope } from '../types';

/** One side's values for a unit: per period, one row per subject (in input order) holding the outputs by name. */
export interface SideRows {
  periods: Record<string, unknown>[][];
  /** Per period: { quota rule: { quota id: refused } }. */
  quota: unknown[];
}

const HISTORY = new Set(['consecutive', 'windowCount', 'previous', 'movement', 'escalation']);

/**
 * evaluate() without what a simulation throws away: no output objects (the records already hold every
 * output by name), no per-period summary, no history bookkeeping. Packs with history rules take the
 * ordinary evaluate(), which records each period for the next. lean.spec.ts holds both paths equal.
 */
export function evaluateRows(c: CompiledPack, env: Envelope, validate: boolean): SideRows {
  if (c.pack.rules.some((r) => HISTORY.has(r.kind))) {
    const state: Record<string, Record<string, unknown>> = {};
    const out = evaluate(c, env, { validate, state });
    return { periods: out.periods.map((p) => p.results.map((r) => r.outputs)), quota: out.periods.map((p) => state[p.period]?.quotaRefusals) };
  }
  if (validate) {
    const errors = c.validateInput(env);
    if (errors.length) throw new KpValidationError(errors, 'input');
  }
  const history = new History();
  const periods: Record<string, unknown>[][] = [];
  const quota: unknown[] = [];
  for (const p of env.periods) {
    const ctx: PeriodCtx = {
      period: p.period,
      subjects: p.subjects as Subject[],
      records: new Array<Rec>(p.subjects.length),
      traces: null,
      scopes: p.scopes ?? {},
      history,
      state: {},
      hits: null,
    };
    for (const step of c.steps) step.run(ctx);
    periods.push(ctx.records);
    quota.push(ctx.state.quotaRefusals);
  }
  return { periods, quota };
}
