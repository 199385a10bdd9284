import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { finalize, mergePartials, prepare, simulate, SimulationRun, type PartialState, type SimulationPlan } from '../../server/src/engine/simulate';
import type { Envelope, Pack } from '../../server/src/engine';
import { commonKey, decodeState, encodeState, planPartitions, rowStats, selectRows, unitsOf } from '../../server/src/simulations/partitions';
import { loadDemo, loadPack, ROOT } from './support';

/** The newest version of a shipped pack. */
function newest(id: string): Pack {
  const versions = readdirSync(join(ROOT, 'rule-packs', id))
    .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
    .map((f) => f.replace(/\.json$/, ''))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return loadPack(id, versions[versions.length - 1]);
}

/** What the split job stores: each partition evaluated alone, its state through text (as the table holds it), merged, finalised. */
function partitioned(plan: SimulationPlan, env: Envelope, size: number, rowsAtHand = true) {
  const p = prepare(plan);
  const counts = env.periods.map((q) => q.subjects.length);
  const split = planPartitions(p, { counts, rows: rowsAtHand ? rowStats(p, env, size) : undefined }, size);
  if (!split) return { split: null, result: null };
  const states: PartialState[] = split.partitions.map(({ spec }) => {
    const q = prepare(plan);
    const sub = spec.split === 'sides' ? { ...q, sides: spec.sides.map((i) => q.sides[i]) } : q;
    const run = new SimulationRun(sub);
    for (const u of unitsOf(selectRows(env, spec), q.mode, 50)) run.addUnit(u);
    return decodeState(encodeState(run.state()));
  });
  let merged: PartialState;
  if (split.by === 'sides') {
    merged = { baseline: states[0].baseline, variants: new Array(p.sides.length) };
    split.partitions.forEach(({ spec }, k) => (spec as { sides: number[] }).sides.forEach((side, j) => (merged.variants[side] = states[k].variants[j])));
  } else merged = mergePartials(p, states);
  return { split, result: JSON.parse(JSON.stringify(finalize(p, merged))) };
}

const whole = (plan: SimulationPlan, env: Envelope) => JSON.parse(JSON.stringify(simulate(plan, env)));

describe('the planner splits a simulation as its rules allow, and the merged partitions equal the whole', () => {
  it('subject rules only: slices of each period', () => {
    const pack = newest('rehab-member-stars');
    const env = loadDemo('rehab-member-stars');
    const [name, def] = Object.entries(pack.parameters).find(([, d]) => Array.isArray(d.value) && typeof (d.value as unknown[])[0] === 'number')!;
    const moved = (def.value as number[]).map((x, i) => (i === 1 ? x + 3 : x));
    const plan: SimulationPlan = { baseline: { pack }, variants: [{ name: 'v', parameters: { [name]: moved } }], sweep: null, options: { maxChanged: 7 } };
    const { split, result } = partitioned(plan, env, 40);
    expect(split!.by).toBe('slice');
    expect(split!.partitions.length).toBeGreaterThan(2);
    const expected = whole(plan, env);
    expect(expected.variants[0].changedCount).toBeGreaterThan(7);
    expect(result).toEqual(expected);
  });

  it('history rules only: buckets of subject ids (idBucket), every period of a subject together; changed lists in dataset order', () => {
    const pack = newest('rehab-branch-stars');
    const env = loadDemo('rehab-branch-stars');
    const plan: SimulationPlan = { baseline: { pack }, variants: [{ name: '4★ at 86', parameters: { starBands: [60, 70, 80, 86, 96] } }], options: { maxChanged: 25 } };
    const { split, result } = partitioned(plan, env, 200);
    expect(split!.by).toBe('ids');
    expect(split!.partitions.length).toBeGreaterThan(2);
    const expected = whole(plan, env);
    expect(expected.variants[0].changedCount).toBeGreaterThan(25);
    expect(result).toEqual(expected);
    // the order of the (truncated) changed list is the dataset's, as one process gives it
    expect(result.variants[0].changed.map((c: { id: string }) => c.id)).toEqual(expected.variants[0].changed.map((c: { id: string }) => c.id));
  });

  it('population rules that all group by one field (central-upgrade-classification: every rank per field): by that field', () => {
    const pack = newest('central-upgrade-classification');
    expect(commonKey([pack])).toBe('field');
    const env = loadDemo('central-upgrade-classification');
    const total = env.periods.reduce((n, q) => n + q.subjects.length, 0);
    const plan: SimulationPlan = { baseline: { pack }, variants: [{ name: 'same', parameters: {} }] };
    const { split, result } = partitioned(plan, env, Math.ceil(total / 3));
    expect(split!.by).toBe('key');
    expect(result).toEqual(whole(plan, env));
  });

  it('a district-wide quota (ouhai-commendation) cannot be split by committee; a sweep is split by its steps', () => {
    const pack = newest('ouhai-commendation');
    expect(commonKey([pack])).toBeNull();
    const env = loadDemo('ouhai-commendation');
    const total = env.periods.reduce((n, q) => n + q.subjects.length, 0);
    const param = Object.entries(pack.parameters).find(([, d]) => typeof d.value === 'number')![0];
    const v = pack.parameters[param].value as number;
    const plan: SimulationPlan = { baseline: { pack }, variants: [{ name: 'a', parameters: { [param]: v + 1 } }], sweep: { parameter: param, from: v, to: v + 3, step: 1 } };
    const { split, result } = partitioned(plan, env, Math.ceil(total / 2));
    expect(split!.by).toBe('sides');
    expect(result).toEqual(whole(plan, env));
  });

  it('population rules without history: by their common field (keqiao-five-good: per orgType), or whole periods when the rows are not at hand', () => {
    const pack = newest('keqiao-five-good');
    const env = loadDemo('keqiao-five-good');
    expect(prepare({ baseline: { pack }, variants: [] }).mode).toBe('periods');
    const total = env.periods.reduce((n, q) => n + q.subjects.length, 0);
    const plan: SimulationPlan = { baseline: { pack }, variants: [{ name: 'same', parameters: {} }] };
    const byKey = partitioned(plan, env, Math.ceil(total / 2));
    expect(byKey.split!.by).toBe('key');
    expect(byKey.result).toEqual(whole(plan, env));
    if (env.periods.length > 1) {
      const byPeriod = partitioned(plan, env, Math.ceil(total / env.periods.length), false);
      expect(byPeriod.split!.by).toBe('period');
      expect(byPeriod.result).toEqual(whole(plan, env));
    }
  });

  it('a dataset within the partition size is not split', () => {
    const pack = newest('rehab-branch-stars');
    const env = loadDemo('rehab-branch-stars');
    const p = prepare({ baseline: { pack }, variants: [] });
    expect(planPartitions(p, { counts: env.periods.map((q) => q.subjects.length), rows: rowStats(p, env, 1_000_000) }, 1_000_000)).toBeNull();
  });
});
