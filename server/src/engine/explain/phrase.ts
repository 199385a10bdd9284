/**
 * Expressions in words: a small evaluator over the values a trace entry read, a labelled formula printer
 * ("0.1 × 支部自评总分 90 分 + …") and conditions in words ("全年积分 110 分，达到评先评优分数线 100 分").
 * Pure: no framework imports.
 */
import type { Pack } from '../types';
import { enumWord, formatNumber, isObj, nameLabel, readableNumber, ruleOf, unitOf, valueText, W, type Locale } from './words';

export const UNKNOWN = Symbol('unknown');
type Val = unknown | typeof UNKNOWN;

export interface Env {
  pack: Pack;
  locale: Locale;
  /** A name's value (input path, parameter, rule value), or UNKNOWN. */
  lookup(name: string): Val;
  /** Inside map/filter: the item and its schema. */
  item?: { value: unknown; schema: unknown };
}

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
const truthy = (v: unknown) => (Array.isArray(v) ? v.length > 0 : !!v);
const looseEq = (a: unknown, b: unknown) => (a === null || b === null ? a === b : typeof a === typeof b ? a === b : num(a) === num(b));

function roundHalfAway(x: number, d: number): number {
  const f = Math.pow(10, d);
  const y = Math.abs(Number((x * f).toPrecision(15)));
  return (Math.sign(x) * Math.round(y)) / f;
}

function varName(e: unknown): string | null {
  if (!isObj(e) || !('var' in e) || Object.keys(e).length !== 1) return null;
  const a = e.var;
  const n = Array.isArray(a) ? a[0] : a;
  return typeof n === 'string' ? n : null;
}

function readVar(env: Env, name: string): Val {
  if (env.item) {
    if (name === '') return env.item.value;
    let v: unknown = env.item.value;
    for (const seg of name.split('.')) v = isObj(v) ? v[seg] : Array.isArray(v) ? v[Number(seg)] : undefined;
    if (v !== undefined) return v;
  }
  return env.lookup(name);
}

/** Evaluates the common JSON Logic operations over known values; UNKNOWN when something is not known. */
export function evaluateLogic(e: unknown, env: Env): Val {
  if (e === null || typeof e !== 'object') return e;
  if (Array.isArray(e)) {
    const out = e.map((x) => evaluateLogic(x, env));
    return out.some((x) => x === UNKNOWN) ? UNKNOWN : out;
  }
  const op = Object.keys(e)[0];
  const raw = (e as Record<string, unknown>)[op];
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === 'var') {
    const n = varName(e);
    return n === null ? UNKNOWN : readVar(env, n);
  }
  if (op === 'if' || op === '?:') {
    let i = 0;
    for (; i + 1 < args.length; i += 2) {
      const c = evaluateLogic(args[i], env);
      if (c === UNKNOWN) return UNKNOWN;
      if (truthy(c)) return evaluateLogic(args[i + 1], env);
    }
    return i < args.length ? evaluateLogic(args[i], env) : null;
  }
  if (op === 'and' || op === 'or') {
    let last: Val = null;
    for (const a of args) {
      last = evaluateLogic(a, env);
      if (last === UNKNOWN) return UNKNOWN;
      if (op === 'and' ? !truthy(last) : truthy(last)) return last;
    }
    return last;
  }
  if (op === 'map' || op === 'filter' || op === 'all' || op === 'some' || op === 'none') {
    const arr = evaluateLogic(args[0], env);
    if (!Array.isArray(arr)) return arr === null ? (op === 'map' || op === 'filter' ? [] : op !== 'some') : UNKNOWN;
    const schema = itemSchemaOf(env, args[0]);
    const vals = arr.map((x) => evaluateLogic(args[1], { ...env, item: { value: x, schema } }));
    if (vals.some((x) => x === UNKNOWN)) return UNKNOWN;
    if (op === 'map') return vals;
    if (op === 'filter') return arr.filter((_, i) => truthy(vals[i]));
    if (op === 'all') return arr.length > 0 && vals.every(truthy);
    if (op === 'some') return vals.some(truthy);
    return !vals.some(truthy);
  }
  const v = args.map((a) => evaluateLogic(a, env));
  if (v.some((x) => x === UNKNOWN)) return UNKNOWN;
  const n = v.map(num);
  switch (op) {
    case '+': return n.reduce((s, x) => s + x, 0);
    case '*': return n.reduce((s, x) => s * x, 1);
    case '-': return n.length === 1 ? -n[0] : n[0] - n[1];
    case '/': return n[0] / n[1];
    case '%': return n[0] % n[1];
    case 'max': return Math.max(...n);
    case 'min': return Math.min(...n);
    case 'abs': return Math.abs(n[0]);
    case 'floor': return Math.floor(Number(n[0].toPrecision(15)));
    case 'ceil': return Math.ceil(Number(n[0].toPrecision(15)));
    case 'round': return roundHalfAway(n[0], n[1] ?? 0);
    case 'sum': return Array.isArray(v[0]) ? (v[0] as unknown[]).reduce<number>((s, x) => s + num(x), 0) : UNKNOWN;
    case 'mean': return Array.isArray(v[0]) ? ((v[0] as unknown[]).length ? (v[0] as unknown[]).reduce<number>((s, x) => s + num(x), 0) / (v[0] as unknown[]).length : null) : UNKNOWN;
    case 'count': return Array.isArray(v[0]) ? (v[0] as unknown[]).length : UNKNOWN;
    case '==': return looseEq(v[0], v[1]);
    case '===': return v[0] === v[1];
    case '!=': return !looseEq(v[0], v[1]);
    case '!==': return v[0] !== v[1];
    case '<': return v.length === 3 ? n[0] < n[1] && n[1] < n[2] : n[0] < n[1];
    case '<=': return v.length === 3 ? n[0] <= n[1] && n[1] <= n[2] : n[0] <= n[1];
    case '>': return n[0] > n[1];
    case '>=': return n[0] >= n[1];
    case '!': return !truthy(v[0]);
    case '!!': return truthy(v[0]);
    case 'in': return Array.isArray(v[1]) ? v[1].includes(v[0]) : typeof v[1] === 'string' ? v[1].includes(String(v[0])) : false;
    case 'cat': return v.map((x) => String(x)).join('');
    default: return UNKNOWN;
  }
}

function itemSchemaOf(env: Env, arrExpr: unknown): unknown {
  const n = varName(arrExpr);
  if (!n) return undefined;
  let s: unknown = env.pack.input;
  for (const seg of n.split('.')) s = isObj(s) && isObj(s.properties) ? s.properties[seg] : undefined;
  return isObj(s) ? s.items : undefined;
}

// ---------------------------------------------------------------- labelled formulas

const PREC: Record<string, number> = { or: 1, and: 2, '==': 3, '!=': 3, '===': 3, '!==': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };
const SYM: Record<string, string> = { '+': '+', '-': '-', '*': '×', '/': '÷', '%': '%', '==': '=', '===': '=', '!=': '≠', '!==': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' };
const FN_ZH: Record<string, string> = { max: '取大', min: '取小', sum: '合计', mean: '平均', count: '个数', floor: '向下取整', ceil: '向上取整', abs: '绝对值', round: '四舍五入', cat: '连接' };

/** Words of one name with its value: "综合评价得分 91.5 分". */
export function namedValue(env: Env, name: string, withValue = true, bare = false): string {
  const label = nameLabel(env.pack, name, env.locale, env.item?.schema, bare);
  if (!withValue) return label;
  const v = readVar(env, name);
  if (v === UNKNOWN || (typeof v === 'object' && v !== null)) return label;
  const text = valueOfName(env, name, v);
  // a value in words reads "星级为四星级"; a number "综合评价得分 91.5 分"
  if (env.locale === 'zh-CN' && typeof v === 'boolean') return `${label}（${text}）`;
  if (env.locale === 'zh-CN' && typeof v !== 'number' && typeof v !== 'boolean') return `${label}为${text}`;
  if (env.locale === 'zh-CN' && typeof v === 'number' && env.pack.valueLabels?.[name]?.[String(v)]) return `${label}为${text}`;
  if (env.locale === 'en' && (typeof v === 'string' || env.pack.valueLabels?.[name]?.[String(v)])) return `${label} (${text})`;
  return `${label} ${text}`;
}

/** A value of a name in words, with its unit. */
export function valueOfName(env: Env, name: string, v: unknown): string {
  if (typeof v === 'number') {
    const u = unitOf(env.pack, name, env.locale, new Set(), env.item?.schema);
    const labelled = env.pack.valueLabels?.[name]?.[String(v)];
    if (labelled) return valueText(env.pack, name, v, env.locale);
    return u ? `${readableNumber(v, env.locale)}${u === '%' ? '' : ' '}${u}` : readableNumber(v, env.locale);
  }
  if (typeof v === 'string' && !ruleOf(env.pack, name) && !env.pack.valueLabels?.[name]) return enumWord(env.pack, env.item ? null : name, v, env.locale);
  return valueText(env.pack, name, v, env.locale);
}

function literalText(env: Env, v: unknown, context: string | null): string {
  if (typeof v === 'number' && context && env.pack.valueLabels?.[context]?.[String(v)]) return valueText(env.pack, context, v, env.locale);
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') {
    if (context && (ruleOf(env.pack, context) || env.pack.valueLabels?.[context])) return valueText(env.pack, context, v, env.locale);
    return enumWord(env.pack, context, v, env.locale);
  }
  return valueText(env.pack, null, v, env.locale);
}

/** A formula in words: labels instead of names, values beside them when `withValues`. Never JSON. */
export function formulaText(e: unknown, env: Env, withValues: boolean, context: string | null = null, parent = 0): string {
  const zh = env.locale === 'zh-CN';
  if (!isObj(e)) {
    if (Array.isArray(e)) return (zh ? '（' : '(') + e.map((x) => literalText(env, x, context)).join(zh ? '、' : ', ') + (zh ? '）' : ')');
    return literalText(env, e, context);
  }
  const op = Object.keys(e)[0];
  const raw = e[op];
  const args = Array.isArray(raw) ? raw : [raw];
  const ctxOf = (list: unknown[]) => list.map(varName).find((n) => n !== null) ?? context;
  if (op === 'var') {
    const n = varName(e);
    return n === null ? '' : namedValue(env, n, withValues);
  }
  if (op === '+' && args.length >= 2 && args.every((a) => varName(a)?.includes('.'))) {
    // a sum of one object's fields: "十项考核指标得分（党组织建设 10 + 扶贫工作 10 + …）"
    const names = args.map((a) => varName(a)!);
    const parent = names[0].slice(0, names[0].lastIndexOf('.'));
    if (names.every((n) => n.slice(0, n.lastIndexOf('.')) === parent)) {
      const pl = nameLabel(env.pack, parent, env.locale, env.item?.schema);
      const body = names.map((n) => namedValue(env, n, withValues, true)).join(' + ');
      return zh ? `${pl}（${body}）` : `${pl} (${body})`;
    }
  }
  if (op in PREC && args.length >= 2) {
    const p = PREC[op];
    const c = PREC[op] === 3 || PREC[op] === 4 ? ctxOf(args) : null; // labelled literals only in comparisons
    const joiner = op === 'and' ? (zh ? ' 且 ' : ' and ') : op === 'or' ? (zh ? ' 或 ' : ' or ') : ` ${SYM[op]} `;
    const s = args.map((a, i) => formulaText(a, env, withValues, c, p + (i > 0 && (op === '-' || op === '/') ? 1 : 0))).join(joiner);
    return p < parent ? `（${s}）`.replace(/^（(.*)）$/, zh ? '（$1）' : '($1)') : s;
  }
  if (op === '-' && args.length === 1) return `-${formulaText(args[0], env, withValues, context, 9)}`;
  if (op === '!' || op === 'not') return (zh ? '非' : 'not ') + formulaText(args[0], env, withValues, context, 9);
  if (op === '!!') return formulaText(args[0], env, withValues, context, parent);
  if (op === 'if' || op === '?:') {
    // with the values known, only the branch that was taken: "领域内排名 133", not both branches and the test
    if (withValues) {
      const taken = takenBranch(args, env);
      if (taken !== UNKNOWN) return formulaText(taken, env, withValues, context, parent);
    }
    const parts: string[] = [];
    let i = 0;
    for (; i + 1 < args.length; i += 2) {
      parts.push(zh ? `若${formulaText(args[i], env, withValues)}则${formulaText(args[i + 1], env, withValues)}` : `if ${formulaText(args[i], env, withValues)} then ${formulaText(args[i + 1], env, withValues)}`);
    }
    if (i < args.length) parts.push(zh ? `否则${formulaText(args[i], env, withValues)}` : `otherwise ${formulaText(args[i], env, withValues)}`);
    const s = parts.join(zh ? '；' : '; ');
    return parent > 0 ? (zh ? `（${s}）` : `(${s})`) : s;
  }
  if (op === 'round' && zh) {
    const inner = formulaText(args[0], env, withValues, context, parent > 0 ? 9 : 0);
    const s = `${inner}，四舍五入保留 ${formatNumber(Number(args[1] ?? 0))} 位小数`;
    return parent > 0 ? `（${s}）` : s;
  }
  if (op === 'in') return `${formulaText(args[0], env, withValues, context, 9)}${zh ? ' 属于 ' : ' in '}${formulaText(args[1], env, withValues, varName(args[0]), 9)}`;
  if (op === 'map' || op === 'filter' || op === 'all' || op === 'some' || op === 'none') {
    const arrLabel = formulaText(args[0], env, false);
    const body = formulaText(args[1], { ...env, item: { value: undefined, schema: itemSchemaOf(env, args[0]) } }, false);
    if (zh) return `${arrLabel}各项的${body}`;
    return `${op} of ${arrLabel} (${body})`;
  }
  const name = zh ? FN_ZH[op] ?? '运算' : op;
  return `${name}(${args.map((a) => formulaText(a, env, withValues, context)).join(zh ? '，' : ', ')})`.replace(/^(.*?)\((.*)\)$/, zh ? '$1（$2）' : '$1($2)');
}

/** The branch of an `if` its known values select (null when none does), or UNKNOWN. */
function takenBranch(args: unknown[], env: Env): unknown {
  let i = 0;
  for (; i + 1 < args.length; i += 2) {
    const c = evaluateLogic(args[i], env);
    if (c === UNKNOWN) return UNKNOWN;
    if (truthy(c)) return args[i + 1];
  }
  return i < args.length ? args[i] : null;
}

// ---------------------------------------------------------------- conditions in words

/** One side of a comparison: "全年积分 110 分", "评先评优分数线 100 分", "三星级", "85". */
function side(e: unknown, env: Env, context: string | null): string {
  const n = varName(e);
  if (n !== null) return namedValue(env, n, true);
  if (!isObj(e)) return literalText(env, e, context);
  const op = Object.keys(e)[0];
  if (op === 'if' || op === '?:') {
    const taken = takenBranch(e[op] as unknown[], env);
    if (taken !== UNKNOWN) return side(taken, env, context);
  }
  const v = evaluateLogic(e, env);
  const f = formulaText(e, env, true, context, 9);
  if (v === UNKNOWN || typeof v === 'object') return f;
  return `${f} = ${valueOfNumber(env, v, context)}`;
}

function valueOfNumber(env: Env, v: unknown, context: string | null): string {
  return typeof v === 'number' ? formatNumber(v) : literalText(env, v, context);
}

const CMP_ZH: Record<string, [string, string]> = {
  '>=': ['达到', '未达到'],
  '>': ['超过', '未超过'],
  '<': ['不足', '不低于'],
  '<=': ['在{B}以下', '高于'],
};
const CMP_EN: Record<string, [string, string]> = {
  '>=': ['reaches', 'is below'],
  '>': ['exceeds', 'does not exceed'],
  '<': ['is below', 'is not below'],
  '<=': ['is at or below', 'is above'],
};

/**
 * Why a condition has the truth value it has, in words. `truth` is its value (as evaluated by the engine);
 * for `and`/`or` only the parts that decided it are named.
 */
export function conditionText(e: unknown, env: Env, truth: boolean): string {
  const zh = env.locale === 'zh-CN';
  const w = W[env.locale];
  if (!isObj(e)) return zh ? `条件${truth ? '成立' : '不成立'}` : `the condition ${truth ? 'holds' : 'does not hold'}`;
  const op = Object.keys(e)[0];
  const raw = e[op];
  const args = Array.isArray(raw) ? raw : [raw];
  const n0 = varName(e);
  if (n0 !== null) {
    const v = readVar(env, n0);
    const label = nameLabel(env.pack, n0, env.locale, env.item?.schema);
    const shown = v === UNKNOWN || v === null || v === undefined ? (truth ? w.yes : w.no) : valueOfName(env, n0, v);
    return `${label}${w.colon}${shown}`;
  }
  if (op === '!' || op === 'not') return conditionText(args[0], env, !truth);
  if (op === '!!') return conditionText(args[0], env, truth);
  if (op === 'if' || op === '?:') {
    // a condition chosen by an assumption or a setting: only the one that applied
    const taken = takenBranch(args, env);
    if (taken !== UNKNOWN) return conditionText(taken, env, truth);
  }
  if (op === 'and' || op === 'or') {
    const parts = args.map((a) => ({ a, t: evaluateLogic(a, env) }));
    const all = (op === 'and') === truth; // a passed `and` or a failed `or`: every part counts
    const want = op === 'or'; // otherwise the parts that decided: true parts of an `or`, false parts of an `and`
    const list = all ? parts : parts.filter((p) => p.t !== UNKNOWN && truthy(p.t) === want);
    const texts = (list.length ? list : parts).map((p) => conditionText(p.a, env, p.t === UNKNOWN ? truth : truthy(p.t)));
    return texts.join(all ? (zh ? '，且' : ', and ') : w.semi);
  }
  if (op in CMP_ZH && args.length === 2) {
    const ctx = varName(args[0]) ?? varName(args[1]);
    const A = side(args[0], env, ctx);
    const B = side(args[1], env, ctx);
    if (zh) {
      const word = CMP_ZH[op][truth ? 0 : 1];
      const b = /^[-\d]/.test(B) ? ` ${B}` : B;
      return word.includes('{B}') ? `${A}，${word.replace('{B}', b.endsWith('分') || /\d$/.test(b) ? `${b} ` : b)}`.replace(/  +/g, ' ') : `${A}，${word}${b}`;
    }
    return `${A} ${CMP_EN[op][truth ? 0 : 1]} ${B}`;
  }
  if ((op === '==' || op === '===' || op === '!=' || op === '!==') && args.length === 2) {
    const eq = op === '==' || op === '===' ? truth : !truth;
    const ctx = varName(args[0]) ?? varName(args[1]);
    const lit = !isObj(args[1]);
    if (lit) {
      const n = varName(args[0]);
      const label = n ? nameLabel(env.pack, n, env.locale, env.item?.schema) : formulaText(args[0], env, false, ctx, 9);
      const actual = evaluateLogic(args[0], env);
      const b = literalText(env, args[1], ctx);
      if (eq) return zh ? `${label}为${b}` : `${label} is ${b}`;
      const a = actual === UNKNOWN ? '' : n ? valueOfName(env, n, actual) : valueOfNumber(env, actual, ctx);
      return zh ? `${label}为${a}，不是${b}` : `${label} is ${a}, not ${b}`;
    }
    const A = side(args[0], env, ctx);
    const B = side(args[1], env, ctx);
    return zh ? `${A}，${eq ? '等于' : '不等于'}${B}` : `${A} ${eq ? 'equals' : 'does not equal'} ${B}`;
  }
  if (op === 'in' && args.length === 2) {
    const n = varName(args[0]);
    const A = n ? namedValue(env, n, true) : side(args[0], env, null);
    const B = formulaText(args[1], env, false, n, 9);
    return zh ? `${A}，${truth ? '属于' : '不属于'}${B}` : `${A} ${truth ? 'is one of' : 'is not one of'} ${B}`;
  }
  // no words for this condition: a readable formula with its values and the outcome
  return `${formulaText(e, env, true)}${zh ? `：${truth ? '成立' : '不成立'}` : `: ${truth ? 'holds' : 'does not hold'}`}`;
}

/** Which branch of an `if` was taken, and the conditions that led there in words. */
export function ifSteps(expr: unknown, env: Env): { steps: string[]; branch: unknown } | null {
  if (!isObj(expr)) return null;
  const op = Object.keys(expr)[0];
  if (op !== 'if' && op !== '?:') return null;
  const args = expr[op] as unknown[];
  const steps: string[] = [];
  let i = 0;
  for (; i + 1 < args.length; i += 2) {
    const c = evaluateLogic(args[i], env);
    if (c === UNKNOWN) return null;
    const holds = truthy(c);
    steps.push(conditionText(args[i], env, holds));
    if (holds) return { steps, branch: args[i + 1] };
  }
  return { steps, branch: i < args.length ? args[i] : null };
}
