import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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

// ---- `npm run bench -- simulate`: each size in a child process of its own, so its peak RSS is the simulation's ----

export interface ChildFigures {
  subjects: number;
  runs: number;
  loadMs: number;
  runMs: number[];
  /** CPU time of each run (process.cpuUsage: user + system, every thread). */
  cpuMs: number[];
  medianRunMs: number;
  medianCpuMs: number;
  changed: number;
  /** The kernel's high-water mark of the child's RSS (getrusage ru_maxrss): load and runs, workers included. */
  peakRssMb: number;
  /** RSS of the child once the pool is up and the packs compiled, before the dataset is loaded. */
  idleRssMb: number;
  load: number[];
}

const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** In the child: load n synthetic subjects into 2 workers, then warm-up (if asked) and `runs` timed runs. */
async function child(n: number, runs: number, warmup: boolean): Promise<ChildFigures> {
  // A bundled child lives in a temporary folder: the repository root comes by environment.
  const root = process.env.KP_BENCH_ROOT ?? ROOT;
  const pack = JSON.parse(readFileSync(join(root, 'rule-packs', 'rehab-member-stars', '1.0.0.json'), 'utf8'));
  const demo = JSON.parse(readFileSync(join(root, 'rule-packs', 'rehab-member-stars', 'demo.json'), 'utf8')) as Envelope;
  const variant = { name: 'four stars from 88', parameters: { starBands: [60, 70, 80, 88, 96] } };
  const pool = new SimulationPool(2);
  try {
    // Pool up and a tiny dataset run once: what the process holds before the dataset is the idle figure.
    await pool.load({ kind: 'synthetic', pack, demo, spec: { n: 100, seed: 7, periods: ['2024'] } }, [pack]);
    await pool.run({ baseline: { pack }, variants: [variant] });
    const idleRssMb = process.memoryUsage.rss() / 2 ** 20;
    const loaded = await pool.load({ kind: 'synthetic', pack, demo, spec: { n, seed: 7, periods: ['2024'] } }, [pack]);
    process.stderr.write(`    ${n.toLocaleString('en')} subjects loaded in ${fmt(loaded.ms / 1000, 1)} s (${loaded.units} units, ${loaded.mode}), load average ${loadavg()[0].toFixed(1)}\n`);
    const runMs: number[] = [];
    const cpuMs: number[] = [];
    let changed = 0;
    for (let r = warmup ? 0 : 1; r <= runs; r++) {
      const t0 = nowMs();
      const c0 = cpuNow();
      // The changed list capped as the API caps it (simulations.service.ts keeps 10,000; changedCount counts all).
      const res = await pool.run({ baseline: { pack }, variants: [variant], options: { maxChanged: 10_000 } });
      const t = nowMs() - t0;
      const c = cpuNow() - c0;
      changed = res.variants[0].changedCount;
      if (r > 0) {
        runMs.push(t);
        cpuMs.push(c);
      }
      process.stderr.write(`    ${r === 0 ? 'warm-up' : `run ${r}/${runs}`}: ${fmt(t / 1000, 2)} s (CPU ${fmt(c / 1000, 2)} s), ${changed.toLocaleString('en')} changed, load average ${loadavg()[0].toFixed(1)}\n`);
    }
    return {
      subjects: loaded.subjects,
      runs,
      loadMs: loaded.ms,
      runMs,
      cpuMs,
      medianRunMs: median(runMs),
      medianCpuMs: median(cpuMs),
      changed,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      idleRssMb,
      load: loadavg().map((x) => Number(x.toFixed(2))),
    };
  } finally {
    await pool.close();
  }
}

/**
 * Runs one size in a fresh child process and reads its figures. `compiled` (the default): this file and the
 * worker bundled to JavaScript with esbuild and run by plain node, as the server runs its build (`npm start`,
 * dist/…/sim-worker.js); otherwise under tsx, whose transpiler adds about 60 MB to the process and each worker.
 */
export function measureSimulationInChild(n: number, runs: number, warmup = true, compiled = true): Promise<ChildFigures> {
  let cmd: string[];
  let dir: string | null = null;
  if (compiled) {
    dir = mkdtempSync(join(tmpdir(), 'kp-bench-simulate-'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    esbuild.buildSync({
      entryPoints: [__filename, join(ROOT, 'server', 'src', 'simulations', 'pool', 'sim-worker.ts')],
      entryNames: '[name]',
      bundle: true,
      platform: 'node',
      target: 'node20',
      outdir: dir,
      logLevel: 'error',
    });
    cmd = [join(dir, 'simulate.js')];
  } else {
    cmd = [...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size') && a !== '--expose-gc'), __filename];
  }
  return new Promise((resolve, reject) => {
    const cp = spawn(process.execPath, [...cmd, '--child', String(n), String(runs), warmup ? 'warmup' : 'cold'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, KP_BENCH_ROOT: ROOT },
    });
    let out = '';
    cp.stdout.on('data', (d) => (out += String(d)));
    cp.on('error', reject);
    cp.on('exit', (code) => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`simulation child for ${n} subjects exited with ${code}`));
      resolve(JSON.parse(line) as ChildFigures);
    });
  });
}

/** The last line of `npm run bench -- simulate`. */
export function simulateLine(figs: ChildFigures[]): string {
  return `simulate: ${figs.map((f) => `${f.subjects.toLocaleString('en')} subjects in ${fmt(f.medianRunMs / 1000, 2)} s, peak ${fmt(f.peakRssMb, 0)} MB`).join('; ')}`;
}

const at = process.argv.indexOf('--child');
if (at > 0) {
  const [n, runs, warm] = process.argv.slice(at + 1);
  child(Number(n), Number(runs), warm === 'warmup').then(
    (f) => {
      process.stdout.write(`${JSON.stringify(f)}\n`);
      process.exit(0);
    },
    (e) => {
      process.stderr.write(`${e?.stack ?? e}\n`);
      process.exit(1);
    },
  );
}
