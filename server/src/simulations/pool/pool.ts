import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { KpValidationError, type Envelope, type Pack } from '../../engine';
import {
  finalize,
  mergePartials,
  partition,
  partitionMode,
  prepare,
  UNIT_TARGET,
  type PartialState,
  type PartitionMode,
  type SimulationPlan,
  type Unit,
} from '../../engine/simulate';
import type { SimulationResult } from '../../engine/simulate';
import type { SyntheticSpec } from '../../datasets/synthetic';
import type { FromWorker, SyntheticUnit, ToWorker } from './messages';

export type PoolSource =
  | { kind: 'envelope'; envelope: Envelope; validated?: boolean }
  | { kind: 'synthetic'; pack: Pack; demo: Envelope | null; spec: SyntheticSpec };

export interface RunOptions {
  /** Called with the fraction of work done (0..1) after each unit. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export class SimulationCancelled extends Error {
  constructor() {
    super('simulation cancelled');
  }
}

/** Under tsx (development, tests) the worker is TypeScript: register tsx inside the thread first. */
function spawn(): Worker {
  const ext = __filename.endsWith('.ts') ? '.ts' : '.js';
  const entry = join(__dirname, `sim-worker${ext}`);
  // The threads evaluate in chunks whose records die young, so a small young generation suffices (V8's
  // default lets each thread's nursery grow to 3 × 16 MB; KP_SIM_YOUNG_MB overrides, 0 for V8's default).
  const young = Number(process.env.KP_SIM_YOUNG_MB ?? 8);
  const resourceLimits = young > 0 ? { maxYoungGenerationSizeMb: young } : undefined;
  if (ext === '.js') return new Worker(entry, { resourceLimits });
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, { eval: true, resourceLimits });
}

/** A mode the loaded partition satisfies: a stricter split is always valid for a looser need. */
function satisfies(loaded: PartitionMode, needed: PartitionMode): boolean {
  return loaded === 'whole' || needed === 'subjects' || loaded === needed;
}

/** Greedy largest-first assignment: each unit to the least-loaded worker. */
function assign<T>(items: T[], size: (t: T) => number, workers: number): T[][] {
  const bins = Array.from({ length: workers }, () => ({ load: 0, items: [] as T[] }));
  for (const it of [...items].sort((a, b) => size(b) - size(a))) {
    const bin = bins.reduce((a, b) => (b.load < a.load ? b : a));
    bin.items.push(it);
    bin.load += size(it);
  }
  return bins.map((b) => b.items);
}

/**
 * Simulation on worker threads. The dataset is split once, by whole periods, id buckets or slices as the
 * rules allow (see partitionMode), and each worker keeps its share; runs then post only the plan, and
 * the workers' partial states are merged here. A dataset that cannot be split (population and history
 * rules together) is copied to every worker and the variants are spread over them instead.
 */
export class SimulationPool {
  private readonly workers: Worker[];
  private mode: PartitionMode | null = null;
  private replicated = false;
  private unitsPerWorker: number[] = [];

  constructor(readonly size = Math.max(1, availableParallelism())) {
    this.workers = Array.from({ length: size }, spawn);
  }

  private request(w: Worker, msg: ToWorker, onProgress?: () => void): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromWorker) => {
        if (m.type === 'progress') return onProgress?.();
        cleanup();
        resolve(m);
      };
      const onError = (e: Error) => {
        cleanup();
        reject(e);
      };
      const cleanup = () => {
        w.off('message', onMessage);
        w.off('error', onError);
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(msg);
    });
  }

  private static raise(m: FromWorker): never {
    if (m.type === 'error' && m.errors) throw new KpValidationError(m.errors, m.target);
    throw new Error(m.type === 'error' ? m.message : `unexpected worker reply ${m.type}`);
  }

  /** Splits the dataset for the packs that will run on it and hands each worker its share. */
  async load(source: PoolSource, packs: Pack[], unitTarget = UNIT_TARGET): Promise<{ subjects: number; ms: number; units: number; mode: PartitionMode }> {
    const t = performance.now();
    const mode = partitionMode(packs);
    let messages: ToWorker[];
    let counts: number[];
    if (source.kind === 'envelope') {
      const units = partition(source.envelope, mode, unitTarget);
      this.replicated = units.length === 1 && this.size > 1;
      const shares = this.replicated ? this.workers.map(() => units) : assign(units, (u) => u.periods.reduce((n, p) => n + p.subjects.length, 0), this.size);
      messages = shares.map((s) => ({ type: 'load-units', units: s, validated: !!source.validated }));
      counts = shares.map((s) => s.length);
    } else {
      const units = syntheticUnits(source, mode, unitTarget);
      this.replicated = units.length === 1 && this.size > 1;
      const size = (u: SyntheticUnit) => u.periods.length * (Math.min(u.to, source.spec.n) - u.from);
      const shares = this.replicated ? this.workers.map(() => units) : assign(units, size, this.size);
      messages = shares.map((s) => ({ type: 'load-synthetic', pack: source.pack, demo: source.demo, spec: source.spec, units: s }));
      counts = shares.map((s) => s.length);
    }
    const replies = await Promise.all(this.workers.map((w, i) => this.request(w, messages[i])));
    for (const r of replies) if (r.type !== 'loaded') SimulationPool.raise(r);
    this.mode = mode;
    this.unitsPerWorker = counts;
    const subjects = replies.reduce((n, r) => n + (r.type === 'loaded' ? r.subjects : 0), 0) / (this.replicated ? this.size : 1);
    return { subjects, ms: performance.now() - t, units: counts.reduce((a, b) => a + b, 0) / (this.replicated ? this.size : 1), mode };
  }

  /** Runs the plan on the loaded dataset: the baseline, every variant and sweep step, and the diff. */
  async run(plan: SimulationPlan, opts: RunOptions = {}): Promise<SimulationResult> {
    if (this.mode === null) throw new Error('no dataset loaded');
    const p = prepare(plan);
    if (!satisfies(this.mode, p.mode)) throw new Error(`the dataset was split for ${this.mode} rules; this plan needs ${p.mode}: load it again with these packs`);
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const abort = () => Atomics.store(flag, 0, 1);
    opts.signal?.addEventListener('abort', abort, { once: true });
    // Replicated data: spread the variants over the workers; otherwise every worker runs every variant.
    const sideSets: (number[] | null)[] = this.replicated
      ? this.workers.map((_, w) => p.sides.map((_, i) => i).filter((i) => i % this.size === w))
      : this.workers.map(() => null);
    const active = this.workers.map((_, w) => w).filter((w) => !this.replicated || w === 0 || sideSets[w]!.length > 0);
    const total = active.reduce((n, w) => n + this.unitsPerWorker[w], 0) || 1;
    let done = 0;
    const tick = () => opts.onProgress?.(++done / total);
    try {
      const replies = await Promise.all(
        active.map((w) =>
          this.request(this.workers[w], { type: 'run', plan, sides: sideSets[w], cancel }, tick).then((r) => {
            if (r.type === 'error') abort();
            return r;
          }),
        ),
      );
      const failed = replies.find((r) => r.type === 'error');
      if (failed) SimulationPool.raise(failed);
      if (replies.some((r) => r.type === 'cancelled') || opts.signal?.aborted) throw new SimulationCancelled();
      const states = replies.map((r) => (r as Extract<FromWorker, { type: 'done' }>).state);
      let merged: PartialState;
      if (this.replicated) {
        merged = { baseline: states[0].baseline, variants: new Array(p.sides.length) };
        active.forEach((w, k) => sideSets[w]!.forEach((side, j) => (merged.variants[side] = states[k].variants[j])));
      } else merged = mergePartials(p, states);
      return finalize(p, merged);
    } finally {
      opts.signal?.removeEventListener('abort', abort);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function syntheticUnits(source: Extract<PoolSource, { kind: 'synthetic' }>, mode: PartitionMode, target: number): SyntheticUnit[] {
  const P = source.spec.periods?.length ?? source.demo?.periods.length ?? 1;
  const perPeriod = Math.ceil(source.spec.n / Math.max(1, P));
  const all = Array.from({ length: P }, (_, p) => p);
  const out: SyntheticUnit[] = [];
  if (mode === 'whole' || source.spec.n <= target) return [{ periods: all, from: 0, to: perPeriod }];
  if (mode === 'periods') return all.map((p) => ({ periods: [p], from: 0, to: perPeriod }));
  if (mode === 'subjects') {
    for (const p of all) for (let a = 0; a < perPeriod; a += target) out.push({ periods: [p], from: a, to: a + target });
    return out;
  }
  // ids: the generator gives subject i the same id in every period, so an index range is an id bucket.
  const step = Math.max(1, Math.floor(target / P));
  for (let a = 0; a < perPeriod; a += step) out.push({ periods: all, from: a, to: a + step });
  return out;
}
