import { benchPack, periodOf } from '../lib/packs';
import { BenchPeriod, contenders, Contender, ContenderName, periodContenders, PeriodsContender } from '../lib/comparators';
import { HANDWRITTEN_PERIODS } from '../handwritten';
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
  /** Median of the per-round ratios of CPU time (see cpuMs); wall-clock ratios next to it. */
  engineOverHandwritten: number;
  /** Lowest and highest per-round ratio engine ÷ hand-written (CPU time). */
  engineOverHandwrittenRange: [number, number];
  engineOverHandwrittenWall: number;
  engineOverHandwrittenWallRange: [number, number];
  /** Median CPU ms per contender. */
  medianCpuMs: Partial<Record<ContenderName, number>>;
  /** History packs: the subjects are this many periods of subjects ÷ periods each. */
  periods: number;
  validationOverhead: number;
  jsonLogicJsOverEngine: number;
  jsonLogicEngineOverEngine: number;
  subjectsPerSecond: number;
}

export const ENGINE_PACKS: [string, string][] = [
  ['rehab-member-stars', '1.0.0'],
  ['chengzhuang-checklist-steps', '1.0.0'],
  ['yongxi-red-flag', '2.0.0'],
  ['ouhai-commendation', '1.0.0'],
];

/** History packs run over this many periods (of subjects ÷ HISTORY_PERIODS each). */
export const HISTORY_PERIODS = 4;

export interface EngineOptions {
  subjects: number;
  rounds: number;
  warmup: number;
  /** json-logic-js is ~10× slower than the engine: it runs on this many subjects, fewer rounds. */
  slowSlice: number;
  slowRounds: number;
  /** Only these contenders (default: all). */
  only?: ContenderName[];
}

export function measureEngine(id: string, version: string, o: EngineOptions): EngineFigures {
  const bp = benchPack(id, version);
  const t0 = nowMs();
  const history = !!HANDWRITTEN_PERIODS[id];
  const count = history ? HISTORY_PERIODS : 1;
  const periods: BenchPeriod[] = history ? bp.periods(Math.round(o.subjects / count), count, 20261123) : [{ period: periodOf(bp.pack), subjects: bp.subjects(o.subjects, 20261123) }];
  log(`  ${id}: ${o.subjects.toLocaleString('en')} subjects${history ? ` (${count} periods)` : ''} generated in ${fmt((nowMs() - t0) / 1000)} s`);
  let cs: Partial<Record<ContenderName, PeriodsContender>>;
  if (history) cs = periodContenders(bp.pack);
  else {
    const one = contenders(bp.pack);
    cs = Object.fromEntries(Object.entries(one).map(([k, f]) => [k, (ps: BenchPeriod[]) => [(f as Contender)(ps[0].subjects, ps[0].period)]]));
  }
  const wanted = (name: ContenderName) => !!cs[name] && (!o.only || o.only.includes(name));
  const fast = (['engine', 'handwritten', 'engine+validation', 'json-logic-engine'] as ContenderName[]).filter(wanted);
  const tasks: Record<string, () => unknown> = {};
  for (const name of fast) tasks[name] = () => cs[name]!(periods);
  // Warm-up on a slice: the JIT needs the calls, not the million subjects.
  const sliceOf = (k: number) => periods.map((p) => ({ ...p, subjects: p.subjects.slice(0, Math.max(1, Math.floor(k / count))) }));
  const warm = sliceOf(Math.min(100_000, o.subjects));
  for (let w = 0; w < o.warmup; w++) for (const name of fast) cs[name]!(warm);
  const cpu: Record<string, number[]> = {};
  const times = interleave(
    tasks,
    o.rounds,
    0,
    (r, t) => {
      if (r >= 0) log(`    run ${r + 1}/${o.rounds} (wall ms / CPU ms): ${fast.map((n) => `${n} ${fmt(t[n][r], 0)} / ${fmt(cpu[n][r], 0)}`).join(', ')}`);
    },
    true,
    cpu,
  );
  // json-logic-js: a slice, interleaved with the engine on the same slice so the ratio stays like-for-like.
  const slice = sliceOf(Math.min(o.slowSlice, o.subjects));
  const sliceN = slice.reduce((a, p) => a + p.subjects.length, 0);
  const slow = wanted('json-logic-js')
    ? interleave({ 'json-logic-js': () => cs['json-logic-js']!(slice), 'engine(slice)': () => cs.engine!(slice) }, o.slowRounds, 1, undefined, false)
    : null;
  const m = (name: string) => (times[name] ? median(times[name]) : NaN);
  // Ratios are medians of per-round ratios: the two runs of a round are seconds apart and share the
  // machine's load, which swings far more than that between rounds on a shared machine.
  const perRound = (a: number[] | undefined, b: number[] | undefined) => (a && b ? a.map((x, i) => x / b[i]) : [NaN]);
  const paired = (a: number[] | undefined, b: number[] | undefined) => median(perRound(a, b));
  const engine = m('engine');
  const jlSlice = slow ? median(slow['json-logic-js']) : NaN;
  const handRatios = perRound(cpu.engine, cpu.handwritten);
  const wallRatios = perRound(times.engine, times.handwritten);
  const figures: EngineFigures = {
    pack: `${id}@${version}`,
    subjects: o.subjects,
    periods: count,
    medianMs: {
      engine,
      'engine+validation': m('engine+validation'),
      handwritten: m('handwritten'),
      'json-logic-engine': m('json-logic-engine'),
      'json-logic-js': (jlSlice * o.subjects) / sliceN,
    },
    runs: { engine: o.rounds, 'engine+validation': o.rounds, handwritten: o.rounds, 'json-logic-engine': o.rounds, 'json-logic-js': o.slowRounds },
    sliceOf: { 'json-logic-js': sliceN },
    engineOverHandwritten: median(handRatios),
    engineOverHandwrittenRange: [Math.min(...handRatios), Math.max(...handRatios)],
    engineOverHandwrittenWall: median(wallRatios),
    engineOverHandwrittenWallRange: [Math.min(...wallRatios), Math.max(...wallRatios)],
    medianCpuMs: Object.fromEntries(fast.map((n) => [n, median(cpu[n])])),
    validationOverhead: paired(times['engine+validation'], times.engine),
    jsonLogicJsOverEngine: slow ? paired(slow['json-logic-js'], slow['engine(slice)']) : NaN,
    jsonLogicEngineOverEngine: paired(times['json-logic-engine'], times.engine),
    subjectsPerSecond: (o.subjects / engine) * 1000,
  };
  log(`  ${id}: engine ÷ hand-written ${fmt(figures.engineOverHandwritten, 2)}× CPU (rounds ${handRatios.map((x) => fmt(x, 2)).join(', ')}), ${fmt(figures.engineOverHandwrittenWall, 2)}× wall (rounds ${wallRatios.map((x) => fmt(x, 2)).join(', ')})`);
  return figures;
}

/** The combined line: geometric means over the packs. */
export function engineLine(fs: EngineFigures[]): string {
  // Packs the JSON Logic walker cannot run (quota, escalation) have no library figures: left out of those means.
  const g = (xs: number[]) => {
    const ys = xs.filter((x) => Number.isFinite(x));
    return Math.exp(ys.reduce((a, x) => a + Math.log(x), 0) / ys.length);
  };
  const worst = fs.reduce((a, f) => (f.engineOverHandwritten > a.engineOverHandwritten ? f : a), fs[0]);
  const jl = g(fs.map((f) => f.jsonLogicJsOverEngine));
  const lines = fs.map(
    (f) =>
      `${f.pack}: ${f.subjects.toLocaleString('en')} subjects${f.periods > 1 ? ` (${f.periods} periods)` : ''}, engine ${fmt(f.engineOverHandwritten, 2)}× hand-written (CPU time; rounds ${fmt(f.engineOverHandwrittenRange[0], 2)}–${fmt(f.engineOverHandwrittenRange[1], 2)}; wall ${fmt(f.engineOverHandwrittenWall, 2)}×)${Number.isFinite(f.jsonLogicJsOverEngine) ? `, ${fmt(f.jsonLogicJsOverEngine, 1)}× faster than json-logic-js` : ''}`,
  );
  return [...lines, `engine: ${fmt(worst.engineOverHandwritten, 2)}× hand-written (worst pack), ${Number.isFinite(jl) ? `${fmt(jl, 1)}×` : 'n/a'} faster than json-logic-js (geometric mean)`].join('\n');
}
