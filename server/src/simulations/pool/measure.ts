/**
 * `npx tsx server/src/simulations/pool/measure.ts [pack-id] [n] [threads]`: load n synthetic subject-periods
 * into the thread pool, then time baseline + one variant + diff three times; prints JSON figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimulationPool } from './pool';

async function main(): Promise<void> {
  const [id = 'rehab-member-stars', nArg = '1000000', threadsArg] = process.argv.slice(2);
  const dir = join(process.cwd(), 'rule-packs', id);
  const pack = JSON.parse(readFileSync(join(dir, '1.0.0.json'), 'utf8'));
  const demo = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8'));
  const pool = new SimulationPool(threadsArg ? Number(threadsArg) : undefined);
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const phase = (name: string) => process.stderr.write(`${name}: rss ${Math.round(process.memoryUsage.rss() / 1e6)} MB, peak so far ${Math.round(Math.max(peak, process.memoryUsage.rss()) / 1e6)} MB\n`);
  const loaded = await pool.load({ kind: 'synthetic', pack, demo, spec: { n: Number(nArg), seed: 1 } }, [pack]);
  const variant = pack.parameters.starBands ? { starBands: [60, 70, 80, 88, 96] } : {};
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  let changed = 0;
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  phase('loaded');
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const c0 = cpu();
    const res = await pool.run({ baseline: { pack }, variants: [{ name: 'variant', parameters: variant }], options: { maxChanged: 1000 } });
    runs.push(Math.round(performance.now() - t));
    cpuRuns.push(Math.round(cpu() - c0));
    changed = res.variants[0].changedCount;
    phase(`run ${r + 1}`);
  }
  clearInterval(sample);
  await pool.close();
  // RSS of this process includes the worker threads (they share the process).
  process.stdout.write(JSON.stringify({ pack: id, subjects: loaded.subjects, threads: pool.size, partition: loaded.mode, units: loaded.units, loadMs: Math.round(loaded.ms), runMs: runs, cpuMs: cpuRuns, changed, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), peakRssMB: Math.round(peak / 1e6) }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
