import { simulate, type SimulationPlan } from '../../server/src/engine/simulate';
import { SimulationCancelled, SimulationPool } from '../../server/src/simulations/pool/pool';
import { loadDemo, loadPack } from './support';

jest.setTimeout(120_000);

describe(SimulationPool.name, () => {
  let pool: SimulationPool;
  beforeAll(() => (pool = new SimulationPool(2)));
  afterAll(() => pool.close());

  it('history pack in id buckets over two threads: the same result as one thread', async () => {
    const pack = loadPack('rehab-branch-stars');
    const env = loadDemo('rehab-branch-stars');
    const plan: SimulationPlan = { baseline: { pack }, variants: [{ name: 'v', parameters: { starBands: [60, 70, 80, 88, 96] } }], sweep: { parameter: 'starBands.3', from: 86, to: 90, step: 1 } };
    const loaded = await pool.load({ kind: 'envelope', envelope: env }, [pack], 100);
    expect(loaded).toMatchObject({ subjects: 882, mode: 'ids' });
    expect(loaded.units).toBeGreaterThan(2);
    expect(await pool.run(plan)).toEqual(simulate(plan, env));
  });

  it('population + history pack: one piece on every thread, sweep steps spread over them, the same result', async () => {
    const pack = loadPack('ouhai-commendation');
    const env = loadDemo('ouhai-commendation');
    const plan: SimulationPlan = { baseline: { pack }, variants: [{ name: 'tight', parameters: { 'quota.level1': 10 } }], sweep: { parameter: 'quota.level1', from: 5, to: 50, step: 15 } };
    const loaded = await pool.load({ kind: 'envelope', envelope: env }, [pack]);
    expect(loaded).toMatchObject({ mode: 'whole', units: 1 });
    const res = await pool.run(plan);
    expect(res.sweep.map((r) => r.value)).toEqual([5, 20, 35, 50]);
    expect(res).toEqual(simulate(plan, env));
  });

  it('reports progress and stops on cancel without a result', async () => {
    const pack = loadPack('rehab-member-stars');
    await pool.load({ kind: 'synthetic', pack, demo: loadDemo('rehab-member-stars'), spec: { n: 200_000, seed: 2 } }, [pack]);
    const seen: number[] = [];
    const res = await pool.run({ baseline: { pack }, variants: [{ name: 'v', parameters: { satisfactionVeto: 0.9 } }] }, { onProgress: (f) => seen.push(f) });
    expect(res.baseline.subjects).toBe(200_000);
    expect(seen[seen.length - 1]).toBe(1);
    const abort = new AbortController();
    const run = pool.run({ baseline: { pack }, variants: [{ name: 'v', parameters: { satisfactionVeto: 0.9 } }] }, { signal: abort.signal, onProgress: () => abort.abort() });
    await expect(run).rejects.toBeInstanceOf(SimulationCancelled);
  });
});
