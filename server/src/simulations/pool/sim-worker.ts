import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { BudgetExceededError, compilePack, KpValidationError, newBudget, validateEnvelope } from '../../engine';
import { columnUnitSubjects, prepare, SimulationRun, toColumnUnit, unitPointer, type ColumnUnit, type Unit } from '../../engine/simulate';
import { SyntheticGenerator } from '../../datasets/synthetic';
import type { FromWorker, ToWorker } from './messages';

/**
 * A simulation worker thread: holds its share of the dataset between runs (load once, then run the
 * baseline, variants and sweep steps as often as asked), and answers with a mergeable partial state.
 * The share is held column by column (engine/simulate/columnar.ts): typed arrays and dictionaries, no
 * object per subject; each unit's rows are rebuilt for its evaluation and dropped after it.
 */
let units: ColumnUnit[] = [];
let validated = false;
const post = (m: FromWorker) => parentPort!.postMessage(m);

/**
 * A full collection on demand (the flag only exposes `gc` to contexts made after it is set). Loading makes
 * one unit of objects at a time and encodes it: a collection after each unit (a few ms: the live heap is
 * small, the columns are off-heap buffers) keeps the thread near its columns instead of letting garbage
 * grow to V8's next limit (hundreds of MB at 1M). Runs collect after a unit past ~32 MB of garbage.
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const GARBAGE_BYTES = 32 * 2 ** 20;
let heapAfterGc = 0;
function collectIfGrown(): void {
  if (process.memoryUsage().heapUsed - heapAfterGc < GARBAGE_BYTES) return;
  collect();
  heapAfterGc = process.memoryUsage().heapUsed;
}

function load(msg: Extract<ToWorker, { type: 'load-units' | 'load-synthetic' | 'load-columns' }>): void {
  const t = performance.now();
  units = [];
  if (msg.type === 'load-columns') {
    units = msg.units;
    validated = msg.validated;
  } else if (msg.type === 'load-units') {
    // Encode unit by unit and let each one's row objects go (the message's copy of them).
    const rows = msg.units;
    for (let i = 0; i < rows.length; i++) {
      units.push(toColumnUnit(rows[i]));
      (rows as (Unit | null)[])[i] = null;
      collect();
    }
    validated = msg.validated;
  } else {
    const g = new SyntheticGenerator(msg.pack, msg.demo, msg.spec);
    const c = compilePack(msg.pack);
    for (const u of msg.units) {
      // Generated, checked and encoded a unit at a time: at most one unit exists as objects.
      const unit: Unit = { periods: [], periodIndex: [], subjectIndex: [] };
      for (const p of u.periods) {
        const period = g.period(p, u.from, u.to);
        unit.periods.push(period);
        unit.periodIndex.push(p);
        unit.subjectIndex.push(period.subjects.map((_, k) => u.from + k));
      }
      const errors = validateEnvelope(c, { periods: unit.periods });
      if (errors.length) throw new KpValidationError(errors.map((e) => ({ ...e, path: unitPointer(unit, e.path) })), 'input');
      units.push(toColumnUnit(unit));
      collect();
    }
    validated = true;
  }
  collect();
  heapAfterGc = process.memoryUsage().heapUsed;
  const subjects = units.reduce((n, u) => n + columnUnitSubjects(u), 0);
  post({ type: 'loaded', subjects, ms: performance.now() - t });
}

/** Budgets of one unit of simulation work (see server/SEED.md: KP_EVAL_MAX_STEPS, KP_EVAL_MAX_CHARS), at least per subject. */
const MAX_STEPS = Number(process.env.KP_EVAL_MAX_STEPS) || 10_000_000;
const MAX_CHARS = Number(process.env.KP_EVAL_MAX_CHARS) || 10_000_000;
const STEPS_PER_SUBJECT = 10_000;
const CHARS_PER_SUBJECT = 10_000;

function run(msg: Extract<ToWorker, { type: 'run' }>): void {
  const cancel = new Int32Array(msg.cancel);
  const full = prepare(msg.plan);
  const p = msg.sides ? { ...full, sides: msg.sides.map((i) => full.sides[i]) } : full;
  const sim = new SimulationRun(p);
  for (const u of units) {
    if (Atomics.load(cancel, 0)) return post({ type: 'cancelled' });
    // Every side (a draft or another version may be hostile) gets a step and character budget per unit of work,
    // scaled by its subjects: past it the job fails with BudgetExceeded naming the rule, not hours later.
    const n = columnUnitSubjects(u);
    for (const side of [p.baseline, ...p.sides]) side.compiled.budgetCell.b = newBudget(Math.max(MAX_STEPS, n * STEPS_PER_SUBJECT), Math.max(MAX_CHARS, n * CHARS_PER_SUBJECT));
    sim.addColumnUnit(u, validated);
    collectIfGrown();
    post({ type: 'progress', units: 1 });
  }
  post({ type: 'done', state: sim.state() });
}

parentPort!.on('message', (msg: ToWorker) => {
  try {
    if (msg.type === 'run') run(msg);
    else if (msg.type === 'clear') units = [];
    else load(msg);
  } catch (e) {
    if (e instanceof KpValidationError) post({ type: 'error', message: e.message, errors: e.errors, target: e.target });
    else if (e instanceof BudgetExceededError) post({ type: 'error', message: e.message, errors: [e.error], target: 'pack' });
    else post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
