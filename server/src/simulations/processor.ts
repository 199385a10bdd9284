import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { KpValidationError, type Envelope, type Pack } from '../engine';
import { finalize, mergePartials, partitionMode, prepare, type PartialState } from '../engine/simulate';
import type { DataSource, EntityManager } from 'typeorm';
import { DatasetChunkEntity } from '../datasets/dataset-chunk.entity';
import { DatasetEntity } from '../datasets/dataset.entity';
import { SyntheticGenerator } from '../datasets/synthetic';
import { datasetEnvelope, datasetWithOrgPath } from '../datasets/store';
import { SimulationCancelled, SimulationPool, type PoolSource } from './pool/pool';
import { decodeState, partitionSize, planPartitions, type PartitionPlan } from './partitions';
import { selectStored, storedStats } from './rows';
import type { FromPartitionThread, ToPartitionThread } from './partition-thread';
import { inTransactionOf, QUEUE, type Queue, type QueueMessage } from './queue';
import {
  failAbandoned,
  failPartitionAbandoned,
  finishAttempt,
  finishMerged,
  finishPartition,
  partitionStates,
  reportPartitionProgress,
  reportProgress,
  splitJob,
  startAttempt,
  startPartition,
  type JobRow,
} from './store';

export interface WorkerOptions {
  /** Threads per process (default: every core). */
  threads?: number;
  /** Where rule-packs/<id>/demo.json lives, for synthetic datasets. */
  packsDir?: string;
  name?: string;
  /** The queue, for splitting large jobs into partition jobs (without it every job runs whole here). */
  queue?: Queue;
  /** Subject-periods per partition (default: KP_SIM_PARTITION_SUBJECTS, see partitions.ts). */
  partitionSize?: number;
}

const errorOf = (e: unknown) =>
  e instanceof KpValidationError
    ? { kind: 'Invalid', target: e.target, errors: e.errors }
    : { kind: 'Error', message: { 'zh-CN': '模拟失败', en: (e as Error).message } };

/** The split a plan's packs need (as prepare() finds it), without compiling them. */
function modeOf(plan: import('../engine/simulate').SimulationPlan) {
  const base = plan.baseline.pack;
  return partitionMode([base, ...plan.variants.map((v) => v.pack ?? base), ...(plan.sweep ? [plan.sweep.base?.pack ?? base] : [])]);
}

/** Under tsx (development, tests) the thread is TypeScript: register tsx inside it first (as pool.ts does). */
function spawnPartitionThread(): Worker {
  const ext = __filename.endsWith('.ts') ? '.ts' : '.js';
  const entry = join(__dirname, `partition-thread${ext}`);
  if (ext === '.js') return new Worker(entry);
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, { eval: true });
}

/**
 * Runs simulation jobs in this process, one at a time, on a pool of worker threads kept between jobs.
 * Each attempt is recorded; the result is stored in one statement at the end, or nothing is.
 */
export class SimulationProcessor {
  readonly name: string;
  private pool: SimulationPool | null = null;
  private thread: Worker | null = null;
  private busy: Promise<void> = Promise.resolve();

  /** The stores' manager (transactions are opened on it). */
  private readonly db: EntityManager;

  /** `ds`: the server's DataSource, or the one `npm run worker` opens. */
  constructor(
    ds: DataSource,
    private readonly opts: WorkerOptions = {},
  ) {
    this.db = ds.manager;
    this.name = opts.name ?? `${hostname()}:${process.pid}`;
  }

  private dataset(id: string) {
    return datasetWithOrgPath(this.db.getRepository(DatasetEntity), id);
  }

  /**
   * Serialises jobs: the thread pool holds one dataset at a time. A message names a job (run it whole, or split it
   * when it is large), one partition of a split job, or the merge of a split job's partitions.
   */
  handle(m: string | QueueMessage): Promise<void> {
    const msg = typeof m === 'string' ? { jobId: m } : m;
    const next = this.busy.then(() => (msg.merge ? this.merge(msg.jobId) : msg.part !== undefined ? this.runPartition(msg.jobId, msg.part) : this.run(msg.jobId)));
    this.busy = next.catch(() => undefined);
    return next;
  }

  async abandoned(m: string | QueueMessage): Promise<void> {
    const msg = typeof m === 'string' ? { jobId: m } : m;
    if (msg.part !== undefined) await failPartitionAbandoned(this.db, msg.jobId, msg.part);
    else await failAbandoned(this.db, msg.jobId);
  }

  private async source(datasetId: string, baseline: Pack): Promise<PoolSource> {
    const d = await this.dataset(datasetId);
    if (!d) throw new Error(`dataset ${datasetId} is gone`);
    if (d.recipe?.from === 'schema') return { kind: 'synthetic', pack: baseline, demo: null, spec: { n: d.recipe.n, seed: d.recipe.seed, periods: d.recipe.periods } };
    if (d.recipe) {
      const demo = JSON.parse(readFileSync(join(this.opts.packsDir ?? join(process.cwd(), 'rule-packs'), d.packId, 'demo.json'), 'utf8')) as Envelope;
      return { kind: 'synthetic', pack: baseline, demo, spec: { n: d.recipe.n, seed: d.recipe.seed } };
    }
    // Rows were validated at import against the dataset's pack version; another version checks them again.
    const validated = d.packId === baseline.id && d.version === baseline.version;
    return { kind: 'envelope', envelope: await datasetEnvelope(this.db.getRepository(DatasetChunkEntity), datasetId), validated };
  }

  private async run(jobId: string): Promise<void> {
    const started = await startAttempt(this.db, jobId, this.name);
    if (!started) return; // cancelled, already finished by another worker, or already split into partitions
    const { attempt, row } = started;
    try {
      if (await this.split(row, attempt)) return;
    } catch (e) {
      await finishAttempt(this.db, jobId, attempt, { status: 'failed', error: errorOf(e) });
      return;
    }
    const abort = new AbortController();
    let progress = 0;
    // every beat: the heartbeat and progress out, the status in (a cancel aborts); a beat lost to a dropped connection is retried by the next
    const beat = setInterval(() => {
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
      else await finishAttempt(this.db, jobId, attempt, { status: 'failed', error: errorOf(e) });
    } finally {
      clearInterval(beat);
    }
  }

  /**
   * The planner: a job over more than the partition size is split (partitions.ts) into partition jobs that any
   * worker takes. The split, the partitions and their queue messages are stored in one transaction. False: run it whole here.
   */
  private async split(row: JobRow, attempt: number): Promise<boolean> {
    const size = this.opts.partitionSize ?? partitionSize();
    const queue = this.opts.queue;
    if (!queue || !(size > 0)) return false;
    const d = await this.dataset(row.datasetId);
    if (!d || d.subjects <= size) return false;
    const p = prepare(row.plan);
    let data: Parameters<typeof planPartitions>[1];
    if (d.recipe) {
      const source = (await this.source(row.datasetId, row.plan.baseline.pack)) as Extract<PoolSource, { kind: 'synthetic' }>;
      data = { counts: new SyntheticGenerator(source.pack, source.demo, source.spec).counts };
    } else data = await storedStats(this.db, row.datasetId, p, size); // a chunk at a time: the planner never holds the dataset
    const plan: PartitionPlan | null = planPartitions(p, data, size);
    if (!plan) return false;
    return this.db.transaction(async (tx) => {
      if (!(await splitJob(tx, row.id, attempt, { by: plan.by, size: plan.size, mode: p.mode }, plan.partitions))) return true; // replaced or cancelled meanwhile
      const db = inTransactionOf(tx);
      for (let part = 0; part < plan.partitions.length; part++) await queue.send(QUEUE, { jobId: row.id, part }, { db } as never);
      return true;
    });
  }

  /** The partition's rows: picked out of the stored chunks here, or (synthetic) generated by the thread. */
  private async partitionData(datasetId: string, baseline: Pack, spec: import('./partitions').PartitionSpec): Promise<ToPartitionThread['data']> {
    const d = await this.dataset(datasetId);
    if (!d) throw new Error(`dataset ${datasetId} is gone`);
    if (d.recipe) {
      const source = (await this.source(datasetId, baseline)) as Extract<PoolSource, { kind: 'synthetic' }>;
      return { kind: 'synthetic', pack: source.pack, demo: source.demo, spec: source.spec };
    }
    // Only this partition's subjects are kept, read a batch of chunks at a time.
    const validated = d.packId === baseline.id && d.version === baseline.version;
    return { kind: 'rows', selection: await selectStored(this.db, datasetId, spec), validated };
  }

  /** One partition of a split job, on a thread of its own; its partial state is stored, and the last one done queues the merge. */
  private async runPartition(jobId: string, seq: number): Promise<void> {
    const row = await startPartition(this.db, jobId, seq, this.name);
    if (!row) return; // the job was cancelled or failed, or this partition is done
    const attempt = row.attempts;
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    let progress = 0;
    const beat = setInterval(() => {
      reportPartitionProgress(this.db, jobId, seq, attempt, progress).then(
        (s) => s !== 'running' && Atomics.store(flag, 0, 1),
        () => undefined,
      );
    }, 500);
    const t0 = performance.now();
    try {
      const data = await this.partitionData(row.datasetId, row.plan.baseline.pack, row.spec);
      const t1 = performance.now();
      const reply = await this.onThread({ type: 'run', key: `${jobId}`, plan: row.plan, spec: row.spec, mode: modeOf(row.plan), cancel, data }, (f) => (progress = Math.round(f * 1000) / 1000));
      if (reply.type === 'cancelled') {
        await this.db.transaction((tx) => finishPartition(tx, jobId, seq, attempt, { status: 'cancelled' }));
        return;
      }
      if (reply.type === 'error') throw reply.errors ? new KpValidationError(reply.errors, reply.target) : new Error(reply.message);
      if (reply.type !== 'done') throw new Error(`unexpected reply ${reply.type}`);
      const figures = { subjects: reply.subjects, units: reply.units, loadMs: Math.round(t1 - t0), runMs: Math.round(performance.now() - t1), rssMB: Math.round(process.memoryUsage().rss / 1e6) };
      await this.db.transaction(async (tx) => {
        const { last } = await finishPartition(tx, jobId, seq, attempt, { status: 'completed', state: reply.state, figures });
        if (last) await this.opts.queue!.send(QUEUE, { jobId, merge: true }, { db: inTransactionOf(tx) } as never);
      });
    } catch (e) {
      await this.db.transaction((tx) => finishPartition(tx, jobId, seq, attempt, { status: 'failed', error: errorOf(e) }));
    } finally {
      clearInterval(beat);
    }
  }

  /** Runs one request on the partition thread (started on first use, kept between partitions). */
  private onThread(msg: ToPartitionThread, onProgress: (fraction: number) => void): Promise<FromPartitionThread> {
    const w = (this.thread ??= spawnPartitionThread());
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromPartitionThread) => {
        if (m.type === 'progress') return onProgress(m.done / m.total);
        cleanup();
        resolve(m);
      };
      const onError = (e: Error) => {
        cleanup();
        this.thread = null;
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

  /**
   * The merge job: every partition's partial state, merged exactly (counts added, totals in integer units, changed
   * lists in dataset order) and finalised into the result the job stores, as the single-process path would.
   */
  private async merge(jobId: string): Promise<void> {
    const job = await partitionStates(this.db, jobId);
    if (!job) return; // cancelled, failed, or merged already
    const t0 = performance.now();
    try {
      const p = prepare(job.plan);
      const states = job.parts.map((part) => decodeState(part.state));
      let merged: PartialState;
      if (job.split.by === 'sides') {
        merged = { baseline: states[0].baseline, variants: new Array(p.sides.length) };
        job.parts.forEach((part, k) => (part.spec as { sides: number[] }).sides.forEach((side, j) => (merged.variants[side] = states[k].variants[j])));
      } else merged = mergePartials(p, states);
      const result = finalize(p, merged);
      const sum = (f: string) => job.parts.reduce((n, part) => n + (part.figures?.[f] ?? 0), 0);
      const figures = {
        subjects: job.split.by === 'sides' ? (job.parts[0].figures?.subjects ?? 0) : sum('subjects'),
        partitions: job.parts.length,
        split: job.split.by,
        partitionSize: job.split.size,
        workers: [...new Set(job.parts.map((part) => part.worker))].sort(),
        loadMs: sum('loadMs'),
        runMs: sum('runMs'),
        mergeMs: Math.round(performance.now() - t0),
        wallMs: Date.now() - new Date(job.startedAt).getTime(),
        rssMB: Math.max(...job.parts.map((part) => part.figures?.rssMB ?? 0)),
        worker: this.name,
      };
      await finishMerged(this.db, jobId, { status: 'completed', result, figures });
    } catch (e) {
      await finishMerged(this.db, jobId, { status: 'failed', error: errorOf(e) });
    }
  }

  async close(): Promise<void> {
    await this.busy;
    await this.pool?.close();
    this.pool = null;
    await this.thread?.terminate();
    this.thread = null;
  }
}
