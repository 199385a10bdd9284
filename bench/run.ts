import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { engineLine, ENGINE_PACKS, measureEngine, type EngineFigures } from './measures/engine';
import { measureSimulation, type SimulationFigures } from './measures/simulate';
import { measureSimulationInChild, simulateLine, type ChildFigures } from './measures/simulate';
import { measureStages, type StageGrowth } from './measures/stages';
import { measureHttp, type HttpFigures } from './measures/http';
import { measureImport, type ImportFigures } from './measures/import';
import { distributedLine, measureDistributed } from './measures/distributed';
import { log, table } from './lib/report';
import type { ContenderName } from './lib/comparators';
import { fmt, nowMs } from './lib/timing';
import { ROOT } from './lib/packs';

/**
 * `npm run bench`: every measurement in one process run (ratios only hold side by side on a noisy
 * machine), a table on stdout and bench/results.json. `npm run bench -- engine`: measurement 1 alone
 * at 200,000 subjects. The process re-executes itself once with --expose-gc (collections between
 * timed runs) and a heap large enough for a million subjects.
 */
const mode = process.argv[2] === 'engine' ? 'engine' : 'all';
/** `--packs id,id` and `--only engine,handwritten` narrow measurement 1 (for profiling and quick checks). */
const flag = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]?.split(',') : undefined;
};
const onlyPacks = flag('packs');
const onlyContenders = flag('only') as ContenderName[] | undefined;
const subjectsFlag = flag('subjects');

if (!process.env.KP_BENCH_CHILD) {
  const r = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', '--max-old-space-size=12288', __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, KP_BENCH_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown';
  return { cpu, cores: cpus().length, node: process.version, memoryGb: Math.round(totalmem() / 2 ** 30), loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))) };
}

const TARGETS = {
  engineOverHandwritten: 1.3,
  fasterThanJsonLogicJs: 50,
  simulationMs: 3000,
  httpRatio: 0.5,
};

async function main() {
  const started = nowMs();
  const info = machine();
  if (process.argv[2] === 'simulate') {
    // The columnar simulation (issue 17) at 1,000,000 and 10,000,000 subjects, each size in a child process of its
    // own (bench/measures/simulate.ts), so each peak RSS is that simulation's. `--subjects 300000,3000000` for others.
    log(`bench (simulate) on ${info.cpu}, ${info.cores} cores, node ${info.node}, load ${info.loadAverageAtStart.join(' ')}`);
    const figs: ChildFigures[] = [];
    for (const n of subjectsFlag ? subjectsFlag.map(Number) : [1_000_000, 10_000_000]) {
      log(`simulation, ${n.toLocaleString('en')} subjects, 2 workers, baseline + 1 variant + diff`);
      // Large sizes: one run, no warm-up (the compile is nothing against ten million subjects).
      const f = await measureSimulationInChild(n, n > 2_000_000 ? 1 : 3, n <= 2_000_000);
      log(`  load ${fmt(f.loadMs / 1000, 1)} s; run ${f.runMs.map((t) => fmt(t / 1000, 2)).join(' / ')} s (CPU ${f.cpuMs.map((t) => fmt(t / 1000, 2)).join(' / ')} s); ${f.changed.toLocaleString('en')} changed; peak RSS ${fmt(f.peakRssMb, 0)} MB (idle ${fmt(f.idleRssMb, 0)} MB); load average ${f.load.join(' ')}`);
      figs.push(f);
    }
    process.stdout.write(`${simulateLine(figs)}\n`);
    return;
  }
  if (process.argv[2] === 'distributed') {
    // One simulation over 1, 2 and 3 worker processes on the local PostgreSQL (bench/measures/distributed.ts).
    log(`bench (distributed) on ${info.cpu}, ${info.cores} cores, node ${info.node}, load ${info.loadAverageAtStart.join(' ')}`);
    const f = await measureDistributed({ subjects: subjectsFlag ? Number(subjectsFlag[0]) : undefined, partitionSize: flag('size') ? Number(flag('size')![0]) : undefined });
    log(`load average ${f.load.join(' → ')}; unsplit (1 worker) ${f.unsplitSeconds.toFixed(1)} s; 2 workers ${f.seconds[2].toFixed(1)} s`);
    process.stdout.write(`${distributedLine(f)}\n`);
    return;
  }
  log(`bench (${mode}) on ${info.cpu}, ${info.cores} cores, node ${info.node}, load ${info.loadAverageAtStart.join(' ')}`);

  // A million subjects per pack (history packs: 4 periods of 250,000); five interleaved rounds when measured alone.
  const engineOpts = {
    subjects: subjectsFlag ? Number(subjectsFlag[0]) : 1_000_000,
    rounds: mode === 'engine' ? 5 : 3,
    warmup: 1,
    slowSlice: 40_000,
    slowRounds: 3,
    only: onlyContenders,
  };
  const engine: EngineFigures[] = [];
  let simulation: SimulationFigures | null = null;
  let stages: StageGrowth[] = [];
  let http: HttpFigures | null = null;
  let imported: ImportFigures | null = null;
  if (mode === 'all') {
    // The light measurements first, so their memory figures are not inflated by a million subjects' heap.
    log('5. import of a 100,000-row xlsx');
    imported = await measureImport(100_000);
    log('4. HTTP evaluate vs bare endpoint');
    http = await measureHttp(10);
    log('2. simulation, 1,000,000 subjects, 2 workers');
    simulation = await measureSimulation(1_000_000, 3);
  }
  log(`1. engine throughput, ${engineOpts.subjects.toLocaleString('en')} subjects`);
  for (const [id, version] of ENGINE_PACKS) if (!onlyPacks || onlyPacks.includes(id)) engine.push(measureEngine(id, version, engineOpts));
  if (mode === 'all') {
    log('3. stage growth, 10k → 1M subjects');
    stages = [measureStages('yongxi-red-flag', '2.0.0', [10_000, 100_000, 1_000_000]), measureStages('chengzhuang-checklist-steps', '1.0.0', [10_000, 100_000, 1_000_000])];
  }

  const seconds = (nowMs() - started) / 1000;
  const out = render(engine, simulation, stages, http, imported);
  process.stdout.write(`${out}\n`);
  if (mode === 'all') {
    const results = {
      ranAt: new Date().toISOString(),
      seconds: Number(seconds.toFixed(1)),
      machine: { ...info, loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))) },
      targets: TARGETS,
      engine,
      simulation,
      stages,
      http,
      import: imported,
      table: out,
    };
    writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote bench/results.json (${fmt(seconds, 0)} s in all)`);
  }
  process.stdout.write(`${engineLine(engine)}\n`);
}

const ok = (b: boolean) => (b ? 'met' : 'NOT met');
const na = (x: number, d: number) => (Number.isFinite(x) ? fmt(x, d) : 'n/a');

function render(engine: EngineFigures[], sim: SimulationFigures | null, stages: StageGrowth[], http: HttpFigures | null, imp: ImportFigures | null): string {
  const parts: string[] = [];
  parts.push(
    table(
      ['pack', 'subjects', 'engine ms', '+validation ms', 'hand-written ms', 'json-logic-engine ms', 'json-logic-js ms*', 'engine ÷ hand-written', '× faster than json-logic-js', '× faster than json-logic-engine', 'hand-written × faster than json-logic-js ‡'],
      engine.map((f) => [
        f.pack,
        `${f.subjects.toLocaleString('en')}${f.periods > 1 ? ` (${f.periods} periods)` : ''}`,
        na(f.medianMs.engine!, 0),
        na(f.medianMs['engine+validation']!, 0),
        na(f.medianMs.handwritten!, 0),
        na(f.medianMs['json-logic-engine']!, 0),
        na(f.medianMs['json-logic-js']!, 0),
        `${fmt(f.engineOverHandwritten, 2)}× (rounds ${fmt(f.engineOverHandwrittenRange[0], 2)}–${fmt(f.engineOverHandwrittenRange[1], 2)}; ${ok(f.engineOverHandwritten <= TARGETS.engineOverHandwritten)}: ≤ ${TARGETS.engineOverHandwritten}×)`,
        Number.isFinite(f.jsonLogicJsOverEngine) ? `${fmt(f.jsonLogicJsOverEngine, 1)}×` : 'n/a',
        Number.isFinite(f.jsonLogicEngineOverEngine) ? `${fmt(f.jsonLogicEngineOverEngine, 1)}×` : 'n/a',
        Number.isFinite(f.jsonLogicJsOverEngine) ? `≈ ${fmt(f.jsonLogicJsOverEngine * f.engineOverHandwritten, 1)}×` : 'n/a',
      ]),
    ),
  );
  parts.push(
    `* json-logic-js runs on the first ${engine[0]?.sliceOf['json-logic-js']?.toLocaleString('en')} subjects (history packs: of each period) interleaved with the engine on the same slice; its ms are scaled to the full count. Times are medians of ${engine[0]?.runs.engine} runs (json-logic-js: ${engine[0]?.runs['json-logic-js']}) after a warm-up, ratios medians of the per-round ratios (the lowest and highest per-round ratio in brackets); validation adds ${engine.map((f) => (Number.isFinite(f.validationOverhead) ? `${fmt(f.validationOverhead, 2)}×` : 'n/a')).join(' / ')}; engine and hand-written ms are wall-clock, the ratio is of CPU time (process.cpuUsage, every thread), which a shared machine disturbs less. n/a: the JSON Logic walker has no quota or escalation, so ouhai-commendation runs only engine and hand-written.\n‡ the ceiling for any implementation doing the same work: (json-logic-js ÷ engine) × (engine ÷ hand-written).`,
  );
  const rows: (string | number)[][] = [];
  if (sim) {
    rows.push([
      'simulation: baseline + 1 variant + diff',
      `${sim.subjects.toLocaleString('en')} subjects, ${sim.workers} workers`,
      `${fmt(sim.medianRunMs / 1000, 2)} s after ${fmt(sim.loadMs / 1000, 1)} s load; peak RSS ${fmt(sim.peakRssMb, 0)} MB`,
      `${ok(sim.medianRunMs <= TARGETS.simulationMs)}: ≤ 3 s`,
    ]);
  }
  for (const s of stages) {
    for (const st of ['population', 'history'] as const) {
      rows.push([
        `${st} stage growth, ${s.pack}`,
        s.sizes.map((n) => n.toLocaleString('en')).join(' / '),
        `${s.ms[st].map((x) => fmt(x, 1)).join(' / ')} ms; exponent ${fmt(s.exponent[st], 2)} (100k→1M: ${fmt(s.exponentTop[st], 2)}); t ÷ n log n, 1M vs 10k: ${fmt(s.vsNLogN[st], 2)}, 1M vs 100k: ${fmt(s.vsNLogNTop[st], 2)}`,
        `${ok(s.vsNLogNTop[st] <= 1.1)}: ≤ n log n (1M vs 100k ≤ 1.1)`,
      ]);
    }
  }
  if (http) {
    rows.push([
      'HTTP evaluate, 1 subject (autocannon, loopback)',
      `${http.connections} connections, ${http.durationS} s each`,
      `${fmt(http.evaluate.rps, 0)} req/s p99 ${http.evaluate.p99Ms} ms vs bare ${fmt(http.bare.rps, 0)} req/s p99 ${http.bare.p99Ms} ms = ${fmt(http.ratio * 100, 0)}%`,
      `${ok(http.ratio >= TARGETS.httpRatio)}: ≥ 50% of bare`,
    ]);
  }
  if (imp) {
    rows.push([
      'xlsx import',
      `${imp.rows.toLocaleString('en')} rows, ${fmt(imp.fileMb, 1)} MB`,
      `${fmt(imp.totalMs / 1000, 2)} s (read ${fmt(imp.parseMs / 1000, 2)} s, map + validate ${fmt(imp.validateMs / 1000, 2)} s); peak RSS ${fmt(imp.peakRssMb, 0)} MB`,
      'reported',
    ]);
  }
  if (rows.length) parts.push(table(['measurement', 'size', 'result', 'target'], rows));
  if (http) parts.push(`HTTP: ${http.mounted}.`);
  return parts.join('\n\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
