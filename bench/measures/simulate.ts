import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '../../server/src/engine';
import { SimulationPool } from '../../server/src/simulations/pool/pool';
import { loadPack, ROOT } from '../lib/packs';
import { fmt, median, nowMs } from '../lib/timing';
import { log } from '../lib/report';
import { MemorySampler } from '../lib/memory';

/**
 * Measurement 2: a policy simulation over n subjects with the server's worker pool (the same code
 * the simulations API runs): the dataset is generated inside the workers once (load), then the
 * baseline, one variant and the diff are run several times; the median run is the figure.
 */
export interface SimulationFigures {
  pack: string;
  subjects: number;
  workers: number;
  variant: string;
  loadMs: number;
  runMs: number[];
  medianRunMs: number;
  changed: number;
  peakRssMb: number;
  maxRssMb: number;
  harness: string;
}

export async function measureSimulation(n: number, runs: number): Promise<SimulationFigures> {
  const pack = loadPack('rehab-member-stars', '1.0.0');
  const demo = JSON.parse(readFileSync(join(ROOT, 'rule-packs', 'rehab-member-stars', 'demo.json'), 'utf8')) as Envelope;
  const variant = { name: 'four stars from 88', parameters: { starBands: [60, 70, 80, 88, 96] } };
  const mem = new MemorySampler();
  const pool = new SimulationPool(2);
  try {
    const loaded = await pool.load({ kind: 'synthetic', pack, demo, spec: { n, seed: 7, periods: ['2024'] } }, [pack]);
    log(`  simulation: ${loaded.subjects.toLocaleString('en')} subjects loaded into 2 workers in ${fmt(loaded.ms / 1000)} s (${loaded.units} units, ${loaded.mode})`);
    const times: number[] = [];
    let changed = 0;
    for (let r = 0; r < runs + 1; r++) {
      const t0 = nowMs();
      const res = await pool.run({ baseline: { pack }, variants: [variant] });
      const t = nowMs() - t0;
      changed = res.variants[0].changedCount;
      if (r > 0) times.push(t);
      log(`    ${r === 0 ? 'warm-up' : `run ${r}/${runs}`}: ${fmt(t, 0)} ms, ${changed.toLocaleString('en')} subjects changed`);
    }
    const m = mem.stop();
    return {
      pack: 'rehab-member-stars@1.0.0',
      subjects: loaded.subjects,
      workers: 2,
      variant: `${variant.name} (starBands ${JSON.stringify(variant.parameters.starBands)})`,
      loadMs: loaded.ms,
      runMs: times,
      medianRunMs: median(times),
      changed,
      peakRssMb: m.peakRssMb,
      maxRssMb: m.maxRssMb,
      harness: 'server/src/simulations/pool (SimulationPool, worker_threads) with server/src/engine/simulate',
    };
  } finally {
    mem.stop();
    await pool.close();
  }
}
