import { kpError, KpError } from '../errors';
import type { Json, Pack, SummaryRule } from '../types';
import type { PeriodCtx, RecordFn } from '../compile/context';
import type { Code } from '../compile/expr';
import type { Accumulator } from './population';
import { collectVars } from '../compile/plan';
import { round, truthy } from '../compile/runtime';
import { accumulator } from './population';
import { bucketKey } from './order';

/** Per-period figures over the period's final records. */
export type SummaryFn = (ctx: PeriodCtx) => Record<string, unknown>;

export interface SummaryEnv {
  /** A compiled function of a subject's final record and inputs. */
  recordFn(logic: unknown, at: string): RecordFn;
  /** A compiled function of the summary figures computed so far (`$S`) and the parameters. */
  figuresFn(logic: unknown, at: string): (S: Record<string, unknown>) => unknown;
  errors: KpError[];
}

/**
 * The summary as one pass over the subjects, for the untraced path: `add` (generated: every aggregate and countBy
 * of the pack inline, reading the record as the subject rules do) feeds one accumulator per figure, subject by
 * subject, so the pass can be fused with the last subject-by-subject steps; `finish` gives the same figures as
 * SummaryFn.
 */
export interface FusedSummary {
  /** Fresh accumulators for one period. */
  start(): unknown[];
  add: (r: unknown, s: unknown, period: string, i: number, X: unknown[][] | undefined, A: unknown[]) => void;
  finish(ctx: PeriodCtx, A: unknown[]): Record<string, unknown>;
}

export interface FusedSummaryEnv extends SummaryEnv {
  /** JavaScript of an expression over a subject's record and inputs (`r`, `s`, `$period`, `$i`, `$X`). */
  recordCode(logic: unknown, at: string): Code;
  /** Instantiates `function (r, s, $period, $i, $X, A) { body }` with the pack's hoisted constants. */
  instantiateAdd(body: string): FusedSummary['add'];
}

class CountByAcc {
  readonly root: Record<string, any> = {};
  /** One level: counts by the raw value (no key text per subject); 1 and "1" meet in `result`, as in keyText. */
  private readonly byValue = new Map<unknown, number>();
  add1(v: unknown): void {
    if (v !== null && typeof v === 'object') {
      const k = keyText(v);
      this.byValue.set(k, (this.byValue.get(k) ?? 0) + 1);
      return;
    }
    this.byValue.set(v, (this.byValue.get(v) ?? 0) + 1);
  }
  /** The counts by key text, in the order each text first occurred. */
  result(): Record<string, any> {
    for (const [v, c] of this.byValue) {
      const k = keyText(v);
      this.root[k] = (this.root[k] ?? 0) + c;
    }
    this.byValue.clear();
    return this.root;
  }
  addN(vs: unknown[]): void {
    let node = this.root;
    for (let d = 0; d < vs.length; d++) {
      const k = keyText(vs[d]);
      if (d === vs.length - 1) node[k] = (node[k] ?? 0) + 1;
      else node = node[k] ??= {};
    }
  }
}

export function compileFusedSummary(pack: Pack, env: FusedSummaryEnv): FusedSummary {
  const figures = pack.summary ?? [];
  const lines: string[] = [];
  const bool = (c: Code) => (c.type === 'bool' ? c.code : `$t(${c.code})`);
  const finishers: ((ctx: PeriodCtx, A: unknown[], S: Record<string, unknown>) => unknown)[] = [];
  const starts: (() => unknown)[] = [];
  figures.forEach((s, k) => {
    const at = `/summary/${k}`;
    switch (s.kind) {
      case 'aggregate': {
        const of = s.of !== undefined ? env.recordCode(s.of, `${at}/of`).code : '1';
        const add = `A[${k}].add(${of});`;
        lines.push(s.where !== undefined ? `if (${bool(env.recordCode(s.where, `${at}/where`))}) ${add}` : add);
        starts.push(() => accumulator(s.fn));
        finishers.push((ctx, A) => {
          const v = (A[k] as Accumulator).result(ctx.records.length);
          return s.round !== undefined && typeof v === 'number' ? round(v, s.round) : v;
        });
        break;
      }
      case 'countBy': {
        const by = s.by.map((b, d) => env.recordCode(b, `${at}/by/${d}`).code);
        lines.push(by.length === 1 ? `A[${k}].add1(${by[0]});` : `A[${k}].addN([${by.join(', ')}]);`);
        starts.push(() => new CountByAcc());
        finishers.push((_ctx, A) => {
          const root = (A[k] as CountByAcc).result();
          fillKeys(root, s.keys ?? [], 0, by.length);
          return root;
        });
        break;
      }
      case 'value': {
        const f = env.figuresFn(s.expr, `${at}/expr`);
        starts.push(() => null);
        finishers.push((_ctx, _A, S) => (s.round !== undefined ? round(Number(f(S)), s.round) : f(S)));
        break;
      }
      case 'escalations':
        starts.push(() => null);
        finishers.push((ctx) => (ctx.state.escalations as Record<string, unknown[]> | undefined)?.[s.rule] ?? []);
        break;
    }
  });
  const add = env.instantiateAdd(lines.join('\n'));
  return {
    start: () => starts.map((f) => f()),
    add,
    finish(ctx, A) {
      const S: Record<string, unknown> = {};
      figures.forEach((s, k) => (S[s.name] = finishers[k](ctx, A, S)));
      return S;
    },
  };
}

/** Rule values the summary reads: they count as reached for the unreachable-rule check. */
export function summaryReads(pack: Pack): string[] {
  const out: string[] = [];
  for (const s of pack.summary ?? []) {
    if (s.kind === 'aggregate') {
      if (s.of !== undefined) collectVars(s.of, out);
      if (s.where !== undefined) collectVars(s.where, out);
    } else if (s.kind === 'countBy') s.by.forEach((b) => collectVars(b, out));
    else if (s.kind === 'escalations') out.push(s.rule);
  }
  return out.map((p) => p.split('.')[0]);
}

/** Summary names, in order, so `value` figures can read the ones before them. */
export function summaryNames(pack: Pack): string[] {
  return (pack.summary ?? []).map((s) => s.name);
}

export function compileSummary(pack: Pack, env: SummaryEnv): SummaryFn {
  const parts = (pack.summary ?? []).map((s, i) => compileFigure(pack, s, `/summary/${i}`, env));
  return (ctx) => {
    const S: Record<string, unknown> = {};
    for (const p of parts) S[p.name] = p.run(ctx, S);
    return S;
  };
}

function compileFigure(pack: Pack, s: SummaryRule, at: string, env: SummaryEnv): { name: string; run(ctx: PeriodCtx, S: Record<string, unknown>): unknown } {
  switch (s.kind) {
    case 'aggregate': {
      const of = s.of !== undefined ? env.recordFn(s.of, `${at}/of`) : null;
      const where = s.where !== undefined ? env.recordFn(s.where, `${at}/where`) : null;
      if (s.fn !== 'count' && s.fn !== 'share' && !of) env.errors.push(kpError('SchemaViolation', at, `汇总 "${s.name}" 需要 of`, `summary "${s.name}" needs "of"`));
      return {
        name: s.name,
        run(ctx) {
          const acc = accumulator(s.fn);
          const { records, subjects, period, x: X } = ctx;
          for (let i = 0; i < records.length; i++) {
            if (where && !truthy(where(records[i], subjects[i], period, i, X))) continue;
            acc.add(of ? of(records[i], subjects[i], period, i, X) : 1);
          }
          const v = acc.result(records.length);
          return s.round !== undefined && typeof v === 'number' ? round(v, s.round) : v;
        },
      };
    }
    case 'countBy': {
      const by = s.by.map((b, i) => env.recordFn(b, `${at}/by/${i}`));
      return {
        name: s.name,
        run(ctx) {
          const root: Record<string, any> = {};
          const { records, subjects, period, x: X } = ctx;
          for (let i = 0; i < records.length; i++) {
            let node = root;
            for (let d = 0; d < by.length; d++) {
              const k = keyText(by[d](records[i], subjects[i], period, i, X));
              if (d === by.length - 1) node[k] = (node[k] ?? 0) + 1;
              else node = node[k] ??= {};
            }
          }
          fillKeys(root, s.keys ?? [], 0, by.length);
          return root;
        },
      };
    }
    case 'value': {
      const f = env.figuresFn(s.expr, `${at}/expr`);
      return { name: s.name, run: (_ctx, S) => (s.round !== undefined ? round(Number(f(S)), s.round) : f(S)) };
    }
    case 'escalations': {
      const target = pack.rules.find((r) => r.name === s.rule);
      if (!target || target.kind !== 'escalation') env.errors.push(kpError('UnknownVariable', `${at}/rule`, `"${s.rule}" 不是追加（escalation）规则`, `"${s.rule}" is not an escalation rule`));
      return { name: s.name, run: (ctx) => ((ctx.state.escalations as Record<string, unknown[]> | undefined)?.[s.rule] ?? []) };
    }
  }
}

function keyText(v: unknown): string {
  return typeof v === 'string' ? v : bucketKey(v);
}

/** Zero-fills the keys a countBy promises at each depth, under every node present. */
function fillKeys(node: Record<string, any>, keys: Json[][], depth: number, levels: number): void {
  const want = keys[depth] ?? [];
  for (const k of want) {
    const t = keyText(k);
    if (!(t in node)) node[t] = depth === levels - 1 ? 0 : {};
  }
  if (depth < levels - 1) for (const child of Object.values(node)) fillKeys(child, keys, depth + 1, levels);
}
