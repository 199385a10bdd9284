import { compilePack, evaluate, compileLogic, BudgetExceededError, newBudget, runPackTests } from '..';
import type { Pack } from '..';

function pack(rules: object[], outputs: string[], input: object = { type: 'object', required: ['xs'], properties: { xs: { type: 'array', items: { type: 'number' } } } }): Pack {
  return {
    id: 'budget-probe',
    version: '1.0.0',
    title: { 'zh-CN': '探针', en: 'probe' },
    source: { document: 'none', title: 'none' },
    locality: { 'zh-CN': '测试', en: 'test' },
    period: 'year',
    subject: { kind: 'probe', label: { 'zh-CN': '探针', en: 'probe' } },
    input,
    parameters: {},
    rules,
    outputs,
  } as unknown as Pack;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const env = (xs: number[], n = 1) => ({ periods: [{ period: '2024', subjects: range(n).map((i) => ({ id: `s${i}`, xs })) }] });

function budgetError(f: () => unknown): BudgetExceededError {
  try {
    f();
  } catch (e) {
    if (e instanceof BudgetExceededError) return e;
    throw e;
  }
  throw new Error('no BudgetExceededError');
}

describe('evaluation budget: iterations', () => {
  const sumPack = pack(
    [
      { kind: 'value', name: 'n', expr: { count: { var: 'xs' } } },
      { kind: 'value', name: 'total', expr: { reduce: [{ var: 'xs' }, { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 0] } },
    ],
    ['n', 'total'],
  );

  it('charges each reduce its array length, per subject, into the object passed in', () => {
    const c = compilePack(sumPack);
    const b = newBudget(1000);
    const out = evaluate(c, env(range(100), 3), { budget: b });
    expect(out.periods[0].results.map((r) => r.outputs.total)).toEqual([4950, 4950, 4950]);
    expect(b.steps).toBe(1000 - 300);
    expect(b.maxSteps).toBe(1000);
  });

  it('exactly at the limit passes, one past it throws BudgetExceeded naming the rule', () => {
    const c = compilePack(sumPack);
    expect(evaluate(c, env(range(100), 3), { budget: newBudget(300) }).periods[0].results).toHaveLength(3);
    const e = budgetError(() => evaluate(c, env(range(100), 3), { budget: newBudget(299) }));
    expect(e.error.kind).toBe('BudgetExceeded');
    expect(e.error.path).toBe('/rules/1');
    expect(e.error.message['zh-CN']).toContain('299');
    expect(e.error.message.en).toContain('at most 299 array iterations');
    expect(e.error.message.en).toContain('/rules/1/expr/reduce');
  });

  it('an unbudgeted evaluation of the same compiled pack is not limited, and the budget does not leak into it', () => {
    const c = compilePack(sumPack);
    expect(() => evaluate(c, env(range(100)), { budget: newBudget(10) })).toThrow(BudgetExceededError);
    expect(evaluate(c, env(range(100), 50)).periods[0].results[49].outputs.total).toBe(4950);
  });

  it('a budget set on the compiled pack (simulation units) applies to calls that bring none of their own', () => {
    const c = compilePack(sumPack);
    c.budgetCell.b = newBudget(150);
    expect(() => evaluate(c, env(range(100), 2))).toThrow(BudgetExceededError);
    c.budgetCell.b = newBudget(200);
    expect(evaluate(c, env(range(100), 2)).periods[0].results).toHaveLength(2);
    expect(c.budgetCell.b.steps).toBe(0);
  });

  it('nested reduce: the inner loops are charged, so 10⁹ steps stop at the limit quickly', () => {
    const inner = { reduce: [{ var: 'xs' }, { '+': [{ var: 'accumulator' }, 1] }, 0] };
    // The scoped data of a reduce body is { current, accumulator }: the inner loops read a constant array.
    const arr = range(1000);
    const nested = { reduce: [arr, { '+': [{ var: 'accumulator' }, { reduce: [arr, { '+': [{ var: 'accumulator' }, { reduce: [arr, { '+': [{ var: 'accumulator' }, 1] }, 0] }] }, 0] }] }, 0] };
    const c = compilePack(pack([{ kind: 'value', name: 'n', expr: inner }, { kind: 'value', name: 'big', expr: nested }], ['n', 'big']));
    const t0 = Date.now();
    const e = budgetError(() => evaluate(c, env([1, 2, 3]), { budget: newBudget(1_000_000) }));
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(e.error.path).toBe('/rules/1');
    expect(e.error.message.en).toContain('/rules/1/expr/reduce/1/+/1/reduce/1/+/1/reduce');
  });

  it('map, filter, all, some, none and sum(map) are charged: all/some/none the items they looked at', () => {
    const f = (logic: unknown, data: unknown, steps: number) => {
      const cell = { b: newBudget(steps) };
      const fn = compileLogic(logic, cell).fn;
      const v = fn(data);
      return { v, used: steps - cell.b.steps };
    };
    const xs = range(10);
    expect(f({ map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] }, { xs }, 100)).toEqual({ v: xs.map((x) => x * 2), used: 10 });
    expect(f({ filter: [{ var: 'xs' }, { '>': [{ var: '' }, 4] }] }, { xs }, 100)).toEqual({ v: [5, 6, 7, 8, 9], used: 10 });
    expect(f({ all: [{ var: 'xs' }, { '<': [{ var: '' }, 3] }] }, { xs }, 100)).toEqual({ v: false, used: 4 });
    expect(f({ some: [{ var: 'xs' }, { '==': [{ var: '' }, 2] }] }, { xs }, 100)).toEqual({ v: true, used: 3 });
    expect(f({ none: [{ var: 'xs' }, { '>': [{ var: '' }, 100] }] }, { xs }, 100)).toEqual({ v: true, used: 10 });
    expect(f({ merge: [{ var: 'xs' }, { var: 'xs' }] }, { xs }, 100)).toEqual({ v: [...xs, ...xs], used: 20 });
    expect(() => f({ map: [{ var: 'xs' }, { var: '' }] }, { xs }, 9)).toThrow(BudgetExceededError);
  });

  it('sum(map) is charged on a rule', () => {
    const c = compilePack(pack([{ kind: 'value', name: 's', expr: { sum: { map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] } } }], ['s']));
    const b = newBudget(100);
    expect(evaluate(c, env(range(10)), { budget: b }).periods[0].results[0].outputs.s).toBe(90);
    expect(b.steps).toBe(90);
  });
});

describe('evaluation budget: string growth', () => {
  it('a cat doubling a string 40 times ends in BudgetExceeded, not Invalid string length', () => {
    const rules: object[] = [{ kind: 'value', name: 's0', expr: { cat: ['ab', { var: 'xs' }] } }];
    for (let i = 1; i <= 40; i++) rules.push({ kind: 'value', name: `s${i}`, expr: { cat: [{ var: `s${i - 1}` }, { var: `s${i - 1}` }] } });
    rules.push({ kind: 'value', name: 'len', expr: { count: [{ var: 's40' }] } });
    const c = compilePack(pack(rules, ['len']));
    const e = budgetError(() => evaluate(c, env([1]), { budget: newBudget(Infinity, 1_000_000) }));
    expect(e.error.kind).toBe('BudgetExceeded');
    // 'ab1' is 3 characters; rule k builds 3·2^k, and the sum passes 1,000,000 at s18 (rule 18).
    expect(e.error.path).toBe('/rules/18');
    expect(e.error.message.en).toContain('at most 1000000 characters');

  });

  it('substr charges what it returns', () => {
    const cell = { b: newBudget(Infinity, 5) };
    const fn = compileLogic({ substr: [{ var: 's' }, 0, 4] }, cell).fn;
    expect(fn({ s: 'abcdefgh' })).toBe('abcd');
    expect(cell.b.chars).toBe(1);
    expect(() => fn({ s: 'abcdefgh' })).toThrow(BudgetExceededError);
  });
});

describe('pack tests under a budget', () => {
  it('runPackTests throws BudgetExceeded instead of reporting a crashed case', () => {
    const p = pack([{ kind: 'value', name: 'n', expr: { reduce: [{ var: 'xs' }, { '+': [{ var: 'accumulator' }, 1] }, 0] } }], ['n']);
    (p as any).tests = [{ name: 't', input: env(range(50)), expect: [{ period: '2024', id: 's0', outputs: { n: 50 } }] }];
    expect(runPackTests(p).cases[0].problems).toEqual([]);
    expect(runPackTests(p, { budget: newBudget(50) }).passed).toBe(1);
    expect(() => runPackTests(p, { budget: newBudget(49) })).toThrow(BudgetExceededError);
  });
});
