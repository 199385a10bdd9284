import type { CompiledPack } from '../compile/pack';
import type { PeriodCtx, Rec, Subject } from '../compile/context';
import { KpValidationError } from '../errors';
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
 * evaluate() without what a simulation throws away: no per-period summary, no result wrappers, and for
 * packs without history rules no output objects either (the records already hold every output by name).
 * Packs with history rules record each period for the next exactly as evaluate() does (outputs only).
 * lean.spec.ts holds this equal to evaluate() on every pack's demo data.
 */
export function evaluateRows(c: CompiledPack, env: Envelope, validate: boolean): SideRows {
  if (validate) {
    const errors = c.validateInput(env);
    if (errors.length) throw new KpValidationError(errors, 'input');
  }
  const withHistory = c.pack.rules.some((r) => HISTORY.has(r.kind));
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
    quota.push(ctx.state.quotaRefusals);
    if (!withHistory) {
      periods.push(ctx.records);
      continue;
    }
    // Later periods read this one as evaluate() records it: the outputs only, with the subject's inputs.
    const outs = c.outputs;
    const rows = new Array<Record<string, unknown>>(ctx.records.length);
    const subjects = new Array<{ id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }>(ctx.records.length);
    for (let i = 0; i < rows.length; i++) {
      const r = ctx.records[i];
      const o: Record<string, unknown> = {};
      for (let k = 0; k < outs.length; k++) o[outs[k]] = r[outs[k]];
      rows[i] = o;
      subjects[i] = { id: r.id, inputs: ctx.subjects[i], outputs: o };
    }
    history.add({ period: p.period, subjects });
    periods.push(rows);
  }
  return { periods, quota };
}
