import { KpValidationError } from '../errors';
import type { Pack, PackTest } from '../types';
import { compilePack, type CompiledPack, type CoverageItem } from '../compile/pack';
import { evaluate } from '../evaluate/evaluate';
import { canonicalJson } from '../canonical';
import { BudgetExceededError, type Budget } from '../compile/runtime';

export interface PackTestCaseResult {
  name: string;
  ok: boolean;
  /** What differed, one line each (empty when ok). */
  problems: string[];
}

export interface PackTestReport {
  pack: { id: string; version: string };
  passed: number;
  failed: number;
  cases: PackTestCaseResult[];
  /** Rule coverage: every band, ladder level, veto firing, quota refusal and history look-back a test reaches. */
  coverage: { total: number; hit: number; missed: CoverageItem[] };
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const show = (v: unknown) => JSON.stringify(v);

/**
 * Runs a pack's own test cases with tracing on, and reports which rules no test reached. `budget` spans every
 * case; past it BudgetExceededError ends the whole run (it is not one failed case).
 */
export function runPackTests(pack: Pack, opts: { budget?: Budget } = {}): PackTestReport {
  const hits = new Set<string>();
  // Cases with the same overrides share one compiled pack (compiling is most of a small case's time).
  const compiled = new Map<string, CompiledPack>();
  const compile = (overrides: Record<string, unknown> | undefined) => {
    const key = overrides ? canonicalJson(overrides) : '';
    let c = compiled.get(key);
    if (!c) compiled.set(key, (c = compilePack(pack, overrides)));
    return c;
  };
  const cases = (pack.tests ?? []).map((t) => runCase(compile, t, hits, opts.budget));
  let items: CoverageItem[] = [];
  try {
    items = compile(undefined).coverage;
  } catch {
    items = [];
  }
  const missed = items.filter((c) => !hits.has(c.id));
  const passed = cases.filter((c) => c.ok).length;
  return {
    pack: { id: pack.id, version: pack.version },
    passed,
    failed: cases.length - passed,
    cases,
    coverage: { total: items.length, hit: items.length - missed.length, missed },
  };
}

function runCase(compile: (o: Record<string, unknown> | undefined) => CompiledPack, t: PackTest, hits: Set<string>, budget: Budget | undefined): PackTestCaseResult {
  const problems: string[] = [];
  const local = new Set<string>();
  try {
    // Overrides in the envelope apply as in `rules eval`; the test's own `parameters` win.
    const envParams = t.input && typeof t.input === 'object' ? (t.input as { parameters?: Record<string, unknown> }).parameters : undefined;
    const overrides = envParams || t.parameters ? { ...(envParams ?? {}), ...(t.parameters ?? {}) } : undefined;
    const c = compile(overrides);
    const out = evaluate(c, t.input, { hits: local, budget });
    if (t.expectErrors) problems.push(`expected errors at ${t.expectErrors.join(', ')}, but the input was accepted`);
    for (const x of t.expect ?? []) {
      const p = out.periods.find((q) => q.period === x.period);
      const r = p?.results.find((q) => q.id === x.id);
      if (!r) {
        problems.push(`${x.period} ${x.id}: no result`);
        continue;
      }
      for (const [name, want] of Object.entries(x.outputs)) {
        if (!same(r.outputs[name], want)) problems.push(`${x.period} ${x.id} ${name}: expected ${show(want)}, got ${show(r.outputs[name])}`);
      }
    }
    for (const x of t.expectSummary ?? []) {
      const p = out.periods.find((q) => q.period === x.period);
      if (!p) {
        problems.push(`${x.period}: no such period`);
        continue;
      }
      for (const [name, want] of Object.entries(x.summary)) {
        if (!same(p.summary[name], want)) problems.push(`${x.period} summary ${name}: expected ${show(want)}, got ${show(p.summary[name])}`);
      }
    }
  } catch (e) {
    if (e instanceof BudgetExceededError) throw e;
    if (!(e instanceof KpValidationError)) problems.push(`crashed: ${(e as Error).message}`);
    else if (!t.expectErrors) problems.push(`rejected: ${e.errors.map((x) => `${x.path}: ${x.message.en}`).join('; ')}`);
    else {
      const got = [...new Set(e.errors.map((x) => x.path))].sort();
      const want = [...new Set(t.expectErrors)].sort();
      if (!same(got, want)) problems.push(`expected errors at ${want.join(', ')}; got ${got.join(', ')}`);
    }
  }
  // Coverage counts only from cases that pass, so a broken test cannot claim a rule.
  if (!problems.length) for (const h of local) hits.add(h);
  return { name: t.name, ok: problems.length === 0, problems };
}
