import fc from 'fast-check';
import { compilePack, evaluate, Pack } from '../../server/src/engine';
import { probePack } from '../support/fixtures';

/** The untraced path takes shortcuts (typed-array ranks); the traced path is the plain reading. They must agree. */
function rankPack(method: 'standard' | 'ordinal' | 'dense', orders: ('asc' | 'desc')[], grouped: boolean): Pack {
  return probePack('rank-probe', {
    input: {
      type: 'object',
      required: ['a', 'b', 'g'],
      properties: { a: { type: ['number', 'null'] }, b: { type: 'number' }, g: { type: 'string' } },
    },
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
  });
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
  return probePack('aggregate-probe', {
    input: {
      type: 'object',
      required: ['a', 'g', 'in'],
      properties: { a: { type: ['number', 'null'] }, g: { type: 'string' }, in: { type: 'boolean' } },
    },
    rules: groupRules,
    outputs: groupRules.map((r) => r.name),
    summary: [
      ...FNS.map((fn) => ({ kind: 'aggregate', name: `s_${fn}`, fn, of: { var: 'a' }, where: { var: 'in' } })),
      { kind: 'aggregate', name: 's_share', fn: 'share', where: { var: 'in' } },
    ],
  });
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

/** History steps read earlier periods by position when the ids line up, by id otherwise; either way, the plain reading. */
describe('history look-ups by position or by id equal the plain reading', () => {
  const pack = probePack('history-probe', {
    period: 'quarter',
    input: { type: 'object', required: ['x'], properties: { x: { type: 'integer' } } },
    rules: [
      { kind: 'value', name: 'v', expr: { var: 'x' } },
      { kind: 'value', name: 'flag', expr: { '>': [{ var: 'x' }, 0] } },
      { kind: 'consecutive', name: 'run', when: { var: 'flag' } },
      { kind: 'windowCount', name: 'cnt', when: { var: 'flag' }, window: { periods: 3 } },
      { kind: 'previous', name: 'prev', of: 'v' },
      { kind: 'movement', name: 'mv', of: 'v' },
    ],
    outputs: ['v', 'flag', 'run', 'cnt', 'prev', 'mv'],
  });
  const c = compilePack(pack);
  const QUARTERS = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'];
  const ids = ['a', 'b', 'c', 'd', 'e'];

  it('consecutive, windowCount, previous and movement over periods whose subjects come and go and change order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.shuffledSubarray(ids), fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 5, maxLength: 5 })), { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        (periods, asPrior) => {
          const xs = periods.map(([present, values]) => new Map(present.map((id) => [id, values[ids.indexOf(id)]])));
          const env = periods.map(([present], k) => ({ period: QUARTERS[k], subjects: present.map((id) => ({ id, x: xs[k].get(id)! })) }));
          // Either all four periods in one input, or the first three as stored results and the last evaluated.
          let last;
          if (asPrior) {
            const stored = evaluate(c, { periods: env.slice(0, 3) }).periods.map((p) => ({ period: p.period, subjects: [...p.results].reverse() as { id: string; outputs: Record<string, unknown> }[] }));
            last = evaluate(c, { periods: [env[3]] }, { prior: stored }).periods[0];
          } else last = evaluate(c, { periods: env }).periods[3];
          const k = 3;
          for (const r of last.results) {
            const id = r.id as string;
            const flagAt = (q: number) => xs[q].has(id) && xs[q].get(id)! > 0;
            let run = 0;
            for (let q = k; q >= 0 && flagAt(q); q--) run++;
            let cnt = 0;
            for (let q = k - 2; q <= k; q++) if (flagAt(q)) cnt++;
            const prev = xs[k - 1].has(id) ? xs[k - 1].get(id)! : null;
            const now = xs[k].get(id)!;
            const mv = prev === null ? 'new' : now > prev ? 'up' : now < prev ? 'down' : 'same';
            expect(r.outputs).toEqual({ v: now, flag: now > 0, run, cnt, prev, mv });
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
