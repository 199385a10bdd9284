import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePack, evaluate } from '..';
import type { Envelope, Pack } from '../types';
import { finalize, SimulationRun, simulate } from './run';
import { partition, partitionMode } from './partition';
import { prepare, type SimulationPlan } from './plan';

const root = join(__dirname, '..', '..', '..', '..', 'rule-packs');
const pack = (id: string): Pack => JSON.parse(readFileSync(join(root, id, '1.0.0.json'), 'utf8'));
const demo = (id: string): Envelope => JSON.parse(readFileSync(join(root, id, 'demo.json'), 'utf8'));

function runWith(plan: SimulationPlan, env: Envelope, mode: ReturnType<typeof partitionMode>, target: number) {
  const p = prepare(plan);
  const run = new SimulationRun(p);
  for (const u of partition(env, mode, target)) run.addUnit(u);
  return finalize(p, run.state());
}

describe('simulate', () => {
  it('chooses the partition each pack needs', () => {
    expect(partitionMode([pack('rehab-member-stars')])).toBe('subjects');
    expect(partitionMode([pack('rehab-branch-stars')])).toBe('ids');
    expect(partitionMode([pack('ouhai-commendation')])).toBe('whole');
  });

  it('history packs give the same result in id buckets as in one piece, and a wrong split would not', () => {
    const plan: SimulationPlan = { baseline: { pack: pack('rehab-branch-stars') }, variants: [{ name: 'v', parameters: { starBands: [60, 70, 80, 88, 96] } }] };
    const env = demo('rehab-branch-stars');
    const whole = simulate(plan, env);
    const buckets = runWith(plan, env, 'ids', 50);
    expect(buckets).toEqual(whole);
    // Slices of single periods lose the earlier years: the sustained-4★ bonus goes missing.
    const wrong = runWith(plan, env, 'subjects', 50);
    expect(wrong.variants[0].distributions.fourStarYears).not.toEqual(whole.variants[0].distributions.fourStarYears);
  });

  it('subject-only packs give the same result in slices of 37 as in one piece', () => {
    const plan: SimulationPlan = { baseline: { pack: pack('rehab-member-stars') }, variants: [{ name: 'v', parameters: { satisfactionVeto: 0.85 } }] };
    const env = demo('rehab-member-stars');
    expect(runWith(plan, env, 'subjects', 37)).toEqual(simulate(plan, env));
  });

  it('counts the nominations each quota refused, per side, as the quota outputs show', () => {
    const p = pack('ouhai-commendation');
    const env = demo('ouhai-commendation');
    const res = simulate({ baseline: { pack: p }, variants: [{ name: 'tight', parameters: { 'quota.level1': 5, 'quota.committeeShare': 0.01 } }] }, env);
    const refused = (overrides?: Record<string, unknown>) => {
      const counts: Record<string, number> = { collective: 0, level1: 0, committee: 0 };
      for (const per of evaluate(compilePack(p, overrides), env).periods) for (const r of per.results) if (r.outputs.quotaBlocked) counts[r.outputs.quotaBlocked as string]++;
      return counts;
    };
    const rule = Object.keys(res.baseline.quotaPressure)[0];
    expect(res.baseline.quotaPressure[rule]).toEqual(refused());
    expect(res.variants[0].quotaPressure[rule]).toEqual(refused({ 'quota.level1': 5, 'quota.committeeShare': 0.01 }));
    expect(res.variants[0].summary.quotaRefused.level1).toBeGreaterThan(res.baseline.summary.quotaRefused.level1);
  });

  it('breaks the comparison down by the pack scope ref', () => {
    const p = pack('ouhai-commendation');
    const env = demo('ouhai-commendation');
    const res = simulate({ baseline: { pack: p }, variants: [{ name: 'tight', parameters: { 'quota.committeeShare': 0.01 } }] }, env);
    const b = res.variants[0].breakdown!;
    expect(b.by).toBe('committee');
    const perCommittee: Record<string, number> = {};
    for (const per of env.periods) for (const s of per.subjects) perCommittee[String(s.committee)] = (perCommittee[String(s.committee)] ?? 0) + 1;
    expect(Object.fromEntries(Object.entries(b.groups).map(([k, g]) => [k, g.subjects]))).toEqual(perCommittee);
    expect(Object.values(b.groups).reduce((n, g) => n + g.changed, 0)).toBe(res.variants[0].changedCount);
  });

  it('compares another pack version as a variant', () => {
    const p = pack('rehab-branch-stars');
    const next: Pack = { ...p, version: '1.1.0', parameters: { ...p.parameters, satisfactionVeto: { ...p.parameters.satisfactionVeto, value: 0.9 } } };
    const res = simulate({ baseline: { pack: p }, variants: [{ name: '', pack: next }] }, demo('rehab-branch-stars'));
    expect(res.variants[0].name).toBe('rehab-branch-stars@1.1.0');
    expect(res.variants[0].pack).toEqual({ id: 'rehab-branch-stars', version: '1.1.0' });
    expect(res.variants[0].transitions.vetoed.true).toEqual({ true: res.baseline.distributions.vetoed.true });
  });
});
