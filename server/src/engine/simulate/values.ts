/** Value helpers shared by the simulation aggregates: stable keys, equality, kinds. */

/** The key a value is counted under in distributions and transitions ("4", "true", "null", "warning-talk"). */
export function valueKey(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

/**
 * The key a value is counted under while accumulating: the value itself for primitives (Map keys, no
 * string building in the hot loop), JSON text for arrays and objects. valueKey() names it at the end.
 */
export function rawKey(v: unknown): unknown {
  if (v === undefined) return null;
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
}

/** Deep equality for output values (JSON data only). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN never appears in outputs; undefined and null both mean "no value".
    return (a ?? null) === (b ?? null);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What an output's values look like, tracked over every value seen so the decision does not depend on
 * which shard saw which value: grade-like outputs (integers, booleans, strings) get transition matrices,
 * numeric outputs get exact totals.
 */
export interface OutputKind {
  /** Some non-null value was not an integer, boolean or string. */
  notGrade: boolean;
  /** Some non-null value was not a number. */
  notNumber: boolean;
  /** Some non-null value was seen at all. */
  seen: boolean;
}

export const newKind = (): OutputKind => ({ notGrade: false, notNumber: false, seen: false });

export function noteKind(k: OutputKind, v: unknown): void {
  if (v === null || v === undefined) return;
  k.seen = true;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) k.notGrade = true;
    return;
  }
  k.notNumber = true;
  if (typeof v !== 'boolean' && typeof v !== 'string') k.notGrade = true;
}

export function mergeKind(into: OutputKind, from: OutputKind): void {
  into.notGrade ||= from.notGrade;
  into.notNumber ||= from.notNumber;
  into.seen ||= from.seen;
}

export const isGradeLike = (k: OutputKind) => k.seen && !k.notGrade;
export const isNumeric = (k: OutputKind) => k.seen && !k.notNumber;
