import { parentPort } from 'node:worker_threads';
import { BudgetExceededError, compilePack, evaluate, KpValidationError, newBudget, runPackTests, type CompiledPack, type OutputEnvelope } from '../../engine';
import type { EvalReply, EvalRequest } from './messages';

/**
 * An evaluation worker thread: compiles and runs submitted or draft packs off the server's event loop. The pool
 * terminates it past the wall-time budget; its heap is capped by resourceLimits; the compiled code charges the
 * step and character budget itself.
 */
const cache = new Map<string, CompiledPack>();
const CACHE_SIZE = 16;

class TooLarge extends Error {}

function compiled(r: Extract<EvalRequest, { kind: 'evaluate' }>): CompiledPack {
  const key = `${r.hash}|${r.parameters ? JSON.stringify(r.parameters) : ''}`;
  let c = cache.get(key);
  if (!c) {
    c = compilePack(r.document, r.parameters);
    cache.set(key, c);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  return c;
}

/** JSON.stringify(out), one subject at a time, stopping as soon as the text passes `limit` bytes. */
export function cappedJson(out: OutputEnvelope, limit: number): string {
  const parts: string[] = [];
  let bytes = 0;
  const add = (s: string) => {
    bytes += Buffer.byteLength(s);
    if (bytes > limit) throw new TooLarge();
    parts.push(s);
  };
  add(`{"pack":${JSON.stringify(out.pack)},"periods":[`);
  out.periods.forEach((p, i) => {
    add(i ? ',{' : '{');
    let first = true;
    for (const [k, v] of Object.entries(p)) {
      if (v === undefined) continue;
      add(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      if (k === 'results' && Array.isArray(v)) {
        add('[');
        v.forEach((r, j) => add((j ? ',' : '') + JSON.stringify(r)));
        add(']');
      } else add(JSON.stringify(v));
    }
    add('}');
  });
  add(']}');
  return parts.join('');
}

function handle(r: EvalRequest): string {
  const budget = newBudget(r.maxSteps, r.maxChars);
  if (r.kind === 'test') return JSON.stringify(runPackTests(r.document, { budget }));
  const out = evaluate(compiled(r), r.envelope, { trace: r.trace, budget });
  return cappedJson(out, r.maxResponseBytes);
}

parentPort?.on('message', (r: EvalRequest) => {
  let reply: EvalReply;
  try {
    reply = { id: r.id, ok: true, json: handle(r) };
  } catch (e) {
    if (e instanceof BudgetExceededError) reply = { id: r.id, ok: false, type: 'budget', error: e.error };
    else if (e instanceof KpValidationError) reply = { id: r.id, ok: false, type: 'validation', errors: e.errors, target: e.target };
    else if (e instanceof TooLarge) reply = { id: r.id, ok: false, type: 'too-large', limit: r.maxResponseBytes };
    else if (e instanceof RangeError && /string length|Array buffer allocation|memory/i.test(e.message)) reply = { id: r.id, ok: false, type: 'too-large', limit: r.maxResponseBytes };
    else reply = { id: r.id, ok: false, type: 'crash', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
parentPort?.postMessage({ ready: true });
