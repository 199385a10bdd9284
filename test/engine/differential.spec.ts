import fc from 'fast-check';
import { compileLogic, compilePack, evaluate, Pack } from '../../server/src/engine';
import { outcome, reference } from './support';

const jl = reference();

/** Expressions and data where json-logic-js has opinions worth pinning, including its quirks. */
const CORPUS: [unknown, unknown][] = [
  [{ '==': [1, 1] }, null],
  [{ '==': [1, '1'] }, null],
  [{ '===': [1, '1'] }, null],
  [{ '!=': [0, false] }, null],
  [{ '==': [null, 0] }, null],
  [{ '<': [null, 1] }, null],
  [{ '>': [null, -1] }, null],
  [{ '<=': [null, 0] }, null],
  [{ '<': [1, 2, 3] }, null],
  [{ '<': [1, 1, 3] }, null],
  [{ '<=': [1, 1, 3] }, null],
  [{ '!': [[]] }, null],
  [{ '!!': [[]] }, null],
  [{ '!!': [[0]] }, null],
  [{ '!!': ['0'] }, null],
  [{ '!!': [''] }, null],
  [{ if: [[], 'yes', 'no'] }, null],
  [{ if: [[1], 'yes', 'no'] }, null],
  [{ if: [] }, null],
  [{ if: [true] }, null],
  [{ if: [false, 1] }, null],
  [{ if: [false, 1, false, 2, 3] }, null],
  [{ and: [1, [], 2] }, null],
  [{ or: [0, [], ''] }, null],
  [{ or: [0, 'a'] }, null],
  [{ and: [true, 'x', 3] }, null],
  [{ '+': ['1', 2] }, null],
  [{ '+': ['1.5', '2.5'] }, null],
  [{ '+': ['abc'] }, null],
  [{ '*': ['2', '3'] }, null],
  [{ '-': [5] }, null],
  [{ '-': ['5', 2] }, null],
  [{ '/': [1, 0] }, null],
  [{ '%': [7, 3] }, null],
  [{ '%': [-7, 3] }, null],
  [{ max: [1, 5, 3] }, null],
  [{ max: ['3', 2] }, null],
  [{ in: ['a', 'abc'] }, null],
  [{ in: [2, [1, 2, 3]] }, null],
  [{ in: ['x', null] }, null],
  [{ cat: ['a', 1, null, true] }, null],
  [{ cat: [[1, 2]] }, null],
  [{ substr: ['jsonlogic', 4] }, null],
  [{ substr: ['jsonlogic', -5] }, null],
  [{ substr: ['jsonlogic', 1, 3] }, null],
  [{ substr: ['jsonlogic', 4, -2] }, null],
  [{ merge: [[1, 2], 3, [[4]]] }, null],
  [{ var: 'a' }, { a: 1 }],
  [{ var: 'a.b' }, { a: { b: [1, 2] } }],
  [{ var: 'a.1' }, { a: [5, 6] }],
  [{ var: 'missing' }, { a: 1 }],
  [{ var: ['missing', 7] }, { a: 1 }],
  [{ var: ['a', 7] }, { a: null }],
  [{ var: ['a', 7] }, { a: 0 }],
  [{ var: '' }, { a: 1 }],
  [{ var: [] }, 5],
  [{ var: 1 }, ['x', 'y']],
  [{ var: 'a.b.c' }, { a: null }],
  [{ var: { cat: ['a', '.b'] } }, { a: { b: 3 } }],
  [{ missing: ['a', 'b'] }, { a: 1 }],
  [{ missing: [['a', 'b']] }, { b: '' }],
  [{ missing_some: [1, ['a', 'b', 'c']] }, { a: 1 }],
  [{ missing_some: [2, ['a', 'b', 'c']] }, { a: 1 }],
  [{ map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] }, { xs: [1, 2, 3] }],
  [{ map: [{ var: 'nope' }, { var: '' }] }, {}],
  [{ filter: [{ var: 'xs' }, { '>': [{ var: '' }, 1] }] }, { xs: [1, 2, 3] }],
  [{ reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }, { xs: [1, 2, 3] }],
  [{ reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }] }, { xs: [1, 2, 3] }],
  [{ all: [[], { '>': [{ var: '' }, 0] }] }, null],
  [{ all: [[1, 2], { '>': [{ var: '' }, 0] }] }, null],
  [{ some: [[], { '>': [{ var: '' }, 0] }] }, null],
  [{ some: [[-1, 2], { '>': [{ var: '' }, 0] }] }, null],
  [{ none: [[], { '>': [{ var: '' }, 0] }] }, null],
  [{ none: [[-1, -2], { '>': [{ var: '' }, 0] }] }, null],
  [{ all: [{ var: 'ps' }, { '>=': [{ var: 'score' }, 60] }] }, { ps: [{ score: 60 }, { score: 61 }] }],
  [{ round: [2.675, 2] }, null],
  [{ round: [{ '+': [{ '*': [0.1, 54] }, { '*': [0.3, 58] }, { '*': [0.6, 62] }] }, 2] }, null],
  [{ round: [-1.005, 2] }, null],
  [{ round: [91.505, 2] }, null],
  [{ sum: [[1, 2, 3.5]] }, null],
  [{ mean: [[80, 90]] }, null],
  [{ mean: [[]] }, null],
  [{ count: [[1, 2]] }, null],
  [{ floor: [-1.5] }, null],
  [{ ceil: [1.2] }, null],
  [{ abs: [-3] }, null],
  [{ sum: [{ map: [{ var: 'xs' }, { var: 'v' }] }] }, { xs: [{ v: 1 }, { v: 2.5 }] }],
  [{ mean: [{ map: [{ var: 'xs' }, { var: 'v' }] }] }, { xs: [] }],
];

describe('compiled JSON Logic equals json-logic-js', () => {
  it.each(CORPUS.map((c, i) => [i, JSON.stringify(c[0]), c[0], c[1]]))('corpus #%i %s', (_i, _s, logic, data) => {
    const c = compileLogic(logic);
    expect(c.errors).toEqual([]);
    expect(outcome(() => c.fn(data))).toEqual(outcome(() => jl.apply(logic as any, data as any)));
  });

  it('pins the decimal-rounding case of SCHEMES.md: 0.1×54 + 0.3×58 + 0.6×62 rounds to 60', () => {
    const c = compileLogic({ round: [{ '+': [{ '*': [0.1, 54] }, { '*': [0.3, 58] }, { '*': [0.6, 62] }] }, 2] });
    expect(c.fn(null)).toBe(60);
  });

  it('refuses degenerate arities that json-logic-js would silently accept', () => {
    expect(compileLogic({ '+': [] }).errors[0]).toMatchObject({ kind: 'BadArity', path: '/+' });
    expect(compileLogic({ min: [] }).errors[0]).toMatchObject({ kind: 'BadArity', path: '/min' });
    expect(compileLogic({ '/': [1] }).errors[0]).toMatchObject({ kind: 'BadArity', path: '/~1' });
  });

  it('refuses method and log, and __proto__/constructor/prototype paths', () => {
    expect(compileLogic({ method: ['abc', 'toUpperCase'] }).errors[0]).toMatchObject({ kind: 'ForbiddenOperator', path: '/method' });
    expect(compileLogic({ log: [1] }).errors[0]).toMatchObject({ kind: 'ForbiddenOperator', path: '/log' });
    expect(compileLogic({ var: '__proto__.polluted' }).errors[0]).toMatchObject({ kind: 'ForbiddenPath', path: '/var' });
    expect(compileLogic({ var: ['a.constructor', 1] }).errors[0]).toMatchObject({ kind: 'ForbiddenPath', path: '/var/0' });
    expect(compileLogic({ '+': [1, { var: 'x.prototype' }] }).errors[0]).toMatchObject({ kind: 'ForbiddenPath', path: '/+/1/var' });
    // A computed path is checked at run time: it reads nothing.
    const dyn = compileLogic({ var: { cat: ['__pro', 'to__'] } });
    expect(dyn.fn({})).toBeNull();
  });
});

// Random expressions over a small grammar, with json-logic-js's loose typing in play.
const leaf = fc.oneof(
  fc.integer({ min: -5, max: 100 }),
  fc.constantFrom(0.1, 0.5, 2.5, -0.5, 59.99, 60),
  fc.boolean(),
  fc.constantFrom('', '0', '1', '2.5', 'a', 'abc'),
  fc.constant(null),
  fc.constantFrom({ var: 'a' }, { var: 'b' }, { var: 'c' }, { var: 'p' }, { var: 's' }, { var: 'xs' }, { var: 'o.k' }, { var: ['nope', 3] }),
);

const expr: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  e: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('node')),
  node: fc.oneof(
    fc.tuple(fc.constantFrom('+', '*', 'min', 'max', 'and', 'or', 'cat', 'merge'), fc.array(tie('e'), { minLength: 1, maxLength: 4 })).map(([op, a]) => ({ [op]: a })),
    fc.tuple(fc.constantFrom('-', '/', '%', '==', '!=', '===', '!==', '<', '<=', '>', '>=', 'in'), tie('e'), tie('e')).map(([op, a, b]) => ({ [op]: [a, b] })),
    fc.tuple(fc.constantFrom('<', '<='), tie('e'), tie('e'), tie('e')).map(([op, a, b, c]) => ({ [op]: [a, b, c] })),
    fc.tuple(fc.constantFrom('!', '!!', '-'), tie('e')).map(([op, a]) => ({ [op]: [a] })),
    fc.array(tie('e'), { minLength: 0, maxLength: 5 }).map((a) => ({ if: a })),
    fc.tuple(fc.constantFrom('map', 'filter', 'all', 'some', 'none'), fc.constantFrom({ var: 'xs' }, [1, 2, 3], []), fc.constantFrom({ '>': [{ var: '' }, 1] }, { '*': [{ var: '' }, 2] }, { var: '' })).map(([op, a, f]) => ({ [op]: [a, f] })),
    fc.tuple(fc.constantFrom('round', 'floor', 'ceil', 'abs'), tie('e')).map(([op, a]) => ({ [op]: [a] })),
    fc.tuple(fc.constantFrom('sum', 'mean', 'count'), fc.constantFrom({ var: 'xs' }, [1, 2.5], [])).map(([op, a]) => ({ [op]: [a] })),
  ),
})).e;

const data = fc.record({
  a: fc.oneof(fc.integer({ min: -10, max: 100 }), fc.double({ min: -100, max: 100, noNaN: true })),
  b: fc.integer({ min: 0, max: 20 }),
  c: fc.constantFrom(0, 0.1, 0.2, 0.3, 90),
  p: fc.boolean(),
  s: fc.constantFrom('', 'a', '10', 'front'),
  xs: fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 4 }),
  o: fc.record({ k: fc.oneof(fc.integer(), fc.constant(null)) }),
});

describe('random expressions (fast-check)', () => {
  it('generic compiled code agrees with json-logic-js on random expressions and data', () => {
    fc.assert(
      fc.property(expr, data, (logic, d) => {
        const c = compileLogic(logic);
        expect(c.errors).toEqual([]);
        expect(outcome(() => c.fn(d))).toEqual(outcome(() => jl.apply(logic as any, d)));
      }),
      { numRuns: 3000 },
    );
  });

  /** The pack path uses static types from the input schema: it must still agree with the reference. */
  const typedPack = (logic: unknown): Pack => ({
    id: 'diff-probe',
    version: '1.0.0',
    title: { 'zh-CN': '差分', en: 'differential' },
    source: { document: 'none', title: 'none' },
    locality: { 'zh-CN': '测试', en: 'test' },
    period: 'year',
    subject: { kind: 'probe', label: { 'zh-CN': '探针', en: 'probe' } },
    input: {
      type: 'object',
      required: ['a', 'b', 'c', 'p', 's', 'xs', 'o'],
      properties: {
        a: { type: 'number' },
        b: { type: 'integer' },
        c: { type: 'number' },
        p: { type: 'boolean' },
        s: { type: 'string' },
        xs: { type: 'array', items: { type: 'integer' } },
        o: { type: 'object', required: ['k'], properties: { k: { type: ['integer', 'null'] } } },
      },
    },
    parameters: {},
    rules: [{ kind: 'value', name: 'out', expr: logic }],
    outputs: ['out'],
  });

  it('compiled packs (typed fast path) agree with json-logic-js', () => {
    fc.assert(
      fc.property(
        expr.filter((l) => !JSON.stringify(l).includes('"nope"')),
        data,
        (logic, d) => {
          const c = compilePack(typedPack(logic));
          const got = outcome(() => evaluate(c, { periods: [{ period: '2024', subjects: [{ id: 'x', ...d }] }] }).periods[0].results[0].outputs.out);
          const want = outcome(() => jl.apply(logic as any, d));
          // An output that json-logic-js computes as undefined is reported as absent (undefined) too.
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
