import type { CompiledPack, OutputEnvelope, PeriodResult, RankRule, SubjectResult } from '../../server/src/engine';
import type { PeriodCtx, Rec, Step, Subject } from '../../server/src/engine/compile/context';
import { History } from '../../server/src/engine/evaluate/history';

/**
 * A measured prototype of three changes to server/src/engine (not applied there: the engine is the
 * lead's). Each removes work the profile shows on the untraced path and keeps outputs identical
 * (test/bench/engine-vs-handwritten.spec.ts checks this prototype too):
 *
 * 1. evaluate/evaluate.ts — build each subject's outputs with a generated object literal
 *    (`r => ({ "score": r["score"], … })`) instead of a keyed-store loop: one hidden class, no
 *    per-key dictionary stores.
 * 2. evaluate/evaluate.ts — skip `history.add` for the envelope's last period: nothing reads it
 *    (history is local to the call), yet it builds n wrapper objects and an n-entry Map.
 * 3. stages/population.ts rankStep — when every `by` key is a number (checked per period), keep keys
 *    in Float64Array columns and sort an index array, instead of one key array per subject and a
 *    generic comparator; for a single key with method standard/dense no sort of subjects is needed
 *    at all: sort the keys natively and find each rank by binary search (ids only break ordinal ties).
 */

export function leanCompiled(c: CompiledPack): CompiledPack & { buildOutputs: (r: Rec) => Record<string, unknown> } {
  const buildOutputs = new Function('r', `return { ${c.outputs.map((o) => `${JSON.stringify(o)}: r[${JSON.stringify(o)}]`).join(', ')} };`) as (r: Rec) => Record<string, unknown>;
  const rules = new Map(c.pack.rules.map((r) => [r.name, r]));
  const steps = c.steps.map((s) => {
    const rule = rules.get(s.label);
    return rule?.kind === 'rank' ? numericRankStep(rule, s, c) : s;
  });
  return { ...c, steps, buildOutputs };
}

/** The engine's rank step with a typed-array fast path for numeric keys that are plain rule values. */
function numericRankStep(rule: RankRule, fallback: Step, c: CompiledPack): Step {
  const names = rule.by.map((b) => {
    const v = (b.expr as { var?: unknown })?.var;
    return typeof v === 'string' && c.pack.rules.some((r) => r.name === v) && !c.pack.rules.some((r) => r.kind === 'veto' && r.target === v) ? v : null;
  });
  if (rule.groupBy !== undefined || rule.where !== undefined || names.some((n) => n === null)) return fallback;
  const desc = rule.by.map((b) => b.order === 'desc');
  const slot = rule.name;
  return {
    label: rule.name,
    run(ctx: PeriodCtx) {
      const { records } = ctx;
      const n = records.length;
      const cols = names.map(() => new Float64Array(n));
      for (let k = 0; k < names.length; k++) {
        const name = names[k]!;
        const col = cols[k];
        const sign = desc[k] ? -1 : 1;
        for (let i = 0; i < n; i++) {
          const v = records[i][name];
          // Not a finite number (null, string…): the generic step keeps its exact ordering rules.
          if (typeof v !== 'number' || !Number.isFinite(v)) return fallback.run(ctx);
          col[i] = sign * v;
        }
      }
      if (cols.length === 1 && rule.method !== 'ordinal') {
        const col = cols[0];
        const sorted = Float64Array.from(col).sort();
        const denseOf = rule.method === 'dense' ? distinctBefore(sorted) : null;
        for (let i = 0; i < n; i++) {
          const lo = lowerBound(sorted, col[i]);
          records[i][slot] = denseOf ? denseOf[lo] + 1 : lo + 1;
        }
        return;
      }
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      const cmp = (a: number, b: number) => {
        for (let k = 0; k < cols.length; k++) {
          const d = cols[k][a] - cols[k][b];
          if (d !== 0) return d < 0 ? -1 : 1;
        }
        return 0;
      };
      const ids = records.map((r) => r.id);
      const arr = Array.from(order).sort((a, b) => cmp(a, b) || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
      let rank = 0;
      let dense = 0;
      for (let p = 0; p < n; p++) {
        if (p === 0 || cmp(arr[p], arr[p - 1]) !== 0) {
          rank = p + 1;
          dense++;
        }
        records[arr[p]][slot] = rule.method === 'ordinal' ? p + 1 : rule.method === 'dense' ? dense : rank;
      }
    },
  };
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** For each position of a sorted array, how many distinct values come before it. */
function distinctBefore(sorted: Float64Array): Uint32Array {
  const out = new Uint32Array(sorted.length);
  let d = 0;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] !== sorted[i - 1]) d++;
    out[i] = d;
  }
  return out;
}

/** evaluate() with proposals 1 and 2 (untraced, validate: false: the path measured against hand-written code). */
export function leanEvaluate(c: ReturnType<typeof leanCompiled>, env: { periods: { period: string; subjects: unknown[]; scopes?: Record<string, Record<string, unknown>> }[] }): OutputEnvelope {
  const history = new History();
  const periods: PeriodResult[] = [];
  const last = env.periods.length - 1;
  env.periods.forEach((p, pi) => {
    const subjects = p.subjects as Subject[];
    const n = subjects.length;
    const ctx: PeriodCtx = { period: p.period, subjects, records: new Array<Rec>(n), traces: null, scopes: p.scopes ?? {}, history, state: {}, hits: null };
    for (const step of c.steps) step.run(ctx);
    const results: SubjectResult[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const r = ctx.records[i];
      results[i] = { id: r.id, outputs: c.buildOutputs(r) };
    }
    const summary = c.summary(ctx);
    if (pi < last) history.add({ period: p.period, subjects: results.map((res, i) => ({ id: res.id, inputs: subjects[i], outputs: res.outputs })), summary });
    periods.push({ period: p.period, results, summary });
  });
  return { pack: { id: c.id, version: c.version }, periods };
}
