/** Orderings shared by rank and quota steps: typed keys, nulls last, strings by code point. */
export type Key = unknown;

/** Compares two key values ascending: numbers numerically, strings by code point, null/undefined last. */
export function compareKey(a: Key, b: Key): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Plain string order by code point ("village10" < "village2"). */
export function compareId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares by several keys, each ascending or descending (nulls stay last either way). */
export function compareKeys(a: Key[], b: Key[], desc: boolean[]): number {
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    const xn = x === null || x === undefined;
    const yn = y === null || y === undefined;
    if (xn || yn) {
      if (xn !== yn) return xn ? 1 : -1;
      continue;
    }
    const c = compareKey(x, y);
    if (c !== 0) return desc[k] ? -c : c;
  }
  return 0;
}

/** A group key as a map key: JSON so that 1 and "1" stay apart. */
export function bucketKey(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  // Same text as JSON.stringify for these, without its cost on a hot path.
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

/** Drops binary noise past 15 significant digits: 59.99999999999999 → 60. */
export function cleanFloat(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(15)) : x;
}
