import { benchPack, periodOf } from '../lib/packs';
import { contenders, Contender, ContenderName } from '../lib/comparators';
import { fmt, interleave, median, nowMs } from '../lib/timing';
import { log } from '../lib/report';

/** Measurement 1: one period of n subjects through each contender, interleaved, medians of several runs. */
export interface EngineFigures {
  pack: string;
  subjects: number;
  /** Median ms per contender, and how many timed runs each median is of. */
  medianMs: Partial<Record<ContenderName, number>>;
  runs: Partial<Record<ContenderName, number>>;
  /** Slow interpreters run on a slice of the subjects; their time is scaled to n (subject stage is linear). */
  sliceOf: Partial<Record<ContenderName, number>>;
  engineOverHandwritten: number;
  validationOverhead: number;
  jsonLogicJsOverEngine: number;
  jsonLogicEngineOverEngine: number;
  subjectsPerSecond: number;
}

export const ENGINE_PACKS: [string, string][] = [
  ['rehab-member-stars', '1.0.0'],
  ['chengzhuang-checklist-steps', '1.0.0'],
];

export interface EngineOptions {
  subjects: number;
  rounds: number;
  warmup: number;
  /** json-logic-js is ~10× slower than the engine: it runs on this many subjects, fewer rounds. */
  slowSlice: number;
  slowRounds: number;
}

export function measureEngine(id: string, version: string, o: EngineOptions): EngineFigures {
  const bp = benchPack(id, version);
  const t0 = nowMs();
  const subjects = bp.subjects(o.subjects, 20261123);
  log(`  ${id}: ${o.subjects.toLocaleString('en')} subjects generated in ${fmt((nowMs() - t0) / 1000)} s`);
  const period = periodOf(bp.pack);
  const cs = contenders(bp.pack);
  const fast: ContenderName[] = ['engine', 'handwritten', 'engine+validation', 'json-logic-engine'];
  const tasks: Record<string, () => unknown> = {};
  for (const name of fast) tasks[name] = () => (cs[name] as Contender)(subjects, period);
  // Warm-up on a slice: the JIT needs the calls, not the million subjects.
  const warm = subjects.slice(0, Math.min(100_000, subjects.length));
  for (let w = 0; w < o.warmup; w++) for (const name of fast) (cs[name] as Contender)(warm, period);
  const times = interleave(tasks, o.rounds, 0, (r, t) => {
    if (r >= 0) log(`    run ${r + 1}/${o.rounds} (ms): ${fast.map((n) => `${n} ${fmt(t[n][r], 0)}`).join(', ')}`);
  });
  // json-logic-js: a slice, interleaved with the engine on the same slice so the ratio stays like-for-like.
  const slice = subjects.slice(0, Math.min(o.slowSlice, subjects.length));
  const slow = interleave(
    { 'json-logic-js': () => cs['json-logic-js'](slice, period), 'engine(slice)': () => cs.engine(slice, period) },
    o.slowRounds,
    1,
    undefined,
    false,
  );
  const m = (name: string) => median(times[name]);
  // Ratios are medians of per-round ratios: the two runs of a round are seconds apart and share the
  // machine's load, which swings far more than that between rounds on a shared machine.
  const paired = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]));
  const engine = m('engine');
  const jlSlice = median(slow['json-logic-js']);
  const figures: EngineFigures = {
    pack: `${id}@${version}`,
    subjects: o.subjects,
    medianMs: {
      engine,
      'engine+validation': m('engine+validation'),
      handwritten: m('handwritten'),
      'json-logic-engine': m('json-logic-engine'),
      'json-logic-js': (jlSlice * o.subjects) / slice.length,
    },
    runs: { engine: o.rounds, 'engine+validation': o.rounds, handwritten: o.rounds, 'json-logic-engine': o.rounds, 'json-logic-js': o.slowRounds },
    sliceOf: { 'json-logic-js': slice.length },
    engineOverHandwritten: paired(times.engine, times.handwritten),
    validationOverhead: paired(times['engine+validation'], times.engine),
    jsonLogicJsOverEngine: paired(slow['json-logic-js'], slow['engine(slice)']),
    jsonLogicEngineOverEngine: paired(times['json-logic-engine'], times.engine),
    subjectsPerSecond: (o.subjects / engine) * 1000,
  };
  return figures;
}

/** The combined line: geometric means over the packs. */
export function engineLine(fs: EngineFigures[]): string {
  const g = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
  const hand = g(fs.map((f) => f.engineOverHandwritten));
  const jl = g(fs.map((f) => f.jsonLogicJsOverEngine));
  const jle = g(fs.map((f) => f.jsonLogicEngineOverEngine));
  return `engine: ${fmt(hand, 2)}× hand-written, ${fmt(jl, 1)}× faster than json-logic-js, ${fmt(jle, 1)}× faster than json-logic-engine`;
}
