import { evaluate } from '../evaluate/evaluate';
import type { Envelope, TraceEntry } from '../types';
import type { Prepared, PreparedSide } from './plan';
import type { SimulationResult } from './types';

/**
 * The smallest part of the dataset that evaluates a subject exactly as the whole does: the subject alone
 * (subject rules only), its whole period (population rules), its earlier periods (history), or both.
 */
function sliceFor(p: Prepared, env: Envelope, period: string, id: string): Envelope {
  const at = env.periods.findIndex((q) => q.period === period);
  if (at < 0) return { periods: [] };
  switch (p.mode) {
    case 'subjects':
      return { periods: [{ ...env.periods[at], subjects: env.periods[at].subjects.filter((s) => s.id === id) }] };
    case 'periods':
      return { periods: [env.periods[at]] };
    case 'ids':
      return { periods: env.periods.slice(0, at + 1).map((q) => ({ ...q, subjects: q.subjects.filter((s) => s.id === id) })) };
    default:
      return { periods: env.periods.slice(0, at + 1) };
  }
}

function traceOf(side: PreparedSide, env: Envelope, period: string, id: string): TraceEntry[] | null {
  const out = evaluate(side.compiled, env, { trace: true, validate: false });
  const r = out.periods.find((q) => q.period === period)?.results.find((s) => s.id === id);
  return r?.trace ?? null;
}

/** Both traces of one subject-period: under the baseline and under the named variant. */
export function traceSubject(p: Prepared, env: Envelope, variant: string, period: string, id: string): { before: TraceEntry[] | null; after: TraceEntry[] | null } | null {
  const side = p.sides.find((s) => s.name === variant);
  if (!side) return null;
  const slice = sliceFor(p, env, period, id);
  return { before: traceOf(p.baseline, slice, period, id), after: traceOf(side, slice, period, id) };
}

/** Attaches both traces to every listed changed subject (for small datasets: the CLI's --traces). */
export function traceChanged(p: Prepared, env: Envelope, result: SimulationResult): void {
  for (const v of result.variants) {
    for (const c of v.changed) c.trace = traceSubject(p, env, v.name, c.period, c.id) ?? undefined;
  }
}
