/**
 * `node --expose-gc --import tsx server/src/simulations/pool/compare.ts [pack-id] [n] [rounds]`: the row and
 * the columnar path of SimulationRun on the same engine, in this one thread — `addUnit` on row units against
 * `addColumnUnit` on the same units as columns (baseline + one variant + diff, `maxChanged` 1,000), rounds
 * alternating which goes first, a full collection before each run; prints each run's CPU time (this thread,
 * collector included) and checks both results are the same JSON.
 */
import { join } from 'node:path';
import { Session } from 'node:inspector';
import { readFileSync, writeFileSync } from 'node:fs';
import { compilePack, validateEnvelope, type Envelope, type Pack } from '../../engine';
import { finalize, partition, prepare, SimulationRun, toColumnUnit, UNIT_TARGET, type SimulationPlan } from '../../engine/simulate';
import { SyntheticGenerator } from '../../datasets/synthetic';

const [id = 'rehab-member-stars', nArg = '200000', roundsArg = '6'] = process.argv.slice(2);
const dir = join(process.cwd(), 'rule-packs', id);
const pack = JSON.parse(readFileSync(join(dir, '1.0.0.json'), 'utf8')) as Pack;
const demo = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as Envelope;
const g = new SyntheticGenerator(pack, demo, { n: Number(nArg), seed: 7, periods: demo.periods.length > 1 ? undefined : [demo.periods[0].period] });
const env: Envelope = { periods: g.periods.map((_, p) => g.period(p)) };
const errors = validateEnvelope(compilePack(pack), env);
if (errors.length) throw new Error(JSON.stringify(errors.slice(0, 3)));
const plan: SimulationPlan = {
  baseline: { pack },
  variants: [{ name: 'variant', parameters: pack.parameters && 'starBands' in pack.parameters ? { starBands: [60, 70, 80, 88, 96] } : {} }],
  options: { maxChanged: 1000 },
};
const mode = prepare(plan).mode;
const rowUnits = [...partition(env, mode, UNIT_TARGET)];
const colUnits = rowUnits.map(toColumnUnit);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const runOnce = (columns: boolean): { ms: number; json: string } => {
  const p = prepare(plan); // compiling the packs is the same on both paths: outside the timed part
  gc();
  session?.post('Profiler.start');
  const c0 = cpu();
  const run = new SimulationRun(p);
  if (columns) for (const u of colUnits) run.addColumnUnit(u, true);
  else for (const u of rowUnits) run.addUnit(u, true);
  const res = finalize(p, run.state());
  const ms = cpu() - c0;
  session?.post('Profiler.stop', (e, r) => {
    if (!e) writeFileSync(join(profDir!, `${columns ? 'columns' : 'rows'}-${profiled++}.cpuprofile`), JSON.stringify(r.profile));
  });
  return { ms, json: JSON.stringify(res) };
};
// KP_COMPARE_PROF=<dir>: a CPU profile of the timed runs of each path (<dir>/rows-<k>.cpuprofile, columns-<k>.cpuprofile).
const profDir = process.env.KP_COMPARE_PROF;
const session = profDir ? new Session() : null;
session?.connect();
session?.post('Profiler.enable');
let profiled = 0;
const rows: number[] = [];
const cols: number[] = [];
let same = true;
for (let r = 0; r < Number(roundsArg) + 1; r++) {
  const only = process.env.KP_COMPARE_ONLY;
  const order = only ? [only === 'columns'] : r % 2 ? [true, false] : [false, true];
  const got: Record<string, { ms: number; json: string }> = {};
  for (const c of order) got[String(c)] = runOnce(c);
  if (only) {
    if (r > 0) (only === 'columns' ? cols : rows).push(got[String(only === 'columns')].ms);
    continue;
  }
  same &&= got.true.json === got.false.json;
  if (r === 0) continue; // warm-up
  rows.push(got.false.ms);
  cols.push(got.true.ms);
  process.stderr.write(`round ${r}: rows ${(got.false.ms / 1000).toFixed(3)} s, columns ${(got.true.ms / 1000).toFixed(3)} s\n`);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
process.stdout.write(
  JSON.stringify({ pack: id, subjects: Number(nArg), units: rowUnits.length, mode, rowsMs: rows.map(Math.round), columnsMs: cols.map(Math.round), medianRowsMs: Math.round(med(rows)), medianColumnsMs: Math.round(med(cols)), ratio: +(med(cols) / med(rows)).toFixed(2), sameResult: same }) + '\n',
);
