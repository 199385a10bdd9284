import { kpError, KpError } from '../errors';
import type { Json, Pack, SummaryRule } from '../types';
import type { PeriodCtx, RecordFn } from '../compile/context';
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
          const { records, subjects, period } = ctx;
          for (let i = 0; i < records.length; i++) {
            if (where && !truthy(where(records[i], subjects[i], period))) continue;
            acc.add(of ? of(records[i], subjects[i], period) : 1);
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
          const { records, subjects, period } = ctx;
          for (let i = 0; i < records.length; i++) {
            let node = root;
            for (let d = 0; d < by.length; d++) {
              const k = keyText(by[d](records[i], subjects[i], period));
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
