import { validateEnvelope } from '../evaluate/evaluate';
import { evaluateRows, type SideRows } from './lean';
import { KpValidationError, type KpError } from '../errors';
import type { Envelope, EnvelopePeriod } from '../types';
import {
  breakdownOf,
  distributionsOf,
  gradeOutputs,
  mergeSide,
  mergeVariant,
  SideAcc,
  summaryOf,
  totalsDeltaOf,
  totalsOf,
  transitionsOf,
  VariantAcc,
  type SideState,
  type VariantState,
} from './accumulator';
import { isNumeric } from './values';
import { partition, type Unit } from './partition';
import { OutputColumns, RowPool, rowUnit, subjectPosition, toColumnUnit, type ColumnUnit } from './columnar';
import { prepare, type Prepared, type PreparedSide, type SimulationPlan } from './plan';
import type { SimulationResult, VariantResult } from './types';
import { valueKey } from './values';

/** What one worker has accumulated: plain data (Maps included), safe to post between threads. */
export interface PartialState {
  baseline: SideState;
  variants: VariantState[];
}

function getPath(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const seg of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** The input schema reads parameters ({ "$param": … }), so validity can differ between variants. */
const inputDependsOnParameters = (s: PreparedSide) => JSON.stringify(s.compiled.pack.input).includes('"$param"');

/** Maps a pointer inside a unit back to the dataset (/periods/0/subjects/3 → /periods/2/subjects/417). */
export function unitPointer(unit: Unit, path: string): string {
  const m = /^\/periods\/(\d+)(\/subjects\/(\d+))?(.*)$/.exec(path);
  if (!m) return path;
  const p = Number(m[1]);
  const pi = unit.periodIndex[p];
  if (m[2] === undefined) return `/periods/${pi}${m[4]}`;
  return `/periods/${pi}/subjects/${unit.subjectIndex[p][Number(m[3])]}${m[4]}`;
}

/** Evaluates units under the baseline and every variant and accumulates the comparison. */
export class SimulationRun {
  private readonly base: SideAcc;
  private readonly variants: VariantAcc[];
  private readonly validateSide: boolean[];

  constructor(private readonly p: Prepared) {
    this.base = new SideAcc(p.outputs);
    this.variants = p.sides.map((s) => new VariantAcc(p.outputs, s.sweepValue === undefined ? p.maxChanged : 0, s.sweepValue === undefined && p.breakdownBy !== null));
    const baseDepends = inputDependsOnParameters(p.baseline);
    this.validateSide = p.sides.map((s) => s.compiled.pack !== p.baseline.compiled.pack || baseDepends || inputDependsOnParameters(s));
  }

  private eval(side: PreparedSide, unit: Unit, validate: boolean): SideRows {
    try {
      return evaluateRows(side.compiled, { periods: unit.periods } as Envelope, validate);
    } catch (e) {
      if (!(e instanceof KpValidationError)) throw e;
      const errors: KpError[] = e.errors.map((err) => ({ ...err, path: unitPointer(unit, err.path) }));
      throw new KpValidationError(errors, side === this.p.baseline ? 'input' : 'parameters');
    }
  }

  /** One unit. `validated`: its inputs already passed the baseline pack's validation (at import or load). */
  addUnit(unit: Unit, validated = false): void {
    const p = this.p;
    const b = this.eval(p.baseline, unit, !validated);
    const sides = p.sides.map((s, i) => this.eval(s, unit, !validated || this.validateSide[i]));
    this.addSides(unit.periods, unit.periodIndex, unit.subjectIndex, 0, b, sides);
  }

  /**
   * Accumulates the baseline's and every variant's rows of the same subjects, subject by subject (the row
   * path, and the columnar path's chunks). Subject j of period position pp is at `subjectPosition(index[pp], from + j)`.
   */
  private addSides(periods: readonly EnvelopePeriod[], periodIndex: readonly number[], index: readonly (number | Uint32Array | readonly number[])[], from: number, b: SideRows, sideRows: SideRows[]): void {
    const p = this.p;
    for (const q of b.quota) this.base.addQuota(q);
    const sides = sideRows.map((rows, i) => {
      for (const q of rows.quota) this.variants[i].side.addQuota(q);
      return rows.periods;
    });
    const keys: unknown[] = new Array(p.outputs.length);
    for (let pp = 0; pp < b.periods.length; pp++) {
      const rows = b.periods[pp];
      const period = periods[pp].period;
      const subjects = periods[pp].subjects;
      const pi = periodIndex[pp];
      const idx = index[pp];
      for (let j = 0; j < rows.length; j++) {
        const before = rows[j];
        this.base.add(before, keys);
        const group = p.breakdownBy === null ? null : valueKey(getPath(subjects[j], p.breakdownBy) ?? null);
        const id = subjects[j].id;
        const si = typeof idx === 'number' ? idx + from + j : idx[from + j];
        for (let v = 0; v < sides.length; v++) this.variants[v].add(pi, si, period, id, group, before, keys, sides[v][pp][j]);
      }
    }
  }

  private baseCols: OutputColumns | null = null;
  private sideCols: OutputColumns | null = null;
  private pool: RowPool | null = null;

  /**
   * One unit held as columns (columnar.ts): its subjects are rebuilt from the columns for the evaluation and
   * dropped after it; each side's outputs are read into reused output columns as soon as that side is
   * evaluated (so its records go before the next side runs), and the diff compares the columns with no
   * per-subject object. Equal, figure for figure, to addUnit on the same rows (test/bench/columnar.spec.ts).
   */
  addColumnUnit(cu: ColumnUnit, validated = false, rows: RowPool = (this.pool ??= new RowPool())): void {
    // Subject rules only, nothing left to validate: any slice stands alone, so the unit runs in chunks whose
    // rows and records die young (the chunks' records never reach the old generation).
    const n = cu.periods.length === 1 ? cu.periods[0].table.n : 0;
    if (this.p.mode === 'subjects' && validated && !this.validateSide.some(Boolean) && n > COLUMN_CHUNK) {
      for (let a = 0; a < n; a += COLUMN_CHUNK) this.addColumnChunk(cu, rows, a, a + COLUMN_CHUNK);
    } else this.addColumnRange(cu, validated, rows, 0, Infinity);
  }

  /**
   * Subjects [from, to) of a validated single-period unit of subject rules: refilled, evaluated under every
   * side and accumulated from the records as addUnit does (a chunk's records of every side are few and die young).
   */
  private addColumnChunk(cu: ColumnUnit, rows: RowPool, from: number, to: number): void {
    const p = this.p;
    const periods = rows.fill(cu, from, to);
    const env = { periods } as Envelope;
    // Output values that are objects may be the (refilled) input objects themselves: the changed list copies them.
    for (const acc of this.variants) acc.copyObjects = true;
    const b = evaluateRows(p.baseline.compiled, env, false);
    const sides = p.sides.map((s) => evaluateRows(s.compiled, env, false));
    this.addSides(periods, cu.periodIndex, cu.subjectIndex, from, b, sides);
  }

  private addColumnRange(cu: ColumnUnit, validated: boolean, rows: RowPool, from: number, to: number): void {
    const p = this.p;
    const nOut = p.outputs.length;
    const periods = rows.fill(cu, from, to);
    let view: Unit | null = null;
    const unit = (): Unit => (view ??= rowUnit(cu, periods, from));
    const evalSide = (side: PreparedSide, validate: boolean): SideRows => {
      try {
        return evaluateRows(side.compiled, { periods } as Envelope, validate);
      } catch (e) {
        if (!(e instanceof KpValidationError)) throw e;
        const errors: KpError[] = e.errors.map((err) => ({ ...err, path: unitPointer(unit(), err.path) }));
        throw new KpValidationError(errors, side === p.baseline ? 'input' : 'parameters');
      }
    };
    // Output values that are objects may be the (refilled) input objects themselves: the changed list copies them.
    for (const acc of this.variants) acc.copyObjects = true;
    if (p.sides.length <= DIRECT_SIDES) {
      // A few sides: their records of this unit are kept together and accumulated as addUnit does.
      const b = evalSide(p.baseline, !validated);
      const sides = p.sides.map((s, v) => evalSide(s, !validated || this.validateSide[v]));
      return this.addSides(periods, cu.periodIndex, cu.subjectIndex, from, b, sides);
    }
    // Many sides (sweeps): each side's records go into output columns and die before the next side runs.
    const base = (this.baseCols ??= new OutputColumns(p.outputs));
    const cols = (this.sideCols ??= new OutputColumns(p.outputs));
    {
      const b = evalSide(p.baseline, !validated);
      for (const q of b.quota) this.base.addQuota(q);
      base.fill(b.periods);
    }
    const vals: unknown[] = new Array(nOut);
    const keys: unknown[] = new Array(nOut);
    for (let i = 0; i < base.n; i++) {
      for (let k = 0; k < nOut; k++) vals[k] = base.value(k, i);
      this.base.addVals(vals, keys);
    }
    // Per subject, what the variants need besides the outputs: its group in the breakdown.
    const groups: (string | null)[] | null = p.breakdownBy === null || !p.sides.length ? null : [];
    if (groups) for (const per of periods) for (const s of per.subjects) groups.push(valueKey(getPath(s, p.breakdownBy!) ?? null));
    const after: unknown[] = new Array(nOut);
    p.sides.forEach((side, v) => {
      const rows = evalSide(side, !validated || this.validateSide[v]);
      for (const q of rows.quota) this.variants[v].side.addQuota(q);
      cols.fill(rows.periods);
      const acc = this.variants[v];
      let i = 0;
      for (let pp = 0; pp < periods.length; pp++) {
        const subjects = periods[pp].subjects;
        const period = periods[pp].period;
        const pi = cu.periodIndex[pp];
        const index = cu.subjectIndex[pp];
        for (let j = 0; j < subjects.length; j++, i++) {
          for (let k = 0; k < nOut; k++) {
            vals[k] = base.value(k, i);
            keys[k] = base.key(k, i);
            after[k] = cols.value(k, i);
          }
          acc.addVals(pi, subjectPosition(index, from + j), period, subjects[j].id, groups ? groups[i] : null, vals, keys, after);
        }
      }
      cols.release();
    });
    base.release();
  }

  state(): PartialState {
    return { baseline: this.base.state(), variants: this.variants.map((v) => v.state()) };
  }
}

/** Folds the workers' partial states into one (the order of parts does not matter). */
export function mergePartials(p: Prepared, parts: PartialState[]): PartialState {
  const [first, ...rest] = parts;
  for (const part of rest) {
    mergeSide(first.baseline, part.baseline);
    part.variants.forEach((v, i) => mergeVariant(first.variants[i], v, p.sides[i].sweepValue === undefined ? p.maxChanged : 0));
  }
  return first;
}

/** The JSON the CLI prints and the API returns. */
export function finalize(p: Prepared, st: PartialState): SimulationResult {
  const outputs = p.outputs;
  const base = st.baseline;
  const pk = (s: PreparedSide) => ({ id: s.compiled.id, version: s.compiled.version });
  const variants: VariantResult[] = [];
  const sweep: SimulationResult['sweep'] = [];
  p.sides.forEach((side, i) => {
    const v = st.variants[i];
    const summary = summaryOf(outputs, v.side, v.changedCount, p.money);
    if (side.sweepValue !== undefined) {
      sweep.push({ value: side.sweepValue, summary });
      return;
    }
    const grade = gradeOutputs(outputs, base, v.side);
    const money = outputs.map((_, k) => p.money[k] && isNumeric(base.kinds[k]) && isNumeric(v.side.kinds[k]));
    variants.push({
      name: side.name,
      pack: pk(side),
      parameters: side.parameters,
      distributions: distributionsOf(outputs, v.side),
      transitions: transitionsOf(outputs, v, grade),
      changed: v.changed.map(({ pi: _pi, si: _si, ...c }) => c),
      changedCount: v.changedCount,
      totals: totalsOf(outputs, v.side, p.money),
      totalsDelta: totalsDeltaOf(outputs, base, v.side, p.money),
      quotaPressure: v.side.quota,
      breakdown: p.breakdownBy === null ? null : { by: p.breakdownBy, groups: breakdownOf(outputs, v, money) },
      summary,
    });
  });
  return {
    baseline: {
      pack: pk(p.baseline),
      parameters: p.baseline.parameters,
      subjects: base.subjects,
      distributions: distributionsOf(outputs, base),
      units: p.units,
      totals: totalsOf(outputs, base, p.money),
      quotaPressure: base.quota,
      summary: summaryOf(outputs, base, 0, p.money),
    },
    variants,
    sweep,
  };
}

/** simulate() with every unit held as columns and run through addColumnUnit (the simulation workers' path). */
export function simulateColumnar(plan: SimulationPlan, env: Envelope, unitTarget = UNIT_TARGET): SimulationResult {
  const p = prepare(plan);
  const errors = validateEnvelope(p.baseline.compiled, env);
  if (errors.length) throw new KpValidationError(errors, 'input');
  const run = new SimulationRun(p);
  for (const unit of partition(env, p.mode, unitTarget)) run.addColumnUnit(toColumnUnit(unit), true);
  return finalize(p, run.state());
}

/** Up to this many variants and sweep steps, a whole unit's records of every side are kept at once (addColumnUnit). */
const DIRECT_SIDES = 4;

/** Subjects per chunk when a unit of subject rules only is evaluated piecewise (addColumnUnit). */
export const COLUMN_CHUNK = 2048;

/** Units of about this many subject-periods: small enough for progress and balance, big enough to amortise. */
export const UNIT_TARGET = 25_000;

/** Runs a whole simulation in this thread (CLI on small data, tests, and each worker's share). */
export function simulate(plan: SimulationPlan, env: Envelope): SimulationResult {
  const p = prepare(plan);
  // The whole dataset is checked once, so duplicates across units and period order are caught too.
  const errors = validateEnvelope(p.baseline.compiled, env);
  if (errors.length) throw new KpValidationError(errors, 'input');
  const run = new SimulationRun(p);
  for (const unit of partition(env, p.mode, UNIT_TARGET)) run.addUnit(unit, true);
  return finalize(p, run.state());
}
