import type { EnvelopePeriod } from '../types';
import { buffersOf, decodeTable, encodeTable, rowDecoder, rowFiller, tableBytes, tableSignature, type RowDecoder, type RowFiller, type Table } from './columns';
import type { Unit } from './partition';

/**
 * A unit of a simulation dataset held column by column (see columns.ts): what a simulation worker keeps
 * between runs instead of one object per subject. Rows are rebuilt from the columns only while the unit is
 * evaluated, and dropped right after.
 */
export interface ColumnPeriod {
  /** The period with its scopes, without subjects. */
  meta: Omit<EnvelopePeriod, 'subjects'>;
  table: Table;
}

export interface ColumnUnit {
  periods: ColumnPeriod[];
  periodIndex: number[];
  /** Per period, each subject's position in the dataset's period: a number when they are consecutive from it. */
  subjectIndex: (number | Uint32Array)[];
}

function compactIndex(index: readonly number[]): number | Uint32Array {
  const start = index.length ? index[0] : 0;
  for (let j = 0; j < index.length; j++) if (index[j] !== start + j) return Uint32Array.from(index);
  return start;
}

/** Encodes a unit; its row objects can then be let go. */
export function toColumnUnit(unit: Unit): ColumnUnit {
  return {
    periods: unit.periods.map(({ subjects, ...meta }) => ({ meta, table: encodeTable(subjects) })),
    periodIndex: unit.periodIndex,
    subjectIndex: unit.subjectIndex.map(compactIndex),
  };
}

/** One period of subjects [from, from + subjects.length) as a column period. */
export function columnPeriod(p: EnvelopePeriod): ColumnPeriod {
  const { subjects, ...meta } = p;
  return { meta, table: encodeTable(subjects) };
}

export const subjectPosition = (idx: number | Uint32Array, j: number): number => (typeof idx === 'number' ? idx + j : idx[j]);

export function columnUnitSubjects(u: ColumnUnit): number {
  let n = 0;
  for (const p of u.periods) n += p.table.n;
  return n;
}

export function columnUnitBytes(u: ColumnUnit): number {
  let b = 0;
  for (const p of u.periods) b += tableBytes(p.table);
  for (const s of u.subjectIndex) if (typeof s !== 'number') b += s.byteLength;
  return b;
}

/** Buffers of a unit, for a postMessage transfer list. */
export function columnUnitBuffers(u: ColumnUnit, out: ArrayBuffer[] = []): ArrayBuffer[] {
  for (const p of u.periods) buffersOf(p.table, out);
  for (const s of u.subjectIndex) if (typeof s !== 'number' && s.buffer instanceof ArrayBuffer && !out.includes(s.buffer)) out.push(s.buffer);
  return out;
}

/** Decoders are generated once per table and thread (tables arrive by structured clone, so they are keyed here). */
const decoders = new WeakMap<Table, RowDecoder>();

function decoderOf(t: Table): RowDecoder {
  let d = decoders.get(t);
  if (!d) decoders.set(t, (d = rowDecoder(t)));
  return d;
}

/** The unit's periods with their subjects rebuilt from the columns (fresh objects, equal to the originals). */
export function materialize(u: ColumnUnit): EnvelopePeriod[] {
  return u.periods.map((p) => ({ ...p.meta, subjects: decodeTable(p.table, decoderOf(p.table)) as EnvelopePeriod['subjects'] }));
}

const fillers = new WeakMap<Table, { fill: RowFiller; sig: string }>();

function fillerOf(t: Table): { fill: RowFiller; sig: string } {
  let f = fillers.get(t);
  if (!f) fillers.set(t, (f = { fill: rowFiller(t), sig: tableSignature(t) }));
  return f;
}

/**
 * One set of row objects per thread, refilled from the columns before each unit: the subjects of the unit
 * being evaluated are the only subject objects alive, and after the first unit of a shape they are not even
 * allocated (numbers, strings and booleans are written into the same objects, arrays resized in place).
 * One row list per period position of a unit, because a history unit's earlier periods stay referenced while
 * its later ones are evaluated.
 */
export class RowPool {
  private readonly rows: Record<string, unknown>[][] = [];
  private readonly sigs: string[][] = [];

  /** The unit's periods, their subjects [from, to) refilled from the columns (equal to the rows the unit was made of). */
  fill(u: ColumnUnit, from = 0, to = Infinity): EnvelopePeriod[] {
    return u.periods.map((p, pp) => {
      const t = p.table;
      const { fill, sig } = fillerOf(t);
      const rows = (this.rows[pp] ??= []);
      const sigs = (this.sigs[pp] ??= []);
      const a = Math.min(from, t.n);
      const n = Math.min(to, t.n) - a;
      if (rows.length > n) {
        rows.length = n;
        sigs.length = n;
      }
      const have = rows.length;
      for (let i = 0; i < n; i++) {
        if (i < have && sigs[i] === sig && sig !== '*') fill(rows[i], a + i);
        else {
          const r = fill(undefined, a + i);
          if (i < have) {
            rows[i] = r;
            sigs[i] = sig;
          } else {
            rows.push(r);
            sigs.push(sig);
          }
        }
      }
      return { ...p.meta, subjects: rows as EnvelopePeriod['subjects'] };
    });
  }

  /** Lets every row go (between datasets). */
  clear(): void {
    this.rows.length = 0;
    this.sigs.length = 0;
  }
}

/** The row form of a unit, or of its subjects [from, …) (for error pointers and the row path). */
export function rowUnit(u: ColumnUnit, periods: EnvelopePeriod[] = materialize(u), from = 0): Unit {
  return {
    periods,
    periodIndex: u.periodIndex,
    subjectIndex: periods.map((p, k) => p.subjects.map((_, j) => subjectPosition(u.subjectIndex[k], from + j))),
  };
}

// ---- one side's outputs for a unit, as columns ----

const NONE = 0;
const NUM = 1;
const TRUE = 2;
const FALSE = 3;
const REF = 4;

/**
 * One side's outputs for the subjects of a unit (all periods, in order): per output a tag, a number and a
 * reference column (strings and JSON values, which the evaluation made anyway). Buffers grow to the largest
 * unit and are reused from unit to unit, so nothing per subject outlives the unit.
 */
export class OutputColumns {
  n = 0;
  private cap = 0;
  private tag: Uint8Array[] = [];
  private num: Float64Array[] = [];
  private ref: unknown[][] = [];
  /** rawKey of REF values: the string itself, or the JSON text of an array or object. */
  private refKey: unknown[][] = [];

  constructor(readonly outputs: string[]) {}

  private reserve(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(n, Math.ceil(this.cap * 1.5));
    const outs = this.outputs.length;
    this.tag = Array.from({ length: outs }, () => new Uint8Array(cap));
    this.num = Array.from({ length: outs }, () => new Float64Array(cap));
    this.ref = Array.from({ length: outs }, () => new Array(cap).fill(null));
    this.refKey = Array.from({ length: outs }, () => new Array(cap).fill(null));
    this.cap = cap;
  }

  /** Reads the outputs of every row (records or output objects) of every period, in order. */
  fill(periods: readonly (readonly Record<string, unknown>[])[]): void {
    let n = 0;
    for (const rows of periods) n += rows.length;
    this.reserve(n);
    this.n = n;
    const outs = this.outputs;
    for (let k = 0; k < outs.length; k++) {
      const name = outs[k];
      const tag = this.tag[k];
      const num = this.num[k];
      const ref = this.ref[k];
      const refKey = this.refKey[k];
      let i = 0;
      for (const rows of periods) {
        for (let j = 0; j < rows.length; j++, i++) {
          const v = rows[j][name];
          if (typeof v === 'number') {
            tag[i] = NUM;
            num[i] = v;
          } else if (v === null || v === undefined) tag[i] = NONE;
          else if (v === true) tag[i] = TRUE;
          else if (v === false) tag[i] = FALSE;
          else {
            tag[i] = REF;
            ref[i] = v;
            refKey[i] = typeof v === 'object' ? JSON.stringify(v) : v;
          }
        }
      }
    }
  }

  /** Output k of row i (undefined outputs read as null, as the accumulators count them). */
  value(k: number, i: number): unknown {
    switch (this.tag[k][i]) {
      case NUM:
        return this.num[k][i];
      case TRUE:
        return true;
      case FALSE:
        return false;
      case REF:
        return this.ref[k][i];
      default:
        return null;
    }
  }

  /** rawKey of output k of row i (see values.ts). */
  key(k: number, i: number): unknown {
    const t = this.tag[k][i];
    return t === REF ? this.refKey[k][i] : this.value(k, i);
  }

  /** Drops the references of the last unit (so its strings and JSON values can be collected). */
  release(): void {
    for (let k = 0; k < this.outputs.length; k++) {
      this.ref[k].fill(null, 0, this.n);
      this.refKey[k].fill(null, 0, this.n);
    }
    this.n = 0;
  }
}
