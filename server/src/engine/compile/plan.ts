import { kpError, KpError } from '../errors';
import type { JsonLogic, Pack, Rule } from '../types';
import { argsOf, isLogic, opOf } from './ops';

/** Stage of evaluation: 0 subject, 1 population, 2 history. */
export type Stage = 0 | 1 | 2;

export const KIND_STAGE: Record<Rule['kind'], Stage> = {
  value: 0,
  bands: 0,
  veto: 0,
  ladder: 0,
  rank: 1,
  group: 1,
  quota: 1,
  consecutive: 2,
  windowCount: 2,
  previous: 2,
  movement: 2,
  escalation: 2,
};

export const SCOPED_OPS = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

/** Static variable paths an expression reads at its top level (scoped bodies read their item, not the pack). */
export function collectVars(logic: JsonLogic, out: string[] = []): string[] {
  if (Array.isArray(logic)) {
    for (const e of logic) collectVars(e, out);
    return out;
  }
  if (!isLogic(logic)) return out;
  const op = opOf(logic);
  const args = argsOf(logic);
  if (op === 'var') {
    if (typeof args[0] === 'string' || typeof args[0] === 'number') out.push(String(args[0]));
    else collectVars(args[0], out);
    if (args.length > 1) collectVars(args[1], out);
    return out;
  }
  if (SCOPED_OPS.has(op)) {
    collectVars(args[0], out);
    if (op === 'reduce' && args.length > 2) collectVars(args[2], out);
    return out;
  }
  for (const a of args) collectVars(a, out);
  return out;
}

/** Every JSON Logic slot of a rule with its pointer, as (slot, logic, pointer). */
export function ruleSlots(rule: Rule, at: string): { slot: string; logic: JsonLogic; at: string }[] {
  const s: { slot: string; logic: JsonLogic; at: string }[] = [];
  const add = (slot: string, logic: JsonLogic, p = `${at}/${slot}`) => {
    if (logic !== undefined) s.push({ slot, logic, at: p });
  };
  switch (rule.kind) {
    case 'value':
      add('expr', rule.expr);
      break;
    case 'bands':
      add('of', rule.of);
      break;
    case 'veto':
      add('when', rule.when);
      add('value', rule.value);
      break;
    case 'ladder':
      rule.levels.forEach((l, i) => l.checks.forEach((c, j) => add(`levels.${i}.checks.${j}`, c.expr, `${at}/levels/${i}/checks/${j}/expr`)));
      break;
    case 'rank':
      rule.by.forEach((b, i) => add(`by.${i}`, b.expr, `${at}/by/${i}/expr`));
      add('groupBy', rule.groupBy);
      add('where', rule.where);
      break;
    case 'group':
      add('of', rule.of);
      add('groupBy', rule.groupBy);
      add('where', rule.where);
      break;
    case 'quota':
      add('candidate', rule.candidate);
      rule.order.forEach((b, i) => add(`order.${i}`, b.expr, `${at}/order/${i}/expr`));
      rule.quotas.forEach((q, i) => {
        add(`quotas.${i}.applies`, q.applies, `${at}/quotas/${i}/applies`);
        add(`quotas.${i}.groupBy`, q.groupBy, `${at}/quotas/${i}/groupBy`);
      });
      break;
    case 'consecutive':
    case 'windowCount':
      add('when', rule.when);
      break;
    case 'escalation':
      add('holder', rule.holder);
      add('level', rule.level);
      add('date', rule.date);
      break;
    default:
      break;
  }
  return s;
}

/** Quota limits read parameters and their bucket, not subject values: separate slots. */
export function quotaLimitSlots(rule: Rule, at: string): { slot: string; logic: JsonLogic; at: string }[] {
  if (rule.kind !== 'quota') return [];
  return rule.quotas.map((q, i) => ({ slot: `quotas.${i}.limit`, logic: q.limit, at: `${at}/quotas/${i}/limit` }));
}

export interface PlanNode {
  index: number;
  rule: Rule;
  stage: Stage;
  deps: number[];
  /** For a veto: the node holding the target's value before it. */
  prior?: number;
}

export interface Plan {
  order: PlanNode[];
  /** Final node index of every defined name. */
  finalOf: Map<string, number>;
  errors: KpError[];
}

/** Orders rules by stage then dependency; reports cycles, stage violations and unreachable rules. */
export function planRules(pack: Pack, valueNames: Map<string, { rule: Rule; index: number }>, summaryReads: string[]): Plan {
  const errors: KpError[] = [];
  const rules = pack.rules;
  // Version chains: the defining rule, then each veto on that name in declaration order.
  const chain = new Map<string, number[]>();
  for (const [name, v] of valueNames) chain.set(name, [v.index]);
  rules.forEach((r, i) => {
    if (r.kind === 'veto') {
      const c = chain.get(r.target);
      if (c) c.push(i);
      else errors.push(kpError('UnknownVariable', `/rules/${i}/target`, `否决目标 "${r.target}" 未定义`, `veto target "${r.target}" is not defined`));
    }
  });
  const finalOf = new Map<string, number>();
  for (const [name, c] of chain) finalOf.set(name, c[c.length - 1]);

  const nodes: PlanNode[] = rules.map((rule, index) => ({ index, rule, stage: KIND_STAGE[rule.kind], deps: [] }));
  rules.forEach((rule, i) => {
    const deps = new Set<number>();
    const refer = (name: string) => {
      const c = chain.get(name);
      if (!c) return;
      if (rule.kind === 'veto' && rule.target === name) {
        const k = c.indexOf(i);
        if (k > 0) deps.add(c[k - 1]);
      } else deps.add(c[c.length - 1]);
    };
    for (const s of ruleSlots(rule, `/rules/${i}`)) for (const p of collectVars(s.logic)) refer(p.split('.')[0]);
    if (rule.kind === 'veto') {
      refer(rule.target);
      const c = chain.get(rule.target);
      const k = c ? c.indexOf(i) : -1;
      if (c && k > 0) nodes[i].prior = c[k - 1];
    }
    if (rule.kind === 'previous' || rule.kind === 'movement') refer(rule.of);
    if (rule.kind === 'escalation') refer(rule.granted);
    if (deps.has(i)) {
      errors.push(kpError('Cycle', `/rules/${i}`, `规则 "${rule.name}" 读取了它自己的值`, `rule "${rule.name}" reads its own value`));
      deps.delete(i);
    }
    nodes[i].deps = [...deps];
  });

  // Kahn's algorithm, taking the lowest (stage, index) ready node first; stages propagate along edges.
  const indeg = nodes.map((n) => n.deps.length);
  const users: number[][] = nodes.map(() => []);
  nodes.forEach((n) => n.deps.forEach((d) => users[d].push(n.index)));
  const done: boolean[] = nodes.map(() => false);
  const order: PlanNode[] = [];
  const ready = nodes.filter((n) => indeg[n.index] === 0).map((n) => n.index);
  while (ready.length) {
    ready.sort((a, b) => nodes[a].stage - nodes[b].stage || a - b);
    const i = ready.shift()!;
    done[i] = true;
    order.push(nodes[i]);
    for (const u of users[i]) {
      const un = nodes[u];
      const ds = nodes[i].stage;
      if (ds > un.stage) {
        if (KIND_STAGE[un.rule.kind] > 0 && KIND_STAGE[un.rule.kind] < ds) {
          errors.push(kpError('StageOrder', `/rules/${u}`, `人群规则 "${un.rule.name}" 不能读取历史阶段的值 "${nodes[i].rule.name}"`, `population rule "${un.rule.name}" cannot read the history value "${nodes[i].rule.name}"`));
        }
        un.stage = ds as Stage;
      }
      if (--indeg[u] === 0) ready.push(u);
    }
  }
  if (order.length < nodes.length) {
    const left = nodes.filter((n) => !done[n.index]);
    const cycle = findCycle(left, done);
    const names = cycle.map((i) => rules[i].name).join(' → ');
    for (const i of cycle) {
      errors.push(kpError('Cycle', `/rules/${i}`, `规则之间存在循环依赖：${names}`, `rules depend on each other in a cycle: ${names}`));
    }
  }

  // Reachability from outputs and summary: a rule nothing reads is dead weight in a pack.
  const needed = new Set<number>();
  const visit = (i: number) => {
    if (needed.has(i)) return;
    needed.add(i);
    nodes[i].deps.forEach(visit);
  };
  for (const o of [...pack.outputs, ...summaryReads]) {
    const f = finalOf.get(o);
    if (f !== undefined) visit(f);
  }
  for (const n of nodes) {
    if (!needed.has(n.index)) {
      errors.push(kpError('UnreachableRule', `/rules/${n.index}`, `规则 "${n.rule.name}" 的结果没有被任何输出或汇总使用`, `the value of rule "${n.rule.name}" reaches no output or summary`));
    }
  }
  return { order, finalOf, errors };
}

function findCycle(left: PlanNode[], done: boolean[]): number[] {
  const byIndex = new Map(left.map((n) => [n.index, n]));
  const state = new Map<number, number>();
  const stack: number[] = [];
  let found: number[] = [];
  const dfs = (i: number): boolean => {
    state.set(i, 1);
    stack.push(i);
    for (const d of byIndex.get(i)!.deps) {
      if (done[d] || !byIndex.has(d)) continue;
      if (state.get(d) === 1) {
        found = stack.slice(stack.indexOf(d));
        return true;
      }
      if (!state.has(d) && dfs(d)) return true;
    }
    stack.pop();
    state.set(i, 2);
    return false;
  };
  for (const n of left) if (!state.has(n.index) && dfs(n.index)) break;
  return found.length ? found : left.map((n) => n.index);
}
