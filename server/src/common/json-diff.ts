import { ptr } from '../engine/errors';

export interface JsonDifference {
  path: string;
  stored: unknown;
  reproduced: unknown;
}

/** Structural differences between two JSON values, by JSON Pointer (at most `limit` of them). */
export function jsonDiff(stored: unknown, reproduced: unknown, limit = 100): JsonDifference[] {
  const out: JsonDifference[] = [];
  walk(stored, reproduced, [], out, limit);
  return out;
}

function walk(a: unknown, b: unknown, at: (string | number)[], out: JsonDifference[], limit: number): void {
  if (out.length >= limit) return;
  if (Object.is(a, b)) return;
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  const bothObjects = isObject(a) && isObject(b);
  if (bothArrays) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...at, i], out, limit);
    return;
  }
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    // Own keys only: a key like `constructor` missing on one side must not read Object.prototype.
    for (const k of keys) walk(own(a, k), own(b, k), [...at, k], out, limit);
    return;
  }
  if (typeof a === 'number' && typeof b === 'number' && a === b) return;
  out.push({ path: ptr(...at), stored: a, reproduced: b });
}

function own(o: Record<string, unknown>, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
