import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { KpValidationError, type Envelope, type Pack } from '../engine';
import { findDataset, loadEnvelope, type Sql } from '../datasets/store';
import { SimulationCancelled, SimulationPool, type PoolSource } from './pool/pool';
import { failAbandoned, finishAttempt, reportProgress, startAttempt } from './store';

export interface WorkerOptions {
  /** Threads per process (default: every core). */
  threads?: number;
  /** Where rule-packs/<id>/demo.json lives, for synthetic datasets. */
  packsDir?: string;
  name?: string;
}

/**
 * Runs simulation jobs in this process, one at a time, on a pool of worker threads kept between jobs.
 * Each attempt is recorded; the result is stored in one statement at the end, or nothing is.
 */
export class SimulationProcessor {
  readonly name: string;
  private pool: SimulationPool | null = null;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Sql,
    private readonly opts: WorkerOptions = {},
  ) {
    this.name = opts.name ?? `${hostname()}:${process.pid}`;
  }

  /** Serialises jobs: the thread pool holds one dataset at a time. */
  handle(jobId: string): Promise<void> {
    const next = this.busy.then(() => this.run(jobId));
    this.busy = next.catch(() => undefined);
    return next;
  }

  async abandoned(jobId: string): Promise<void> {
    await failAbandoned(this.db, jobId);
  }

  private async source(datasetId: string, baseline: Pack): Promise<PoolSource> {
    const d = await findDataset(this.db, datasetId);
    if (!d) throw new Error(`dataset ${datasetId} is gone`);
    if (d.recipe?.from === 'schema') return { kind: 'synthetic', pack: baseline, demo: null, spec: { n: d.recipe.n, seed: d.recipe.seed, periods: d.recipe.periods } };
    if (d.recipe) {
      const demo = JSON.parse(readFileSync(join(this.opts.packsDir ?? join(process.cwd(), 'rule-packs'), d.packId, 'demo.json'), 'utf8')) as Envelope;
      return { kind: 'synthetic', pack: baseline, demo, spec: { n: d.recipe.n, seed: d.recipe.seed } };
    }
    // Rows were validated at import against the dataset's pack version; another version checks them again.
    const validated = d.packId === baseline.id && d.version === baseline.version;
    return { kind: 'envelope', envelope: await loadEnvelope(this.db, datasetId), validated };
  }

  private async run(jobId: string): Promise<void> {
    const started = await startAttempt(this.db, jobId, this.name);
    if (!started) return; // cancelled, or already finished by another worker
    const { attempt, row } = started;
    const abort = new AbortController();
    let progress = 0;
    let reported = -1;
    const beat = setInterval(() => {
      if (progress === reported) return void reportProgress(this.db, jobId, attempt, progress).then((s) => s !== 'running' && abort.abort());
      reported = progress;
      reportProgress(this.db, jobId, attempt, progress).then(
        (s) => s !== 'running' && abort.abort(),
        () => undefined,
      );
    }, 500);
    try {
      const plan = row.plan;
      const packs = [plan.baseline.pack, ...plan.variants.map((v) => v.pack ?? plan.baseline.pack), ...(plan.sweep?.base?.pack ? [plan.sweep.base.pack] : [])];
      this.pool ??= new SimulationPool(this.opts.threads);
      const t0 = performance.now();
      const loaded = await this.pool.load(await this.source(row.datasetId, plan.baseline.pack), packs);
      if (abort.signal.aborted) throw new SimulationCancelled();
      const t1 = performance.now();
      const result = await this.pool.run(plan, { signal: abort.signal, onProgress: (f) => (progress = Math.round(f * 1000) / 1000) });
      const figures = { subjects: loaded.subjects, units: loaded.units, partition: loaded.mode, loadMs: Math.round(t1 - t0), runMs: Math.round(performance.now() - t1), rssMB: Math.round(process.memoryUsage().rss / 1e6), worker: this.name };
      await finishAttempt(this.db, jobId, attempt, { status: 'completed', result, figures });
    } catch (e) {
      if (e instanceof SimulationCancelled) await finishAttempt(this.db, jobId, attempt, { status: 'cancelled' });
      else if (e instanceof KpValidationError) await finishAttempt(this.db, jobId, attempt, { status: 'failed', error: { kind: 'Invalid', target: e.target, errors: e.errors } });
      else await finishAttempt(this.db, jobId, attempt, { status: 'failed', error: { kind: 'Error', message: { 'zh-CN': '模拟失败', en: (e as Error).message } } });
    } finally {
      clearInterval(beat);
    }
  }

  async close(): Promise<void> {
    await this.busy;
    await this.pool?.close();
    this.pool = null;
  }
}
