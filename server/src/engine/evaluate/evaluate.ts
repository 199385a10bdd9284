import { KpValidationError } from '../errors';
import type { Envelope, OutputEnvelope, Pack, PeriodResult, SubjectResult, TraceEntry } from '../types';
import type { CompiledPack } from '../compile/pack';
import { compilePack } from '../compile/pack';
import type { PeriodCtx, Rec, Subject } from '../compile/context';
import { History, PriorPeriod } from './history';
import type { Budget } from '../compile/runtime';

export interface EvaluateOptions {
  /** Attach each output's trace (expressions, values read, what fired). */
  trace?: boolean;
  /** Earlier periods' results (the server's stored evaluations), read by history rules. */
  prior?: PriorPeriod[];
  /** Skip input validation for data already validated (simulation shards, benchmarks). */
  validate?: boolean;
  /** Collects coverage items hit (pack tests). */
  hits?: Set<string>;
  /** Per-period facts from steps (quota refusals, escalations), keyed by period. */
  state?: Record<string, Record<string, unknown>>;
  /**
   * The work this evaluation may do (see newBudget); past it the evaluation throws BudgetExceededError naming the
   * rule. Unlimited when absent. The counters run down in this object, so one budget can span several calls.
   */
  budget?: Budget;
}

/** Checks an envelope against a compiled pack; [] when it can be evaluated. */
export function validateEnvelope(c: CompiledPack, env: unknown) {
  return c.validateInput(env);
}

/** Evaluates an envelope period by period: subject stage, population stage, history stage, summary. */
export function evaluate(c: CompiledPack, env: unknown, opts: EvaluateOptions = {}): OutputEnvelope {
  if (opts.validate !== false) {
    const errors = c.validateInput(env);
    if (errors.length) throw new KpValidationError(errors, 'input');
  }
  const cell = c.budgetCell;
  const outer = cell.b;
  // Without a budget of its own the call keeps whatever budget the compiled pack's cell holds (unlimited by default).
  cell.b = opts.budget ?? outer;
  try {
    return run(c, env as Envelope, opts);
  } finally {
    cell.b = outer;
  }
}

function run(c: CompiledPack, envelope: Envelope, opts: EvaluateOptions): OutputEnvelope {
  const history = new History(opts.prior);
  const traced = !!opts.trace || !!opts.hits;
  const steps = traced ? c.tracedSteps : c.steps;
  const periods: PeriodResult[] = [];
  for (const p of envelope.periods) {
    const subjects = p.subjects as Subject[];
    const n = subjects.length;
    const ctx: PeriodCtx = {
      period: p.period,
      subjects,
      records: new Array<Rec>(n),
      traces: traced ? Array.from({ length: n }, () => [] as TraceEntry[]) : null,
      scopes: p.scopes ?? {},
      history,
      state: {},
      hits: opts.hits ?? null,
      outputsOnly: true,
    };
    const results: SubjectResult[] = new Array(n);
    let summary: Record<string, unknown>;
    if (!traced && c.runFast.steps === c.steps) {
      // Fused: the records are the output objects, made into results and summed in the last pass over the subjects.
      summary = c.runFast(ctx, results as { id: string; outputs: Record<string, unknown> }[]);
    } else {
      for (const step of steps) step.run(ctx);
      // The records are the output objects: nothing is copied out of them.
      const records = ctx.records;
      if (opts.trace) for (let i = 0; i < n; i++) results[i] = { id: subjects[i].id, outputs: records[i], trace: ctx.traces![i] };
      else for (let i = 0; i < n; i++) results[i] = { id: subjects[i].id, outputs: records[i] };
      summary = c.summary(ctx);
    }
    if (opts.state) opts.state[p.period] = ctx.state;
    // Nothing reads the last period's history within this call.
    if (c.readsHistory && p !== envelope.periods[envelope.periods.length - 1]) history.addEvaluated({ period: p.period, results: results as { id: string; outputs: Record<string, unknown> }[], inputs: subjects, summary });
    periods.push({ period: p.period, results, summary });
  }
  return { pack: { id: c.id, version: c.version }, periods };
}

/** Compiles the pack with the envelope's parameter overrides, then evaluates. */
export function evaluatePack(pack: Pack, env: unknown, opts: EvaluateOptions = {}): OutputEnvelope {
  const overrides = env && typeof env === 'object' && !Array.isArray(env) ? ((env as Envelope).parameters as Record<string, unknown> | undefined) : undefined;
  return evaluate(compilePack(pack, overrides), env, opts);
}
