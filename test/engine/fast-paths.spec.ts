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

/** Group facts and summary figures are accumulated in one pass; here they meet a plain reading written out in the test. */
const FNS = ['count', 'countDistinct', 'sum', 'mean', 'min', 'max'] as const;
function aggregatePack(): Pack {
  const groupRules = FNS.flatMap((fn) => [
    { kind: 'group', name: `${fn}ByG`, fn, of: { var: 'a' }, groupBy: { var: 'g' }, where: { var: 'in' } },
    { kind: 'group', name: `${fn}All`, fn, of: { var: 'a' } },
  ]);
  return {
    id: 'aggregate-probe',
    version: '1.0.0',
    title: { 'zh-CN': '汇总', en: 'aggregate' },
    source: { document: 'none', title: 'none' },
    locality: { 'zh-CN': '测试', en: 'test' },
    period: 'year',
    subject: { kind: 'probe', label: { 'zh-CN': '探针', en: 'probe' } },
    input: {
      type: 'object',
      required: ['a', 'g', 'in'],
      properties: { a: { type: ['number', 'null'] }, g: { type: 'string' }, in: { type: 'boolean' } },
    },
    parameters: {},
    rules: groupRules,
    outputs: groupRules.map((r) => r.name),
    summary: [
      ...FNS.map((fn) => ({ kind: 'aggregate', name: `s_${fn}`, fn, of: { var: 'a' }, where: { var: 'in' } })),
      { kind: 'aggregate', name: 's_share', fn: 'share', where: { var: 'in' } },
    ],
  } as unknown as Pack;
}

/** The plain reading: `count` counts members, the others skip nulls; sums of tenths are exact decimals. */
function plain(fn: (typeof FNS)[number], xs: (number | null)[]): unknown {
  const nums = xs.filter((x): x is number => x !== null);
  const tenths = nums.reduce((s, x) => s + Math.round(x * 10), 0);
  switch (fn) {
    case 'count':
      return xs.length;
    case 'countDistinct':
      return new Set(xs.map((x) => (x === null ? 'null' : String(x)))).size;
    case 'sum':
      return tenths / 10;
    case 'mean':
      return nums.length ? Number((tenths / 10 / nums.length).toPrecision(15)) : null;
    case 'min':
      return nums.length ? Math.min(...nums) : null;
    case 'max':
      return nums.length ? Math.max(...nums) : null;
  }
}

describe('aggregates in one pass equal the plain reading', () => {
  const c = compilePack(aggregatePack());
  it('group facts (by group with a filter, and over the whole period) and summary figures, with nulls and decimal tenths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: fc.oneof(fc.integer({ min: -30, max: 30 }).map((t) => t / 10), fc.constant(null)), g: fc.constantFrom('x', 'y', 'z'), in: fc.boolean() }), { maxLength: 40 }),
        (rows) => {
          const env = { periods: [{ period: '2024', subjects: rows.map((r, i) => ({ id: `s${i}`, ...r })) }] };
          const out = evaluate(c, env).periods[0];
          const inRows = rows.filter((r) => r.in);
          out.results.forEach((res, i) => {
            for (const fn of FNS) {
              const members = inRows.filter((r) => r.g === rows[i].g);
              const empty = plain(fn, []);
              expect(res.outputs[`${fn}ByG`]).toEqual(members.length ? plain(fn, members.map((r) => r.a)) : empty);
              expect(res.outputs[`${fn}All`]).toEqual(plain(fn, rows.map((r) => r.a)));
            }
          });
          for (const fn of FNS) expect(out.summary[`s_${fn}`]).toEqual(plain(fn, inRows.map((r) => r.a)));
          expect(out.summary.s_share).toEqual(rows.length ? Number((inRows.length / rows.length).toPrecision(15)) : null);
          // The traced path reads the same.
          expect(evaluate(c, env, { trace: true }).periods[0].results.map((r) => r.outputs)).toEqual(out.results.map((r) => r.outputs));
        },
      ),
      { numRuns: 400 },
    );
  });
});
