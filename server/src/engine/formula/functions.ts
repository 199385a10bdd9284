/** The JSON Logic shapes the formula syntax produces (and the printer accepts). */
export type JsonLogic = null | boolean | number | string | JsonLogic[] | { [op: string]: JsonLogic };

export interface FormulaFunction {
  /** The JSON Logic operator the call compiles to; its arguments are always the array form. */
  op: string;
  minArgs: number;
  /** `Infinity` for variadic functions. */
  maxArgs: number;
}

const fn = (op: string, minArgs: number, maxArgs: number): FormulaFunction =>
  Object.freeze({ op, minArgs, maxArgs });

/**
 * Every callable name, shared with the editor's autocomplete. Names are matched case-insensitively
 * (staff coming from Excel type IF/ROUND); the printer always writes these lowercase names.
 * `var` is listed for completeness but the parser treats it specially (its path must be a string literal).
 */
export const FORMULA_FUNCTIONS: Readonly<Record<string, FormulaFunction>> = Object.freeze({
  if: fn('if', 1, Infinity),
  and: fn('and', 1, Infinity),
  or: fn('or', 1, Infinity),
  not: fn('!', 1, 1),
  bool: fn('!!', 1, 1),
  var: fn('var', 1, 2),
  min: fn('min', 1, Infinity),
  max: fn('max', 1, Infinity),
  cat: fn('cat', 0, Infinity),
  merge: fn('merge', 0, Infinity),
  substr: fn('substr', 2, 3),
  in: fn('in', 2, 2),
  missing: fn('missing', 1, Infinity),
  missing_some: fn('missing_some', 2, 2),
  round: fn('round', 1, 2),
  floor: fn('floor', 1, 1),
  ceil: fn('ceil', 1, 1),
  abs: fn('abs', 1, 1),
  sum: fn('sum', 1, 1),
  mean: fn('mean', 1, 1),
  count: fn('count', 1, 1),
  map: fn('map', 2, 2),
  filter: fn('filter', 2, 2),
  all: fn('all', 2, 2),
  some: fn('some', 2, 2),
  none: fn('none', 2, 2),
  reduce: fn('reduce', 2, 3),
});

/** JSON Logic operators that exist upstream but are deliberately absent here (arbitrary method calls, side effects). */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set(['method', 'log']);

/** Path segments that would reach an object's prototype when the engine resolves a var. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

/**
 * Chinese names of functions, as a spreadsheet user knows them, and the English function each stands for.
 * 且/或/非 also work as the infix operators and/or/not.
 */
export const FORMULA_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  如果: 'if',
  求和: 'sum',
  平均: 'mean',
  平均值: 'mean',
  最大: 'max',
  最大值: 'max',
  最小: 'min',
  最小值: 'min',
  四舍五入: 'round',
  向下取整: 'floor',
  向上取整: 'ceil',
  绝对值: 'abs',
  计数: 'count',
  且: 'and',
  或: 'or',
  非: 'not',
  映射: 'map',
  筛选: 'filter',
  全部: 'all',
  任一: 'some',
  全不: 'none',
  属于: 'in',
  连接: 'cat',
});

// map/filter/… keep their English names in printed text: they have no spreadsheet twin an author would know.
const PRINTED_ALIASES = ['如果', '求和', '平均', '最大', '最小', '四舍五入', '向下取整', '向上取整', '绝对值', '计数', '且', '或', '非'];

/** The Chinese alias the printer writes for an English function. */
export const ALIAS_BY_FUNCTION: ReadonlyMap<string, string> = new Map(PRINTED_ALIASES.map((zh) => [FORMULA_ALIASES[zh], zh] as [string, string]));

/** The word operators: English keywords and their Chinese twins. */
export const WORD_OPERATORS: Readonly<Record<string, 'and' | 'or' | 'not'>> = Object.freeze({ 且: 'and', 或: 'or', 非: 'not' });

/** Own-property lookup: a plain index would find `toString` or `constructor` on Object.prototype. */
export function lookupFunction(name: string): FormulaFunction | undefined {
  const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  const key = own(FORMULA_ALIASES, name) ? FORMULA_ALIASES[name] : name.toLowerCase();
  return own(FORMULA_FUNCTIONS, key) ? FORMULA_FUNCTIONS[key] : undefined;
}

/** The call name the printer uses for an operator (the first table entry with that op). */
export const FUNCTION_NAME_BY_OP: ReadonlyMap<string, string> = new Map(
  Object.entries(FORMULA_FUNCTIONS)
    .reverse()
    .map(([name, f]) => [f.op, name] as [string, string]),
);

// Han ideographs (unified, extension A, compatibility) and 〇; punctuation such as 、（）“” is not part of a name.
const HAN = '\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff';
const IDENT_START = new RegExp(`^[A-Za-z_$${HAN}]$`);
const IDENT_PART = new RegExp(`^[A-Za-z0-9_$${HAN}]$`);
const IDENTIFIER = new RegExp(`^[A-Za-z_$${HAN}][A-Za-z0-9_$${HAN}]*$`);

export function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && IDENT_START.test(c);
}

export function isIdentPart(c: string | undefined): boolean {
  return c !== undefined && IDENT_PART.test(c);
}

export function isIdentifier(s: string): boolean {
  return IDENTIFIER.test(s);
}
