import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ApiError } from '../api-error';
import { KpValidationError, type KpError } from '../../engine/errors';
import { budgetExceeded, evalLimits, memoryBudgetError, responseTooLarge, timeBudgetError, type EvalLimits } from './limits';
import type { EvalReply, EvalRequest, EvalTask } from './messages';

/** Under ts (jest with @swc/jest, tsx) the worker is TypeScript: register tsx inside the thread first. */
function spawn(memoryMb: number): Worker {
  const ext = __filename.endsWith('.ts') ? '.ts' : '.js';
  const entry = join(__dirname, `eval-worker${ext}`);
  const opts = { resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(8, Math.min(64, memoryMb >> 3)) } };
  if (ext === '.js') return new Worker(entry, opts);
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, { ...opts, eval: true });
}

interface Pending {
  req: EvalRequest;
  resolve(json: string): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  /** The thread has loaded the engine (budgets start counting then, not while it loads). */
  ready: boolean;
  task: Pending | null;
  timer: NodeJS.Timeout | null;
}

/** What a 413 says to do instead, per route. */
export interface TooLargeHint {
  zh: string;
  en: string;
}

/**
 * Runs submitted and draft packs (test, try, dry-run evaluate) in a few worker threads, one task per thread at a
 * time, so a hostile pack never holds the event loop: past KP_EVAL_TIMEOUT_MS the thread is terminated, past
 * KP_EVAL_MEMORY_MB it dies of its heap limit; either way the request ends in 422 BudgetExceeded and a fresh
 * thread takes the next task. Tasks wait in a short queue; a full queue answers 503.
 */
@Injectable()
export class EvalPool implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('EvalPool');
  /** Read from the environment when the pool is created (tests may replace fields before the first task). */
  readonly limits: EvalLimits = evalLimits();
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  /** Runs a task; resolves with the answer as JSON text. Engine errors come back as the exceptions the filter maps. */
  run(task: EvalTask, hint: TooLargeHint = { zh: '', en: '' }, pointerPrefix = ''): Promise<string> {
    if (this.closed) return Promise.reject(new Error('evaluation pool closed'));
    const l = this.limits;
    const req = { ...task, id: this.nextId++, maxSteps: l.maxSteps, maxChars: l.maxChars, maxResponseBytes: l.maxResponseBytes } as EvalRequest;
    return new Promise<string>((resolve, reject) => {
      if (this.queue.length >= l.workers * 16) {
        reject(new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'EvaluatorBusy', '试算任务过多，请稍后再试。', 'Too many evaluations are waiting; try again shortly.'));
        return;
      }
      this.queue.push({
        req,
        resolve,
        reject: (e) => reject(e instanceof TooLargeMarker ? responseTooLarge(l.maxResponseBytes, hint) : e instanceof BudgetMarker ? budgetExceeded({ ...e.error, path: e.error.path ? pointerPrefix + e.error.path : '' }) : e),
      });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.ready && !s.task);
      if (!slot) {
        if (this.slots.length < this.limits.workers) this.add();
        return;
      }
      this.start(slot, this.queue.shift()!);
    }
  }

  private add(): Slot {
    const slot: Slot = { worker: spawn(this.limits.memoryMb), ready: false, task: null, timer: null };
    slot.worker.unref();
    slot.worker.on('message', (m: EvalReply | { ready: true }) => {
      if ('ready' in m) {
        slot.ready = true;
        this.pump();
      } else this.reply(slot, m);
    });
    slot.worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /heap|memory/i.test(e.message);
      if (!oom) this.log.error(`evaluation worker failed: ${e.stack ?? e.message}`);
      this.fail(slot, oom ? budgetExceeded(memoryBudgetError(this.limits.memoryMb)) : new Error(`evaluation worker failed: ${e.message}`));
    });
    slot.worker.on('exit', () => this.fail(slot, new Error('evaluation worker exited')));
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, p: Pending): void {
    slot.task = p;
    slot.timer = setTimeout(() => this.fail(slot, budgetExceeded(timeBudgetError(this.limits.timeoutMs))), this.limits.timeoutMs);
    slot.worker.postMessage(p.req);
  }

  private reply(slot: Slot, m: EvalReply): void {
    const p = slot.task;
    if (!p || p.req.id !== m.id) return;
    clearTimeout(slot.timer!);
    slot.task = null;
    slot.timer = null;
    if (m.ok) p.resolve(m.json);
    else if (m.type === 'validation') p.reject(new KpValidationError(m.errors, m.target));
    else if (m.type === 'budget') p.reject(new BudgetMarker(m.error));
    else if (m.type === 'too-large') p.reject(new TooLargeMarker());
    else {
      this.log.error(`evaluation crashed: ${m.message}`);
      p.reject(new Error('evaluation crashed'));
    }
    this.pump();
  }

  /** The slot's thread is gone or must go: fail its task, drop the slot, start the queue on a fresh thread. */
  private fail(slot: Slot, e: unknown): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const p = slot.task;
    slot.task = null;
    slot.worker.removeAllListeners('message');
    void slot.worker.terminate().catch(() => undefined);
    if (p) p.reject(e);
    if (!this.closed) this.pump();
  }

  /**
   * Threads start with the built server, so the first request does not wait for one to load the engine. Not
   * under ts (API tests), where a thread first compiles the engine with tsx: there they start on first use.
   */
  onApplicationBootstrap(): void {
    if (process.env.KP_EVAL_PRESTART === 'off' || __filename.endsWith('.ts')) return;
    while (this.slots.length < this.limits.workers) this.add();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const p of this.queue.splice(0)) p.reject(new Error('evaluation pool closed'));
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }
}

class TooLargeMarker extends Error {}

/** A budget error from the engine, its pointer relative to the pack (the route prefixes it). */
class BudgetMarker extends Error {
  constructor(readonly error: KpError) {
    super(error.message.en);
  }
}
