/** Timing helpers: ratios only hold when contenders run interleaved in one process, after warm-up. */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * CPU time of this process (user + system, every thread: the collector's helpers included), in ms. On a machine
 * shared by many processes the wall clock mostly measures the wait for a core; CPU time measures the work.
 */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A sink that keeps results reachable until the next run, so no contender's work can be skipped. */
let sink: unknown = null;
export function keep(v: unknown): void {
  sink = v;
}
export function sinkValue(): unknown {
  return sink;
}

/**
 * Runs each named task `rounds` times, interleaved (A B C, B C A, …: the order rotates so no task
 * always runs right after a collection), after `warmup` untimed rounds. Returns each task's run times (ms).
 * `collect: false` for short runs: right after a forced full collection V8 sweeps and regrows the young
 * generation, which measurably slows a run of tens of milliseconds (2× on a 40,000-subject slice).
 */
export function interleave(
  tasks: Record<string, () => unknown>,
  rounds: number,
  warmup: number,
  onRound?: (r: number, times: Record<string, number[]>) => void,
  collect = true,
  /** When given, filled with each task's CPU ms per run, next to the wall-clock ms returned. */
  cpu?: Record<string, number[]>,
): Record<string, number[]> {
  const names = Object.keys(tasks);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) if (cpu) cpu[n] = [];
  for (let r = -warmup; r < rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + Math.max(r, 0)) % names.length];
      keep(null);
      if (collect) maybeGc();
      const c0 = cpuMs();
      const t0 = nowMs();
      keep(tasks[name]());
      const t = nowMs() - t0;
      const c = cpuMs() - c0;
      if (r >= 0) {
        times[name].push(t);
        cpu?.[name].push(c);
      }
    }
    onRound?.(r, times);
  }
  return times;
}

const gc = (globalThis as { gc?: () => void }).gc;
/** Collects between runs when node runs with --expose-gc, so one run's garbage is not billed to the next. */
export function maybeGc(): void {
  if (gc) gc();
}

export const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
