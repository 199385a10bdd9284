import { compilePack, evaluate, type CompiledPack, type PriorPeriod } from '../../server/src/engine';
import { KIND_STAGE } from '../../server/src/engine/compile/plan';
import { benchPack, periodOf } from '../lib/packs';
import { fmt, maybeGc, median, nowMs } from '../lib/timing';
import { log } from '../lib/report';

/**
 * Measurement 3: how the population stage (rank, group) and the history stage (consecutive, window
 * counts over stored earlier periods) grow with n. Each step of the compiled pack is timed by its stage
 * while the real evaluate() runs; the earlier period comes in as stored results (`prior`), as on the server.
 */
export interface StageGrowth {
  pack: string;
  sizes: number[];
  /** Median ms per size, per stage. */
  ms: Record<'subject' | 'population' | 'history' | 'evaluate', number[]>;
  /** Least-squares slope of log(ms) over log(n), per stage. */
  exponent: Record<'population' | 'history', number>;
  /** (t(max n) / t(min n)) ÷ (n log n ratio): ≤ 1 means no worse than n log n over the range. */
  vsNLogN: Record<'population' | 'history', number>;
  /** The same over the two largest sizes, where neither run fits in the CPU caches. */
  exponentTop: Record<'population' | 'history', number>;
  vsNLogNTop: Record<'population' | 'history', number>;
}

type Stage = 'subject' | 'population' | 'history';

function timed(c: CompiledPack, acc: Record<Stage, number>): CompiledPack {
  const kindOf = new Map(c.pack.rules.map((r) => [r.name, r.kind]));
  const steps = c.steps.map((s) => {
    const kind = kindOf.get(s.label);
    const stage: Stage = kind === undefined || KIND_STAGE[kind] === 0 ? 'subject' : KIND_STAGE[kind] === 1 ? 'population' : 'history';
    return {
      label: s.label,
      run(ctx: Parameters<typeof s.run>[0]) {
        const t0 = nowMs();
        s.run(ctx);
        acc[stage] += nowMs() - t0;
      },
    };
  });
  return { ...c, steps };
}

function slope(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length;
  const my = ly.reduce((a, b) => a + b) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

export function measureStages(id: string, version: string, sizes: number[]): StageGrowth {
  const bp = benchPack(id, version);
  const c = compilePack(bp.pack);
  const ms: StageGrowth['ms'] = { subject: [], population: [], history: [], evaluate: [] };
  for (const n of sizes) {
    // Two periods of the same ids: the first is stored history, the second is evaluated.
    const before = bp.subjects(n, 11);
    const now = bp.subjects(n, 12);
    const prev = periodOf(bp.pack, 0);
    const cur = periodOf(bp.pack, 1);
    const first = evaluate(c, { periods: [{ period: prev, subjects: before }] }, { validate: false }).periods[0];
    const prior: PriorPeriod[] = [{ period: prev, subjects: first.results.map((r) => ({ id: r.id, outputs: r.outputs })), summary: first.summary }];
    const reps = n <= 10_000 ? 9 : n <= 100_000 ? 5 : 3;
    const runs: Record<Stage | 'evaluate', number[]> = { subject: [], population: [], history: [], evaluate: [] };
    for (let r = 0; r < reps + 1; r++) {
      const acc: Record<Stage, number> = { subject: 0, population: 0, history: 0 };
      const tc = timed(c, acc);
      maybeGc();
      const t0 = nowMs();
      evaluate(tc, { periods: [{ period: cur, subjects: now }] }, { validate: false, prior });
      const total = nowMs() - t0;
      if (r === 0) continue;
      runs.evaluate.push(total);
      for (const s of ['subject', 'population', 'history'] as Stage[]) runs[s].push(acc[s]);
    }
    for (const k of Object.keys(ms) as (keyof StageGrowth['ms'])[]) ms[k].push(median(runs[k]));
    log(`  ${id}@${version} n=${n.toLocaleString('en')}: population ${fmt(ms.population.at(-1)!)} ms, history ${fmt(ms.history.at(-1)!)} ms, whole evaluate ${fmt(ms.evaluate.at(-1)!)} ms`);
  }
  const nlogn = (n: number) => n * Math.log(n);
  const a = sizes[0];
  const b = sizes[sizes.length - 1];
  const vs = (xs: number[]) => xs[xs.length - 1] / xs[0] / (nlogn(b) / nlogn(a));
  const m = sizes[sizes.length - 2];
  const vsTop = (xs: number[]) => xs[xs.length - 1] / xs[xs.length - 2] / (nlogn(b) / nlogn(m));
  const top = (xs: number[]) => slope(sizes.slice(-2), xs.slice(-2));
  return {
    pack: `${id}@${version}`,
    sizes,
    ms,
    exponent: { population: slope(sizes, ms.population), history: slope(sizes, ms.history) },
    vsNLogN: { population: vs(ms.population), history: vs(ms.history) },
    exponentTop: { population: top(ms.population), history: top(ms.history) },
    vsNLogNTop: { population: vsTop(ms.population), history: vsTop(ms.history) },
  };
}
