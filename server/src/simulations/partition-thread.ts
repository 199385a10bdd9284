import { parentPort } from 'node:worker_threads';
import { BudgetExceededError, compilePack, KpValidationError, newBudget, validateEnvelope, type CompiledPack, type Envelope, type KpError, type Pack } from '../engine';
import { prepare, SimulationRun, UNIT_TARGET, unitPointer, type PartitionMode, type Prepared, type SimulationPlan, type Unit } from '../engine/simulate';
import { SyntheticGenerator, type SyntheticSpec } from '../datasets/synthetic';
import { encodeState, unitsOf, type PartitionSpec, type Selection } from './partitions';

/**
 * The thread that evaluates one partition of a split job (processor.ts), so that the worker process's event loop
 * stays free for the lease, the progress beat and cancel while it runs. Answers with the partition's partial
 * state as text (partitions.ts encodeState).
 */
export type ToPartitionThread = {
  type: 'run';
  /** The job: partitions of the same job reuse the compiled plan and the generator. */
  key: string;
  plan: SimulationPlan;
  spec: PartitionSpec;
  mode: PartitionMode;
  cancel: SharedArrayBuffer;
  data: { kind: 'rows'; selection: Selection; validated: boolean } | { kind: 'synthetic'; pack: Pack; demo: Envelope | null; spec: SyntheticSpec };
};

export type FromPartitionThread =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; state: string; subjects: number; units: number }
  | { type: 'cancelled' }
  | { type: 'error'; message: string; errors?: KpError[]; target?: 'pack' | 'input' | 'parameters' };

const post = (m: FromPartitionThread) => parentPort!.postMessage(m);

/** The partition's subjects of a synthetic dataset, generated here (the generator gives subject i the same id in every period). */
function syntheticSelection(g: SyntheticGenerator, spec: PartitionSpec): Selection {
  const sel: Selection = { envelope: { periods: [] }, periodIndex: [], subjectIndex: [] };
  const add = (p: number, from = 0, to = Infinity) => {
    const period = g.period(p, from, to);
    if (!period.subjects.length) return;
    sel.envelope.periods.push(period);
    sel.periodIndex.push(p);
    sel.subjectIndex.push(period.subjects.map((_, k) => from + k));
  };
  const all = g.periods.map((_, i) => i);
  if (spec.split === 'slice') add(spec.period, spec.from, spec.to);
  else if (spec.split === 'range') for (const p of all) add(p, spec.from, spec.to);
  else if (spec.split === 'period') for (const p of spec.periods) add(p);
  else if (spec.split === 'sides') for (const p of all) add(p);
  else throw new Error(`a synthetic dataset is not split by ${spec.split}`);
  return sel;
}

/** Budgets per unit of work, as the pool's threads give them (server/SEED.md: KP_EVAL_MAX_STEPS, KP_EVAL_MAX_CHARS). */
const MAX_STEPS = Number(process.env.KP_EVAL_MAX_STEPS) || 10_000_000;
const MAX_CHARS = Number(process.env.KP_EVAL_MAX_CHARS) || 10_000_000;

/** Units of at most UNIT_TARGET subject-periods, and about ten per partition: progress and cancel move within a partition too. */
function unitTarget(sel: Selection): number {
  const n = sel.envelope.periods.reduce((m, q) => m + q.subjects.length, 0);
  return Math.max(1000, Math.min(UNIT_TARGET, Math.ceil(n / 10)));
}

/** What partitions of one job share on this thread: the compiled plan, and for synthetic data the generator and the checker. */
let job: { key: string; full: Prepared; generator?: SyntheticGenerator; check?: CompiledPack } | null = null;

function run(msg: ToPartitionThread): void {
  const cancel = new Int32Array(msg.cancel);
  if (job?.key !== msg.key) job = { key: msg.key, full: prepare(msg.plan) };
  let units: Unit[];
  let validated: boolean;
  if (msg.data.kind === 'rows') {
    units = unitsOf(msg.data.selection, msg.mode, unitTarget(msg.data.selection));
    validated = msg.data.validated;
  } else {
    const g = (job.generator ??= new SyntheticGenerator(msg.data.pack, msg.data.demo, msg.data.spec));
    const selection = syntheticSelection(g, msg.spec);
    units = unitsOf(selection, msg.mode, unitTarget(selection));
    const c = (job.check ??= compilePack(msg.data.pack));
    for (const unit of units) {
      const errors = validateEnvelope(c, { periods: unit.periods });
      if (errors.length) throw new KpValidationError(errors.map((e) => ({ ...e, path: unitPointer(unit, e.path) })), 'input');
    }
    validated = true;
  }
  const full = job.full;
  const p = msg.spec.split === 'sides' ? { ...full, sides: msg.spec.sides.map((i) => full.sides[i]) } : full;
  const sim = new SimulationRun(p);
  let subjects = 0;
  for (let i = 0; i < units.length; i++) {
    if (Atomics.load(cancel, 0)) return post({ type: 'cancelled' });
    const u = units[i];
    const n = u.periods.reduce((m, q) => m + q.subjects.length, 0);
    subjects += n;
    for (const side of [p.baseline, ...p.sides]) side.compiled.budgetCell.b = newBudget(Math.max(MAX_STEPS, n * 10_000), Math.max(MAX_CHARS, n * 10_000));
    sim.addUnit(u, validated);
    post({ type: 'progress', done: i + 1, total: units.length });
  }
  post({ type: 'done', state: encodeState(sim.state()), subjects, units: units.length });
}

parentPort!.on('message', (msg: ToPartitionThread) => {
  try {
    run(msg);
  } catch (e) {
    if (e instanceof KpValidationError) post({ type: 'error', message: e.message, errors: e.errors, target: e.target });
    else if (e instanceof BudgetExceededError) post({ type: 'error', message: e.message, errors: [e.error], target: 'pack' });
    else post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
