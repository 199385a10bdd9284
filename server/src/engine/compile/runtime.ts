import { kpError, type KpError } from '../errors';

/**
 * The work one evaluation may do: iterations of map/filter/reduce/all/some/none (and items built by merge), and
 * characters of strings built by cat/substr. Counters run down; a negative counter ends the evaluation with
 * BudgetExceeded. An object passed in per evaluation (EvaluateOptions.budget), never a global.
 */
export interface Budget {
  steps: number;
  chars: number;
  readonly maxSteps: number;
  readonly maxChars: number;
}

/** Where a compiled pack finds the budget of the evaluation running now (set by evaluate, one per pack). */
export interface BudgetCell {
  b: Budget;
}

export function newBudget(maxSteps = Infinity, maxChars = Infinity): Budget {
  return { steps: maxSteps, chars: maxChars, maxSteps, maxChars };
}

/** No limits: Infinity minus anything stays Infinity, so one shared object serves every unbudgeted run. */
export const UNLIMITED: Budget = { steps: Infinity, chars: Infinity, maxSteps: Infinity, maxChars: Infinity };

/** Thrown out of compiled code when an evaluation goes past its budget; `error.path` names the rule. */
export class BudgetExceededError extends Error {
  constructor(readonly error: KpError) {
    super(`${error.path || '/'}: ${error.message.en}`);
    this.name = 'BudgetExceededError';
  }
}

/** The rule (or other top-level item) an operator pointer sits in: /rules/3/expr/map/1 → /rules/3. */
export function rulePointer(at: string): string {
  const m = /^\/[^/]+\/\d+/.exec(at);
  return m ? m[0] : at;
}

export function overSteps(b: Budget, at: string): never {
  throw new BudgetExceededError(
    kpError(
      'BudgetExceeded',
      rulePointer(at),
      `计算量超出限额：本次评估最多允许 ${b.maxSteps} 次数组迭代（map/filter/reduce/all/some/none），超限位置 ${at}`,
      `evaluation budget exceeded: at most ${b.maxSteps} array iterations (map/filter/reduce/all/some/none) per evaluation, exceeded at ${at}`,
    ),
  );
}

export function overChars(b: Budget, at: string): never {
  if (!Number.isFinite(b.maxChars)) {
    // No character budget, but the string is past what JavaScript can hold ("Invalid string length").
    throw new BudgetExceededError(
      kpError('BudgetExceeded', rulePointer(at), `拼接出的字符串超出可处理的长度，位置 ${at}`, `the string built is longer than the engine can hold, at ${at}`),
    );
  }
  throw new BudgetExceededError(
    kpError(
      'BudgetExceeded',
      rulePointer(at),
      `字符串增长超出限额：本次评估最多允许拼接 ${b.maxChars} 个字符（cat/substr），超限位置 ${at}`,
      `evaluation budget exceeded: at most ${b.maxChars} characters built by cat/substr per evaluation, exceeded at ${at}`,
    ),
  );
}

/**
 * Runtime helpers that compiled expressions call where a JSON Logic operator has semantics plain JS
 * operators do not share (json-logic-js is the reference). Kept tiny and monomorphic: they run per record.
 */

/** JSON Logic truthiness: an empty array is falsy. */
export function truthy(v: unknown): boolean {
  return Array.isArray(v) ? v.length !== 0 : !!v;
}

/** `var` with a dotted path, as json-logic-js walks it. */
export function getPath(data: unknown, segs: string[], notFound: unknown): unknown {
  let d: any = data;
  for (let i = 0; i < segs.length; i++) {
    if (d === null || d === undefined) return notFound;
    d = d[segs[i]];
    if (d === undefined) return notFound;
  }
  return d;
}

/** `var` whose path is itself computed at run time. */
export function dynVar(data: unknown, a: unknown, b: unknown): unknown {
  const notFound = b === undefined ? null : b;
  if (a === undefined || a === '' || a === null) return data;
  const segs = String(a).split('.');
  for (const s of segs) if (FORBIDDEN_SEGMENTS.has(s)) return notFound;
  return getPath(data, segs, notFound);
}

export const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** parseFloat as json-logic-js applies it, without stringifying numbers first. */
export function num(x: unknown): number {
  return typeof x === 'number' ? x + 0 : parseFloat(x as any);
}

export function plus(args: unknown[]): number {
  let s = 0;
  for (let i = 0; i < args.length; i++) s = parseFloat(s as any) + parseFloat(args[i] as any);
  return s;
}

export function times(args: unknown[]): unknown {
  if (args.length === 0) throw new TypeError('Reduce of empty array with no initial value');
  let p: any = args[0];
  for (let i = 1; i < args.length; i++) p = parseFloat(p) * parseFloat(args[i] as any);
  return p;
}

export function minus(a: any, b: any): number {
  return b === undefined ? -a : a - b;
}

export function inOp(a: unknown, b: any): boolean {
  if (!b || typeof b.indexOf === 'undefined') return false;
  return b.indexOf(a) !== -1;
}

export function cat(args: unknown[], B: BudgetCell = { b: UNLIMITED }, at = ''): string {
  const b = B.b;
  // Refuse before joining what is already known to be too long (a doubling string would otherwise reach
  // V8's "Invalid string length" first).
  let known = 0;
  for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') known += (args[i] as string).length;
  if (known > b.chars) overChars(b, at);
  let s: string;
  try {
    s = Array.prototype.join.call(args, '');
  } catch (e) {
    if (e instanceof RangeError) overChars(b, at);
    throw e;
  }
  if ((b.chars -= s.length) < 0) overChars(b, at);
  return s;
}

export function substr(source: unknown, start: any, end: any, B: BudgetCell = { b: UNLIMITED }, at = ''): string {
  let s: string;
  if (end < 0) {
    const temp = String(source).substr(start);
    s = temp.substr(0, temp.length + end);
  } else s = String(source).substr(start, end);
  const b = B.b;
  if ((b.chars -= s.length) < 0) overChars(b, at);
  return s;
}

export function merge(args: unknown[], B: BudgetCell = { b: UNLIMITED }, at = ''): unknown[] {
  const out = args.reduce((a: unknown[], b) => a.concat(b as any), []);
  const b = B.b;
  if ((b.steps -= out.length) < 0) overSteps(b, at);
  return out;
}

export function missing(data: unknown, args: unknown[]): unknown[] {
  const keys: any = Array.isArray(args[0]) ? args[0] : args;
  const out: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const v = dynVar(data, keys[i], undefined);
    if (v === null || v === '') out.push(keys[i]);
  }
  return out;
}

export function missingSome(data: unknown, need: any, options: any): unknown[] {
  const m = missing(data, [options]);
  return options.length - m.length >= need ? [] : m;
}

/**
 * Round half away from zero to `digits` decimals, decimal-correct: 59.99999999999999 → 60 and
 * 91.505 (stored as 91.50499…) → 91.51. Most values take the fast path; only values within float
 * noise of a half go through the exact decimal string.
 */
export function round(x: unknown, digits: unknown): number {
  const n = Number(x);
  const d = digits === undefined || digits === null ? 0 : Number(digits);
  if (!isFinite(n) || !(d >= 0 && d <= 12)) return n;
  const sign = n < 0 ? -1 : 1;
  const f = POW10[d | 0];
  const s = Math.abs(n) * f;
  const fl = Math.floor(s);
  const frac = s - fl;
  const tol = 1e-9 * (s > 1 ? s : 1);
  let r: number;
  if (frac < 0.5 - tol) r = fl;
  else if (frac > 0.5 + tol) r = fl + 1;
  else {
    // Near a half: decide on the shortest decimal that round-trips to this double.
    const shifted = Number(Number(Math.abs(n).toPrecision(15)) + 'e' + d);
    r = Math.floor(shifted + 0.5);
  }
  const out = r / f;
  return sign < 0 && out !== 0 ? -out : out;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

function toNumArray(a: unknown): number[] | null {
  return Array.isArray(a) ? (a as number[]) : null;
}

export function sum(a: unknown): number {
  const arr = toNumArray(a);
  if (!arr) return a === null || a === undefined ? 0 : Number(a);
  let s = 0;
  for (let i = 0; i < arr.length; i++) s += Number(arr[i]);
  return s;
}

export function mean(a: unknown): number | null {
  const arr = toNumArray(a);
  if (!arr) return a === null || a === undefined ? null : Number(a);
  if (arr.length === 0) return null;
  return sum(arr) / arr.length;
}

export function count(a: unknown): number {
  return Array.isArray(a) ? a.length : 0;
}

/** sum(map(arr, f)) without the intermediate array. */
export function sumMap(a: unknown, f: (d: unknown) => unknown, B: BudgetCell = { b: UNLIMITED }, at = ''): number {
  if (!Array.isArray(a)) return 0;
  const b = B.b;
  if ((b.steps -= a.length) < 0) overSteps(b, at);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Number(f(a[i]));
  return s;
}

/** mean(map(arr, f)) without the intermediate array. */
export function meanMap(a: unknown, f: (d: unknown) => unknown, B: BudgetCell = { b: UNLIMITED }, at = ''): number | null {
  if (!Array.isArray(a) || a.length === 0) return null;
  return sumMap(a, f, B, at) / a.length;
}

/** floor/ceil on the shortest decimal of the double: 0.29 × 100 (28.999999999999996) floors to 29. */
function decimal(x: unknown): number {
  const n = Number(x);
  return Number.isFinite(n) ? Number(n.toPrecision(15)) : n;
}
export function floor(x: unknown): number {
  return Math.floor(decimal(x));
}
export function ceil(x: unknown): number {
  return Math.ceil(decimal(x));
}
export function abs(x: unknown): number {
  return Math.abs(Number(x));
}

/** The helpers compiled code receives, by the short names it uses. */
export const RUNTIME = {
  $t: truthy,
  $num: num,
  $get: getPath,
  $dv: dynVar,
  $plus: plus,
  $times: times,
  $minus: minus,
  $in: inOp,
  $cat: cat,
  $substr: substr,
  $merge: merge,
  $missing: missing,
  $missingSome: missingSome,
  $round: round,
  $sum: sum,
  $mean: mean,
  $count: count,
  $sumMap: sumMap,
  $meanMap: meanMap,
  $floor: floor,
  $ceil: ceil,
  $abs: abs,
};
export const RUNTIME_NAMES = Object.keys(RUNTIME);
export const RUNTIME_VALUES = RUNTIME_NAMES.map((k) => (RUNTIME as any)[k]);

/**
 * Our extension operators with the same semantics, for registering in json-logic-js
 * (the reference interpreter in differential tests, and json-logic-js users of our packs).
 */
export const EXTENSION_OPERATIONS: Record<string, (...args: any[]) => unknown> = {
  round: (x: unknown, d: unknown) => round(x, d),
  floor: (x: unknown) => floor(x),
  ceil: (x: unknown) => ceil(x),
  abs: (x: unknown) => abs(x),
  sum: (a: unknown) => sum(a),
  mean: (a: unknown) => mean(a),
  count: (a: unknown) => count(a),
};
