import type { Json, Pack, Rule } from '../../server/src/engine';
import { collectVars, KIND_STAGE, ruleSlots } from '../../server/src/engine/compile/plan';
import { periodFromIndex, periodIndex, yearOf } from '../../server/src/engine/evaluate/periods';
import type { PeriodRun } from '../lib/comparators';
import { ExactSum } from '../../server/src/engine/exact-sum';

/**
 * A pack run by a general-purpose JSON Logic library: the rules walked in dependency order, each
 * JSON Logic slot handed to the library, and the rule kinds (bands, veto, rank, history, summary)
 * written as plain loops around it. This is what a team would build on json-logic-js or
 * json-logic-engine instead of compiling the pack; the benchmark compares the engine with it.
 */
export type Applier = (logic: unknown) => (data: Record<string, unknown>) => unknown;

interface Lib {
  compile: Applier;
  truthy(v: unknown): boolean;
  round(x: unknown, d: unknown): number;
}

type Data = Record<string, unknown>;

/** Dotted parameter names as nested objects, which is how a JSON Logic `var` walks them. */
export function nestParameters(params: Record<string, Json>): Data {
  const root: Data = {};
  for (const [name, value] of Object.entries(params)) {
    const segs = name.split('.');
    let node = root;
    for (let i = 0; i < segs.length - 1; i++) node = (node[segs[i]] ??= {}) as Data;
    node[segs[segs.length - 1]] = value;
  }
  return root;
}

/** Rules in an order where every rule runs after what it reads; a veto runs before the target's other readers. */
function dependencyOrder(pack: Pack): { rule: Rule; stage: number }[] {
  const byName = new Map(pack.rules.map((r) => [r.name, r]));
  const vetoOf = new Map(pack.rules.filter((r): r is Extract<Rule, { kind: 'veto' }> => r.kind === 'veto').map((r) => [r.target, r]));
  const deps = new Map<Rule, Set<Rule>>();
  for (const r of pack.rules) {
    const d = new Set<Rule>();
    const reads = ruleSlots(r, '').flatMap((s) => collectVars(s.logic)).map((p) => p.split('.')[0]);
    if (r.kind === 'veto') reads.push(r.target);
    if (r.kind === 'consecutive' || r.kind === 'windowCount' || r.kind === 'previous' || r.kind === 'movement') {
      // History conditions read this period's outputs too.
      if ('of' in r && typeof r.of === 'string') reads.push(r.of);
    }
    for (const name of reads) {
      const def = byName.get(name);
      if (!def || def === r) continue;
      const veto = vetoOf.get(name);
      d.add(veto && veto !== r ? veto : def);
      if (veto && veto !== r) d.add(def);
    }
    deps.set(r, d);
  }
  const stage = new Map<Rule, number>();
  const order: Rule[] = [];
  const visit = (r: Rule, path: Set<Rule>) => {
    if (stage.has(r)) return;
    if (path.has(r)) throw new Error(`cycle at ${r.name}`);
    path.add(r);
    let s: number = KIND_STAGE[r.kind];
    for (const d of deps.get(r)!) {
      visit(d, path);
      s = Math.max(s, stage.get(d)!);
    }
    path.delete(r);
    stage.set(r, s);
    order.push(r);
  };
  for (const r of pack.rules) visit(r, new Set());
  // Stable by stage: subject rules, then population, then history, dependencies kept within each.
  return order.map((rule, i) => ({ rule, stage: stage.get(rule)!, i })).sort((a, b) => a.stage - b.stage || a.i - b.i);
}

type SubjectStep = (d: Data) => void;
type PeriodStep = (ds: Data[], period: string, history: Map<string, Map<string, Data>>) => void;

/** Builds a runner of one period for a pack, with the JSON Logic library `lib`. */
export function packWalker(pack: Pack, params: Record<string, Json>, lib: Lib) {
  const paramData = nestParameters(params);
  const param = (v: unknown) => (v && typeof v === 'object' && '$param' in (v as object) ? params[(v as { $param: string }).$param] : v);
  const order = dependencyOrder(pack);
  const kind = pack.period;

  const subjectStep = (r: Rule): SubjectStep => {
    switch (r.kind) {
      case 'value': {
        const f = lib.compile(r.expr);
        const name = r.name;
        if (r.round !== undefined) {
          const digits = r.round;
          return (d) => void (d[name] = lib.round(f(d), digits));
        }
        return (d) => void (d[name] = f(d));
      }
      case 'bands': {
        const of = lib.compile(r.of);
        const name = r.name;
        const below = r.below ?? null;
        if (r.ranges) {
          const ranges = r.ranges;
          return (d) => {
            const x = of(d) as number;
            let v: unknown = below;
            for (const g of ranges) {
              if ((g.from === null || x >= g.from) && (g.to === null || x < g.to)) {
                v = g.value;
                break;
              }
            }
            d[name] = v;
          };
        }
        const bounds = param(r.bounds) as number[];
        const values = r.values ?? [];
        return (d) => {
          const x = of(d) as number;
          let v: unknown = below;
          for (let i = bounds.length - 1; i >= 0; i--) {
            if (x >= bounds[i]) {
              v = values[i];
              break;
            }
          }
          d[name] = v;
        };
      }
      case 'veto': {
        const when = lib.compile(r.when);
        const value = lib.compile(r.value);
        const { name, target } = r;
        return (d) => {
          const fired = lib.truthy(when(d));
          if (fired) d[target] = value(d);
          d[name] = fired;
        };
      }
      case 'ladder': {
        const levels = r.levels.map((l) => ({ value: l.value, checks: l.checks.map((c) => lib.compile(c.expr)) }));
        const { name, below } = r;
        return (d) => {
          let v: unknown = below;
          for (const l of levels) {
            if (!l.checks.every((c) => lib.truthy(c(d)))) break;
            v = l.value;
          }
          d[name] = v;
        };
      }
      default:
        throw new Error(`${r.kind} is not a subject rule`);
    }
  };

  const compareKey = (a: unknown, b: unknown): number => {
    const an = a === null || a === undefined;
    const bn = b === null || b === undefined;
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  };
  const outputsAt = (d: Data, history: Map<string, Map<string, Data>>, p: number, cur: number) =>
    p === cur ? d : history.get(periodFromIndex(kind, p))?.get(d.id as string);

  const periodStep = (r: Rule): PeriodStep => {
    switch (r.kind) {
      case 'rank': {
        const keys = r.by.map((b) => lib.compile(b.expr));
        const desc = r.by.map((b) => b.order === 'desc');
        const groupBy = r.groupBy !== undefined ? lib.compile(r.groupBy) : null;
        const where = r.where !== undefined ? lib.compile(r.where) : null;
        const { name, method } = r;
        return (ds) => {
          const groups = new Map<string, Data[]>();
          for (const d of ds) {
            if (where && !lib.truthy(where(d))) {
              d[name] = null;
              continue;
            }
            const g = groupBy ? JSON.stringify(groupBy(d) ?? null) : '';
            let list = groups.get(g);
            if (!list) groups.set(g, (list = []));
            list.push(d);
          }
          for (const list of groups.values()) {
            const k = new Map(list.map((d) => [d, keys.map((f) => f(d))]));
            const cmpKeys = (a: unknown[], b: unknown[]) => {
              for (let j = 0; j < a.length; j++) {
                const c = compareKey(a[j], b[j]);
                if (c !== 0) return a[j] === null || a[j] === undefined || b[j] === null || b[j] === undefined ? c : desc[j] ? -c : c;
              }
              return 0;
            };
            list.sort((a, b) => cmpKeys(k.get(a)!, k.get(b)!) || ((a.id as string) < (b.id as string) ? -1 : 1));
            let rank = 0;
            let dense = 0;
            list.forEach((d, p) => {
              if (p === 0 || cmpKeys(k.get(d)!, k.get(list[p - 1])!) !== 0) {
                rank = p + 1;
                dense++;
              }
              d[name] = method === 'ordinal' ? p + 1 : method === 'dense' ? dense : rank;
            });
          }
        };
      }
      case 'group': {
        const of = r.of !== undefined ? lib.compile(r.of) : null;
        const groupBy = r.groupBy !== undefined ? lib.compile(r.groupBy) : null;
        const where = r.where !== undefined ? lib.compile(r.where) : null;
        const { name, fn } = r;
        return (ds) => {
          const vals = new Map<string, unknown[]>();
          const keyOf = (d: Data) => (groupBy ? JSON.stringify(groupBy(d) ?? null) : '');
          for (const d of ds) {
            if (where && !lib.truthy(where(d))) continue;
            const g = keyOf(d);
            let list = vals.get(g);
            if (!list) vals.set(g, (list = []));
            list.push(of ? of(d) : 1);
          }
          const facts = new Map([...vals].map(([g, v]) => [g, aggregate(fn, v)]));
          const empty = aggregate(fn, []);
          for (const d of ds) {
            const g = keyOf(d);
            d[name] = facts.has(g) ? facts.get(g) : empty;
          }
        };
      }
      case 'consecutive': {
        const when = lib.compile(r.when);
        const { name, sameYear } = r;
        return (ds, period, history) => {
          const cur = periodIndex(kind, period);
          const year = yearOf(period);
          for (const d of ds) {
            let n = 0;
            for (let p = cur; ; p--) {
              if (sameYear && yearOf(periodFromIndex(kind, p)) !== year) break;
              const o = outputsAt(d, history, p, cur);
              if (!o || !lib.truthy(when(o))) break;
              n++;
            }
            d[name] = n;
          }
        };
      }
      case 'windowCount': {
        const when = lib.compile(r.when);
        const { name, window: w } = r;
        return (ds, period, history) => {
          const cur = periodIndex(kind, period);
          const first =
            'calendarYear' in w
              ? periodIndex(kind, kind === 'year' ? yearOf(period) : `${yearOf(period)}-${kind === 'quarter' ? 'Q' : 'B'}1`)
              : cur - Number(param(w.periods)) + 1;
          for (const d of ds) {
            let n = 0;
            for (let p = first; p <= cur; p++) {
              const o = outputsAt(d, history, p, cur);
              if (o && lib.truthy(when(o))) n++;
            }
            d[name] = n;
          }
        };
      }
      case 'previous': {
        const { name, of } = r;
        return (ds, period, history) => {
          const prev = history.get(periodFromIndex(kind, periodIndex(kind, period) - 1));
          for (const d of ds) {
            const o = prev?.get(d.id as string);
            d[name] = o && o[of] !== undefined ? o[of] : null;
          }
        };
      }
      default:
        throw new Error(`rule kind ${r.kind} is not in the benchmark walker`);
    }
  };

  // Runs of subject rules in one stage become one pass per subject, as the engine does.
  const plan: ({ subject: SubjectStep[] } | { period: PeriodStep })[] = [];
  let lastStage: number = -1;
  for (const { rule, stage } of order) {
    if (KIND_STAGE[rule.kind] === 0) {
      const last = plan[plan.length - 1];
      if (last && 'subject' in last && stage === lastStage) last.subject.push(subjectStep(rule));
      else plan.push({ subject: [subjectStep(rule)] });
    } else plan.push({ period: periodStep(rule) });
    lastStage = stage;
  }

  const summary = (pack.summary ?? []).map((s) => {
    if (s.kind === 'aggregate') {
      const of = s.of !== undefined ? lib.compile(s.of) : null;
      const where = s.where !== undefined ? lib.compile(s.where) : null;
      return (ds: Data[]) => {
        const vals: unknown[] = [];
        for (const d of ds) if (!where || lib.truthy(where(d))) vals.push(of ? of(d) : 1);
        const v = s.fn === 'share' ? (ds.length ? Number((vals.length / ds.length).toPrecision(15)) : null) : aggregate(s.fn, vals);
        return s.round !== undefined && typeof v === 'number' ? lib.round(v, s.round) : v;
      };
    }
    if (s.kind === 'countBy') {
      const by = s.by.map((b) => lib.compile(b));
      return (ds: Data[]) => {
        const root: Record<string, any> = {};
        for (const d of ds) {
          let node = root;
          by.forEach((f, i) => {
            const v = f(d);
            const k = typeof v === 'string' ? v : JSON.stringify(v ?? null);
            if (i === by.length - 1) node[k] = (node[k] ?? 0) + 1;
            else node = node[k] ??= {};
          });
        }
        const fill = (node: Record<string, any>, depth: number) => {
          for (const k of s.keys?.[depth] ?? []) {
            const t = typeof k === 'string' ? k : JSON.stringify(k);
            if (!(t in node)) node[t] = depth === by.length - 1 ? 0 : {};
          }
          if (depth < by.length - 1) for (const c of Object.values(node)) fill(c, depth + 1);
        };
        fill(root, 0);
        return root;
      };
    }
    throw new Error(`summary kind ${s.kind} is not in the benchmark walker`);
  });
  const summaryNames = (pack.summary ?? []).map((s) => s.name);
  const outputs = pack.outputs;
  const history = new Map<string, Map<string, Data>>();

  return (subjects: Record<string, unknown>[], period: string): PeriodRun => {
    const ds: Data[] = new Array(subjects.length);
    for (let i = 0; i < subjects.length; i++) {
      const d = Object.assign(Object.create(paramData), subjects[i]);
      d.period = period;
      ds[i] = d;
    }
    for (const step of plan) {
      if ('subject' in step) {
        const fs = step.subject;
        for (const d of ds) for (const f of fs) f(d);
      } else step.period(ds, period, history);
    }
    const results = new Array(ds.length);
    const byId = new Map<string, Data>();
    for (let i = 0; i < ds.length; i++) {
      const o: Data = {};
      for (const name of outputs) o[name] = ds[i][name];
      results[i] = { id: ds[i].id, outputs: o };
      byId.set(ds[i].id as string, o);
    }
    history.set(period, byId);
    const S: Record<string, unknown> = {};
    summary.forEach((f, i) => (S[summaryNames[i]] = f(ds)));
    return { results, summary: S };
  };
}

/** count | sum | mean | min | max | countDistinct, with sums free of float noise as the contract promises. */
function aggregate(fn: string, values: unknown[]): unknown {
  if (fn === 'count') return values.length;
  if (fn === 'countDistinct') return new Set(values.map((v) => JSON.stringify(v ?? null))).size;
  const nums = values.filter((v) => v !== null && v !== undefined).map(Number);
  const clean = (x: number) => Number(x.toPrecision(15));
  const exact = new ExactSum();
  for (const v of nums) exact.add(v);
  if (fn === 'sum') return clean(exact.value());
  if (!nums.length) return null;
  if (fn === 'mean') return clean(clean(exact.value()) / nums.length);
  let m = nums[0];
  for (const x of nums) if (fn === 'min' ? x < m : x > m) m = x;
  return m;
}
