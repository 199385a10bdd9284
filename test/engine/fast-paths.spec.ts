import fc from 'fast-check';
import { compilePack, evaluate, Pack } from '../../server/src/engine';

/** The untraced path takes shortcuts (typed-array ranks); the traced path is the plain reading. They must agree. */
function rankPack(method: 'standard' | 'ordinal' | 'dense', orders: ('asc' | 'desc')[], grouped: boolean): Pack {
  return {
    id: 'rank-probe',
    version: '1.0.0',
    title: { 'zh-CN': '排名', en: 'rank' },
    source: { document: 'none', title: 'none' },
    locality: { 'zh-CN': '测试', en: 'test' },
    period: 'year',
    subject: { kind: 'probe', label: { 'zh-CN': '探针', en: 'probe' } },
    input: {
      type: 'object',
      required: ['a', 'b', 'g'],
      properties: { a: { type: ['number', 'null'] }, b: { type: 'number' }, g: { type: 'string' } },
    },
    parameters: {},
    rules: [
      {
        kind: 'rank',
        name: 'rank',
        by: orders.map((o, i) => ({ expr: { var: i === 0 ? 'a' : 'b' }, order: o })),
        method,
        ...(grouped ? { groupBy: { var: 'g' } } : {}),
      },
    ],
    outputs: ['rank'],
  } as Pack;
}

describe('fast paths equal the traced reading', () => {
  it('ranks: every method, one or two keys, with ties, groups, -0, nulls and ids that sort as strings', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('standard', 'ordinal', 'dense') as fc.Arbitrary<'standard' | 'ordinal' | 'dense'>,
        fc.array(fc.constantFrom('asc', 'desc') as fc.Arbitrary<'asc' | 'desc'>, { minLength: 1, maxLength: 2 }),
        fc.boolean(),
        fc.array(fc.record({ a: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(-0, 0.5), fc.constant(null)), b: fc.integer({ min: 0, max: 2 }), g: fc.constantFrom('x', 'y') }), { minLength: 1, maxLength: 30 }),
        (method, orders, grouped, rows) => {
          const c = compilePack(rankPack(method, orders, grouped));
          const env = { periods: [{ period: '2024', subjects: rows.map((r, i) => ({ id: `s${i}`, ...r })) }] };
          const fast = evaluate(c, env).periods[0].results.map((r) => r.outputs.rank);
          const traced = evaluate(c, env, { trace: true }).periods[0].results.map((r) => r.outputs.rank);
          expect(fast).toEqual(traced);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
