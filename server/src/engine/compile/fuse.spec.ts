import fc from 'fast-check';
import { compilePack, evaluate } from '..';
import type { Pack } from '../types';
import type { PeriodCtx, Rec, Subject } from './context';
import { History } from '../evaluate/history';

/**
 * Records are the output objects; values that are not outputs live in per-period columns; the untraced runner
 * fuses subject-by-subject steps into passes and splits whole-period ranks and groups around them. All of it must
 * read exactly as the traced path (the steps one by one, the plain summary).
 */
function pack(): Pack {
  return {
    id: 'fuse-probe',
    version: '1.0.0',
    title: { 'zh-CN': '探针', en: 'probe' },
    source: { document: 'none', title: 'none' },
    locality: { 'zh-CN': '测试', en: 'test' },
    period: 'quarter',
    subject: { kind: 'probe', label: { 'zh-CN': '探针', en: 'probe' } },
    input: {
      type: 'object',
      required: ['a', 'b', 'g'],
      properties: { a: { type: ['number', 'null'] }, b: { type: 'integer' }, g: { type: 'string' } },
    },
    parameters: {},
    rules: [
      // `hidden` is not an output: read by a later segment, a rank key, a group and the summary (a column).
      { kind: 'value', name: 'hidden', expr: { '*': [{ var: 'b' }, 2] } },
      { kind: 'value', name: 'shown', expr: { '+': [{ var: 'hidden' }, 1] } },
      { kind: 'rank', name: 'rankAll', by: [{ expr: { var: 'a' }, order: 'desc' }], method: 'standard' },
      { kind: 'rank', name: 'rankTwo', by: [{ expr: { var: 'hidden' }, order: 'asc' }, { expr: { var: 'b' }, order: 'desc' }], method: 'ordinal' },
      { kind: 'rank', name: 'rankByG', by: [{ expr: { var: 'hidden' }, order: 'desc' }], groupBy: { var: 'g' }, method: 'dense' },
      { kind: 'group', name: 'maxRank', fn: 'max', of: { var: 'rankTwo' } },
      { kind: 'group', name: 'sumHidden', fn: 'sum', of: { var: 'hidden' }, where: { '>': [{ var: 'b' }, 0] } },
      { kind: 'group', name: 'count', fn: 'count' },
      { kind: 'value', name: 'last', expr: { 'and': [{ '==': [{ var: 'rankTwo' }, { var: 'maxRank' }] }, { '==': [{ var: 'rankTwo' }, { var: 'count' }] }] } },
      { kind: 'value', name: 'flag', expr: { '>': [{ var: 'b' }, 1] } },
      { kind: 'consecutive', name: 'run', when: { var: 'flag' } },
      { kind: 'windowCount', name: 'lastCount', when: { var: 'last' }, window: { calendarYear: true } },
      { kind: 'value', name: 'long', expr: { '>=': [{ var: 'run' }, 2] } },
    ],
    outputs: ['long', 'rankAll', 'shown', 'rankTwo', 'rankByG', 'sumHidden', 'count', 'last', 'flag', 'run', 'lastCount'],
    summary: [
      { kind: 'aggregate', name: 'hiddenTotal', fn: 'sum', of: { var: 'hidden' } },
      { kind: 'aggregate', name: 'lastN', fn: 'count', where: { var: 'last' } },
      { kind: 'aggregate', name: 'meanA', fn: 'mean', of: { var: 'a' }, round: 2 },
      { kind: 'countBy', name: 'byRun', by: [{ var: 'run' }], keys: [[0, 1, 2, 3]] },
      { kind: 'countBy', name: 'byGFlag', by: [{ var: 'g' }, { var: 'flag' }] },
      { kind: 'value', name: 'twice', expr: { '*': [{ var: 'lastN' }, 2] } },
    ],
  } as unknown as Pack;
}

const QUARTERS = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'];

describe('records as output objects, fused passes', () => {
  const c = compilePack(pack());
  const row = fc.record({ a: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(0.5), fc.constant(null)), b: fc.integer({ min: 0, max: 3 }), g: fc.constantFrom('x', 'y') });

  it('equal the traced path: outputs (keys in the pack order, nothing else), summaries, over periods', () => {
    fc.assert(
      fc.property(fc.array(fc.array(row, { minLength: 0, maxLength: 12 }), { minLength: 1, maxLength: 4 }), (periods) => {
        const env = { periods: periods.map((rows, p) => ({ period: QUARTERS[p], subjects: rows.map((r, i) => ({ id: `s${(i * 7 + p) % 13}x${i}`, ...r })) })) };
        const fast = evaluate(c, env);
        const traced = evaluate(c, env, { trace: true });
        fast.periods.forEach((p, k) => {
          expect(p.summary).toEqual(traced.periods[k].summary);
          p.results.forEach((r, i) => {
            expect(Object.keys(r.outputs)).toEqual(c.outputs);
            expect(r.outputs).toEqual(traced.periods[k].results[i].outputs);
            expect(r.id).toBe(env.periods[k].subjects[i].id);
          });
        });
      }),
      { numRuns: 150 },
    );
  });

  it('the output objects carry no hidden values, and a trace still explains every output', () => {
    const env = { periods: [{ period: '2024-Q1', subjects: [{ id: 'p', a: 1, b: 2, g: 'x' }, { id: 'q', a: null, b: 0, g: 'y' }] }] };
    const out = evaluate(c, env, { trace: true }).periods[0];
    for (const r of out.results) {
      expect(JSON.stringify(r.outputs)).not.toContain('hidden');
      const traced = new Set(r.trace!.map((t) => t.rule));
      for (const o of c.outputs) expect(traced.has(o)).toBe(true);
    }
    expect(out.results[0].trace!.find((t) => t.rule === 'shown')!.values).toEqual({ hidden: 4 });
  });

  it('callers that run the steps themselves still get records with the id and every output by name', () => {
    const subjects = [{ id: 'p', a: 1, b: 2, g: 'x' }, { id: 'q', a: 2, b: 3, g: 'y' }] as Subject[];
    const ctx: PeriodCtx = { period: '2024-Q1', subjects, records: new Array<Rec>(2), traces: null, scopes: {}, history: new History(), state: {}, hits: null };
    for (const step of c.steps) step.run(ctx);
    const want = evaluate(c, { periods: [{ period: '2024-Q1', subjects }] }).periods[0].results;
    ctx.records.forEach((r, i) => {
      expect(r.id).toBe(subjects[i].id);
      for (const o of c.outputs) expect(r[o]).toEqual(want[i].outputs[o]);
    });
  });
});
