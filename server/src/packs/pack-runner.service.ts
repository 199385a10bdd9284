import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canonicalJson, documentSizeErrors, KpValidationError, compilePack, diffPacks, evaluate, runPackTests, validateEnvelope, validatePack } from '../engine';
import type { Budget, CompiledPack, Pack, PriorPeriod } from '../engine';
import type { KpError } from '../engine/errors';
import { BudgetExceededError } from '../engine/compile/runtime';
import { budgetExceeded, budgetOf, evalLimits } from '../common/eval-pool/limits';

const CACHE_SIZE = 64;

/** sha256 of the canonical JSON of a pack document: equal documents hash equal whatever their key order. */
export function contentHash(document: unknown): string {
  // Hashing walks the whole document: refuse hostile sizes first (422 by pointer, not a stack overflow).
  const size = documentSizeErrors(document);
  if (size.length) throw new KpValidationError(size, 'pack');
  return 'sha256:' + createHash('sha256').update(canonicalJson(document)).digest('hex');
}

/**
 * The engine, as the server calls it. Compiled packs are cached by content hash and parameter overrides,
 * which identify them exactly (a document's hash changes with every edit).
 */
@Injectable()
export class PackRunner {
  private readonly cache = new Map<string, CompiledPack>();

  validate(document: unknown): KpError[] {
    return validatePack(document);
  }

  /** A pack's own tests; `budgeted`: under the evaluation step/char budget (422 BudgetExceeded past it). */
  test(document: Pack, budgeted = false) {
    if (!budgeted) return runPackTests(document);
    try {
      return runPackTests(document, { budget: budgetOf(evalLimits()) });
    } catch (e) {
      if (e instanceof BudgetExceededError) throw budgetExceeded(e.error);
      throw e;
    }
  }

  diff(a: Pack, b: Pack) {
    return diffPacks(a, b);
  }

  compile(document: Pack, hash: string, parameters?: Record<string, unknown>): CompiledPack {
    const key = `${hash}|${parameters ? canonicalJson(parameters) : ''}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const compiled = compilePack(document, parameters);
    this.cache.set(key, compiled);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return compiled;
  }

  validateEnvelope(compiled: CompiledPack, envelope: unknown): KpError[] {
    return validateEnvelope(compiled, envelope);
  }

  evaluate(compiled: CompiledPack, envelope: unknown, opts: { trace?: boolean; prior?: PriorPeriod[]; budget?: Budget } = {}) {
    return evaluate(compiled, envelope, opts);
  }
}
