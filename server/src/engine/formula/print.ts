import { FormulaError } from './error';
import { ALIAS_BY_FUNCTION, FORBIDDEN_SEGMENTS, FUNCTION_NAME_BY_OP, KEYWORDS, isIdentifier, lookupFunction } from './functions';
import type { NameContext } from './parse';

/** How printFormulaLabelled differs from the canonical printer. */
export interface PrintOptions {
  /** The text to print for a var path read in `ctx` (undefined: print the path). */
  name?: (path: string, ctx: NameContext | undefined) => string | undefined;
  /** The array input whose items the body of map/filter/… over `logic` reads. */
  arrayOf?: (logic: unknown) => string | null;
  /** Chinese function aliases (如果, 求和, …) and word operators (且, 或, 非). */
  zh?: boolean;
}

interface Ctx {
  opts: PrintOptions;
  lambda: NameContext | undefined;
}

const CANONICAL: Ctx = { opts: {}, lambda: undefined };
const SCOPED = new Set(['map', 'filter', 'all', 'some', 'none', 'reduce']);

// Binding strength, loosest first; a node printed where a tighter level is required gets parentheses.
const OR = 1;
const AND = 2;
const NOT = 3;
const CMP = 4;
const ADD = 5;
const MUL = 6;
const UNARY = 7;
const PRIMARY = 8;

const COMPARISONS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=']);
// Deeper than anything the parser accepts; mainly stops a cyclic object from overflowing the stack.
const MAX_DEPTH = 1000;

interface Printed {
  text: string;
  level: number;
}

/** The canonical formula text of a JSON Logic tree; throws FormulaError when the tree has no formula form. */
export function printFormula(logic: unknown): string {
  return print(logic, OR, 0, CANONICAL);
}

/** printFormula with names and functions as `opts` says; throws FormulaError like printFormula. */
export function printFormulaWith(logic: unknown, opts: PrintOptions): string {
  return print(logic, OR, 0, { opts, lambda: undefined });
}

const word = (c: Ctx, op: 'and' | 'or' | 'not'): string => (c.opts.zh ? ALIAS_BY_FUNCTION.get(op) ?? op : op);

function noForm(en: string, zh: string): FormulaError {
  return new FormulaError(0, 0, en, zh);
}

function print(node: unknown, min: number, depth: number, c: Ctx, forceParens = false): string {
  const p = render(node, depth + 1, c);
  return p.level < min || forceParens ? `(${p.text})` : p.text;
}

/** The operator of a one-key logic object, with its arguments in array form (JSON Logic allows `{"!": x}`). */
function asOp(node: unknown): { op: string; args: unknown[] } | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const proto = Object.getPrototypeOf(node);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const raw = (node as Record<string, unknown>)[keys[0]];
  return { op: keys[0], args: Array.isArray(raw) ? raw : [raw] };
}

/** Printed right after a binary arithmetic operator or a unary minus, these read badly (`a - -5`, `--x`). */
function isNegative(node: unknown): boolean {
  if (typeof node === 'number') return node < 0;
  const o = asOp(node);
  return o !== undefined && o.op === '-' && o.args.length === 1;
}

function render(node: unknown, depth: number, c: Ctx): Printed {
  if (depth > MAX_DEPTH) throw noForm('The expression is nested too deeply (or cyclic)', '表达式嵌套过深（或存在循环引用）');
  if (node === null || typeof node === 'boolean') return { text: String(node), level: PRIMARY };
  if (typeof node === 'number') {
    if (!Number.isFinite(node)) throw noForm(`The number ${node} has no formula form`, `数字 ${node} 无法写成公式`);
    return { text: JSON.stringify(node), level: PRIMARY };
  }
  if (typeof node === 'string') return { text: JSON.stringify(node), level: PRIMARY };
  if (Array.isArray(node)) return { text: `[${list(node, depth, c)}]`, level: PRIMARY };
  const o = asOp(node);
  if (!o) throw noForm(`Not a JSON Logic expression: ${preview(node)}`, `不是 JSON Logic 表达式：${preview(node)}`);
  const { op, args } = o;
  const n = args.length;

  if (op === 'var') return variable(args, depth, c);
  if ((op === 'or' || op === 'and') && n >= 2) {
    const level = op === 'or' ? OR : AND;
    return { text: args.map((a) => print(a, level + 1, depth, c)).join(` ${word(c, op)} `), level };
  }
  if (op === '!' && n === 1) return not(args[0], depth, c);
  if (COMPARISONS.has(op) && (n === 2 || (n === 3 && (op === '<' || op === '<=')))) {
    return { text: args.map((a) => print(a, ADD, depth, c)).join(` ${op} `), level: CMP };
  }
  if ((op === '+' || op === '*') && n >= 2) {
    const level = op === '+' ? ADD : MUL;
    // A nested node of the same op came from parentheses: without them it would flatten into this one.
    const first = print(args[0], level, depth, c, asOp(args[0])?.op === op);
    const rest = args.slice(1).map((a) => print(a, level + 1, depth, c, isNegative(a)));
    return { text: [first, ...rest].join(` ${op} `), level };
  }
  if ((op === '-' || op === '/' || op === '%') && n === 2) {
    const level = op === '-' ? ADD : MUL;
    return { text: `${print(args[0], level, depth, c)} ${op} ${print(args[1], level + 1, depth, c, isNegative(args[1]))}`, level };
  }
  if (op === '-' && n === 1) {
    // `-5` would read back as the literal -5, not as minus applied to 5.
    const forceParens = typeof args[0] === 'number' || isNegative(args[0]);
    return { text: `-${print(args[0], UNARY, depth, c, forceParens)}`, level: UNARY };
  }
  return call(op, args, depth, c);
}

function list(items: unknown[], depth: number, c: Ctx): string {
  return items.map((a) => print(a, OR, depth, c)).join(', ');
}

function not(arg: unknown, depth: number, c: Ctx): Printed {
  const inner = print(arg, NOT, depth, c);
  // `not (…) > c` would read back as the call not(…) compared with c.
  if (inner.startsWith('(')) return { text: `${word(c, 'not')}(${print(arg, OR, depth, c)})`, level: PRIMARY };
  return { text: `${word(c, 'not')} ${inner}`, level: NOT };
}

function call(op: string, args: unknown[], depth: number, c: Ctx): Printed {
  const name = FUNCTION_NAME_BY_OP.get(op);
  const f = name === undefined ? undefined : lookupFunction(name);
  if (name === undefined || f === undefined) {
    throw noForm(`The operator '${op}' has no formula form`, `运算符“${op}”无法写成公式`);
  }
  if (args.length < f.minArgs || args.length > f.maxArgs) {
    throw noForm(`The operator '${op}' with ${args.length} argument(s) has no formula form`, `带 ${args.length} 个参数的运算符“${op}”无法写成公式`);
  }
  const shown = c.opts.zh ? ALIAS_BY_FUNCTION.get(name) ?? name : name;
  if (!SCOPED.has(op) || args.length < 2) return { text: `${shown}(${list(args, depth, c)})`, level: PRIMARY };
  // The body of map/filter/… reads the items of its first argument.
  const inner: Ctx = { opts: c.opts, lambda: { array: c.opts.arrayOf?.(args[0]) ?? null, reduce: op === 'reduce' } };
  const parts = args.map((a, i) => print(a, OR, depth, i === 1 ? inner : c));
  return { text: `${shown}(${parts.join(', ')})`, level: PRIMARY };
}

function variable(args: unknown[], depth: number, c: Ctx): Printed {
  const [path, ...rest] = args;
  if (typeof path !== 'string' || rest.length > 1) {
    throw noForm(`This var has no formula form: ${preview({ var: args })}`, `此 var 无法写成公式：${preview({ var: args })}`);
  }
  const segments = path.split('.');
  const bad = segments.find((s) => FORBIDDEN_SEGMENTS.has(s));
  if (bad !== undefined) throw noForm(`The name segment '${bad}' is not allowed`, `名称片段“${bad}”不允许使用`);
  if (rest.length === 1) return { text: `var(${JSON.stringify(path)}, ${print(rest[0], OR, depth, c)})`, level: PRIMARY };
  const named = c.opts.name?.(path, c.lambda);
  if (named !== undefined) return { text: named, level: PRIMARY };
  const bare = isIdentifier(segments[0]) && !KEYWORDS.has(segments[0])
    && segments.slice(1).every((s) => isIdentifier(s) || /^\d+$/.test(s));
  return { text: bare ? path : `var(${JSON.stringify(path)})`, level: PRIMARY };
}

function preview(node: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(node) ?? String(node);
  } catch {
    s = String(node);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
