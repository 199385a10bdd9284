import type { PeriodCtx, Step, SplitStep } from './context';
import type { CompiledSegment, SlotLayout } from './segment';
import { newColumns } from './segment';
import type { FusedSummary } from '../stages/summary';

/**
 * The untraced runner of a compiled pack. Every run of subject-by-subject steps (segments of subject rules,
 * consecutive, window counts, previous, movement) goes through the subjects once, calling each step's work on
 * subject i in turn. A population step that can be split (a rank or a group over the whole period) reads its keys
 * in the pass before it and writes its values in the pass after it, so only its sort stands between two passes;
 * the summary figures and the result wrappers are made in the last pass. The hand-written baselines do the same:
 * one loop builds each subject's output object, one sort, one loop finishes the objects and sums the period.
 * The traced path keeps the steps one by one (compilePack's `tracedSteps`).
 */
export type FusedRunner = ((ctx: PeriodCtx, results: { id: string; outputs: Record<string, unknown> }[] | null) => Record<string, unknown>) & {
  /** The steps it fuses: evaluate() runs a pack whose `steps` were replaced (say, wrapped to time them) one step at a time. */
  steps: Step[];
};

/** A segment step as the runner sees it: its compiled function is called inline, without a closure per subject. */
export interface SegmentPart {
  segment: CompiledSegment;
  first: boolean;
}

/** What one pass calls for subject i: a segment, a step's `each`, or a split step's gather or scatter. */
type Part = { kind: 'segment'; seg: SegmentPart } | { kind: 'each'; step: Step } | { kind: 'gather' | 'scatter'; split: number };
/** Between passes: a whole-period step, or a split step's middle. */
type Barrier = { kind: 'run'; step: Step } | { kind: 'middle'; split: number };
type Item = { kind: 'pass'; parts: Part[]; tail: boolean; loop?: Loop } | Barrier;

export function fuseSteps(steps: Step[], summary: FusedSummary, layout: SlotLayout): FusedRunner {
  const items: Item[] = [];
  const splits: SplitStep['split'][] = [];
  const pass = (): Part[] => {
    const last = items[items.length - 1];
    if (last && last.kind === 'pass') return last.parts;
    const p: Item = { kind: 'pass', parts: [], tail: false };
    items.push(p);
    return p.parts;
  };
  for (const step of steps) {
    const seg = (step as Step & { segment?: SegmentPart }).segment;
    const split = (step as Partial<SplitStep>).split;
    if (seg) pass().push({ kind: 'segment', seg });
    else if (step.each) pass().push({ kind: 'each', step });
    else if (split) {
      const k = splits.push(split) - 1;
      if (!(step as SplitStep).noGather) pass().push({ kind: 'gather', split: k });
      items.push({ kind: 'middle', split: k });
      if (!(step as SplitStep).middleWrites) pass().push({ kind: 'scatter', split: k });
    } else items.push({ kind: 'run', step });
  }
  // The summary and the results go with the last pass when it ends the steps, else in a pass of their own.
  pass();
  const lastPass = items[items.length - 1] as Extract<Item, { kind: 'pass' }>;
  lastPass.tail = true;
  for (const it of items) if (it.kind === 'pass') it.loop = loopOf(it.parts, it.tail);
  const columns = layout.columns();
  const noop = () => undefined;
  const runner = (ctx: PeriodCtx, results: { id: string; outputs: Record<string, unknown> }[] | null) => {
    const n = ctx.subjects.length;
    if (!ctx.x) ctx.x = newColumns(columns, n);
    const A = summary.start();
    const parts = splits.map((s) => s(ctx));
    for (const it of items) {
      if (it.kind === 'run') it.step.run(ctx);
      else if (it.kind === 'middle') parts[it.split].middle();
      else {
        const fns = it.parts.map((p) => (p.kind === 'segment' ? p.seg.segment.run : p.kind === 'each' ? p.step.each!(ctx) : (parts[p.split][p.kind] ?? noop)));
        it.loop!(ctx, fns, summary.add, A, results);
      }
    }
    return summary.finish(ctx, A);
  };
  return Object.assign(runner, { steps });
}

type Loop = (ctx: PeriodCtx, fns: unknown[], add: FusedSummary['add'], A: unknown[], results: unknown[] | null) => void;

/** One generated loop over the subjects calling each part's work on subject i; `tail` adds the summary and results. */
function loopOf(parts: Part[], tail: boolean): Loop {
  const decl = parts.map((_, k) => `const f${k} = fns[${k}];`);
  const body = parts.map((p, k) => {
    if (p.kind !== 'segment') return `f${k}(i);`;
    if (p.seg.first) return `R[i] = f${k}(null, S[i], P, null, null, i, X, W);`;
    return `f${k}(R[i], S[i], P, null, null, i, X, false);`;
  });
  if (tail) {
    body.push('add(R[i], S[i], P, i, X, A);');
    body.push('if (res !== null) res[i] = { id: S[i].id, outputs: R[i] };');
  }
  const src = `return function (ctx, fns, add, A, res) {
const R = ctx.records, S = ctx.subjects, P = ctx.period, X = ctx.x, n = S.length, W = ctx.outputsOnly !== true;
${decl.join('\n')}
for (let i = 0; i < n; i++) {
${body.join('\n')}
}
};`;
  // eslint-disable-next-line no-new-func
  return new Function(src)() as Loop;
}
