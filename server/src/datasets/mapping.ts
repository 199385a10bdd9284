import { kpError, type KpError } from '../engine';

/**
 * Which column feeds which input field. `fields` maps an input path (dotted: `self.teamBuilding`,
 * array elements `peers.0.innovation`, or a whole object/array `peers` given as a JSON cell) to a column
 * header. Columns whose header already is an input path map themselves.
 */
export interface ColumnMapping {
  period: string;
  id: string;
  fields?: Record<string, string>;
}

type Schema = Record<string, unknown>;

/** The schema of the value at a dotted path (array elements by index), or null when the path leaves the schema. */
export function schemaAt(root: Schema, path: string[]): Schema | null {
  let s: Schema | undefined = root;
  for (const seg of path) {
    if (!s) return null;
    if (/^\d+$/.test(seg) && (s.items || s.type === 'array')) s = (s.items as Schema | undefined) ?? {};
    else s = (s.properties as Record<string, Schema> | undefined)?.[seg];
  }
  return s ?? null;
}

const TRUE = new Set(['true', '1', 'yes', 'y', '是', '√', 'TRUE', 'True']);
const FALSE = new Set(['false', '0', 'no', 'n', '否', '×', 'FALSE', 'False']);

/** Converts a cell to what the schema at that path expects; undefined for an empty cell (field absent). */
export function coerce(cell: unknown, schema: Schema | null, pointer: string): { value?: unknown; error?: KpError } {
  if (cell === null || cell === undefined || cell === '') return {};
  const bad = (zh: string, en: string) => ({ error: kpError('InvalidInput', pointer, zh, en) });
  const types = schema ? ([] as unknown[]).concat(schema.type ?? []) : [];
  const en = schema?.enum as unknown[] | undefined;
  if (en) {
    const hit = en.find((e) => e === cell || String(e) === String(cell).trim());
    return hit === undefined ? { value: cell } : { value: hit };
  }
  if (types.includes('number') || types.includes('integer')) {
    if (typeof cell === 'number') return { value: cell };
    const t = String(cell).trim();
    const n = Number(t);
    if (t === '' || !Number.isFinite(n)) return bad(`"${t}" 不是数字`, `"${t}" is not a number`);
    return { value: n };
  }
  if (types.includes('boolean')) {
    if (typeof cell === 'boolean') return { value: cell };
    const t = String(cell).trim();
    if (TRUE.has(t)) return { value: true };
    if (FALSE.has(t)) return { value: false };
    return bad(`"${t}" 不是是/否`, `"${t}" is not a yes/no value`);
  }
  if (types.includes('object') || types.includes('array') || (schema && (schema.properties || schema.items))) {
    if (typeof cell !== 'string') return { value: cell };
    try {
      return { value: JSON.parse(cell) };
    } catch {
      return bad('单元格应为 JSON', 'the cell should hold JSON');
    }
  }
  if (types.includes('string')) return { value: typeof cell === 'string' ? cell : String(cell) };
  return { value: cell };
}

/** Sets a value at a dotted path, creating objects and arrays (numeric segments) on the way. */
export function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let o: Record<string, unknown> | unknown[] = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const nextIsIndex = /^\d+$/.test(path[i + 1]);
    const cur = (o as Record<string, unknown>)[key];
    if (cur === undefined || cur === null || typeof cur !== 'object') (o as Record<string, unknown>)[key] = nextIsIndex ? [] : {};
    o = (o as Record<string, unknown>)[key] as Record<string, unknown>;
  }
  (o as Record<string, unknown>)[path[path.length - 1]] = value;
}

/** Input paths a header names on its own: a top-level input field or a dotted path into one. */
export function autoFields(headers: string[], inputSchema: Schema, taken: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of headers) {
    if (!h || taken.has(h)) continue;
    if (schemaAt(inputSchema, h.split('.'))) out[h] = h;
  }
  return out;
}
