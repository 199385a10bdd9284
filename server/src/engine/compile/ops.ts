/** The JSON Logic operators the engine accepts, with their arity. json-logic-js is the reference semantics. */
export interface OpSpec {
  min: number;
  max: number;
  /** The operator is ours (registered in json-logic-js as an extension for differential tests). */
  extension?: boolean;
  /** Not allowed inside rule packs (it needs the whole data object, which packs do not expose). */
  genericOnly?: boolean;
}

const N = Infinity;

export const OPS: Record<string, OpSpec> = {
  var: { min: 0, max: 2 },
  missing: { min: 1, max: N, genericOnly: true },
  missing_some: { min: 2, max: 2, genericOnly: true },
  if: { min: 0, max: N },
  '?:': { min: 0, max: N },
  '==': { min: 2, max: 2 },
  '===': { min: 2, max: 2 },
  '!=': { min: 2, max: 2 },
  '!==': { min: 2, max: 2 },
  '!': { min: 1, max: 1 },
  '!!': { min: 1, max: 1 },
  or: { min: 1, max: N },
  and: { min: 1, max: N },
  '>': { min: 2, max: 2 },
  '>=': { min: 2, max: 2 },
  '<': { min: 2, max: 3 },
  '<=': { min: 2, max: 3 },
  max: { min: 1, max: N },
  min: { min: 1, max: N },
  '+': { min: 1, max: N },
  '-': { min: 1, max: 2 },
  '*': { min: 1, max: N },
  '/': { min: 2, max: 2 },
  '%': { min: 2, max: 2 },
  map: { min: 2, max: 2 },
  filter: { min: 2, max: 2 },
  reduce: { min: 2, max: 3 },
  all: { min: 2, max: 2 },
  none: { min: 2, max: 2 },
  some: { min: 2, max: 2 },
  merge: { min: 0, max: N },
  in: { min: 2, max: 2 },
  cat: { min: 0, max: N },
  substr: { min: 2, max: 3 },
  round: { min: 1, max: 2, extension: true },
  floor: { min: 1, max: 1, extension: true },
  ceil: { min: 1, max: 1, extension: true },
  abs: { min: 1, max: 1, extension: true },
  sum: { min: 1, max: 1, extension: true },
  mean: { min: 1, max: 1, extension: true },
  count: { min: 1, max: 1, extension: true },
};

/** Operators that are never allowed: they reach outside the data (`method`) or have side effects (`log`). */
export const FORBIDDEN_OPS = new Set(['method', 'log']);

/** Expressions larger than these are refused before compiling. */
export const LIMITS = { depth: 64, nodes: 20000 };

export function isLogic(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1;
}

export function opOf(v: Record<string, unknown>): string {
  return Object.keys(v)[0];
}

export function argsOf(v: Record<string, unknown>): unknown[] {
  const a = v[opOf(v)];
  return Array.isArray(a) ? a : [a];
}
