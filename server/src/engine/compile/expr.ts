import { kpError, KpError } from '../errors';
import { FORBIDDEN_SEGMENTS, RUNTIME_NAMES, RUNTIME_VALUES, UNLIMITED, type BudgetCell } from './runtime';
import { SCOPED_HELPERS } from './scoped';
import { argsOf, FORBIDDEN_OPS, isLogic, LIMITS, opOf, OPS } from './ops';
import { pathCode, schemaType } from './names';

/**
 * Compiles a JSON Logic expression to a JavaScript expression string, once per pack.
 * Static types let most operators become plain JS operators; where json-logic-js semantics differ
 * from JS (truthiness of [], parseFloat in +, …) the code calls a runtime helper.
 */

export type StaticType = 'num' | 'bool' | 'str' | 'arr' | 'obj' | 'null' | 'any';

export interface Code {
  code: string;
  type: StaticType;
  /** The value may be `undefined` (only `and`/`or` over nothing can yield it). */
  undef?: boolean;
  /** The JSON Schema the value is guaranteed to satisfy (validated input), for typed access to array items. */
  schema?: Record<string, any>;
}

/**
 * Resolves a top-level variable path of a pack to code, or returns null (after reporting) when the
 * name is unknown. `notFound` is the code of the value json-logic-js gives for a missing path.
 */
export type VarResolver = (path: string, pointer: string, notFound: string) => Code | null;

export interface ExprContext {
  /** null: generic mode, variables read the data object `d`. */
  resolve: VarResolver | null;
  /** Declarations hoisted to the pack's factory (constants, scoped functions). */
  hoisted: string[];
  errors: KpError[];
  /** Top-level variable paths the expression reads (for the trace). */
  reads: Set<string>;
  /** Where this expression sits in the pack, for error pointers. */
  pointer: string;
  counter: { n: number };
  /** Inside map/filter/all/some/none over an array of known items: the items' schema. */
  itemSchema?: Record<string, any>;
}

export function newContext(resolve: VarResolver | null, pointer: string, shared?: Pick<ExprContext, 'hoisted' | 'counter'>): ExprContext {
  return { resolve, hoisted: shared?.hoisted ?? [], counter: shared?.counter ?? { n: 0 }, errors: [], reads: new Set(), pointer };
}

/** Refuses expressions that are too deep or too large before any recursion that could overflow. */
export function checkSize(logic: unknown, pointer: string): KpError | null {
  let nodes = 0;
  const stack: [unknown, number][] = [[logic, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    nodes++;
    if (depth > LIMITS.depth || nodes > LIMITS.nodes) {
      return kpError('ExpressionTooLarge', pointer, `表达式过深或过大（深度上限 ${LIMITS.depth}，节点上限 ${LIMITS.nodes}）`, `expression too deep or too large (max depth ${LIMITS.depth}, max nodes ${LIMITS.nodes})`);
    }
    if (Array.isArray(v)) for (const e of v) stack.push([e, depth + 1]);
    else if (isLogic(v)) stack.push([v[opOf(v)], depth + 1]);
  }
  return null;
}

function hoist(ctx: ExprContext, code: string): string {
  const name = `$h${ctx.counter.n++}`;
  ctx.hoisted.push(`const ${name} = ${code};`);
  return name;
}

function literal(ctx: ExprContext, v: unknown): Code {
  if (v === null || v === undefined) return { code: 'null', type: 'null' };
  if (typeof v === 'number') return { code: Object.is(v, -0) ? '-0' : Number.isFinite(v) ? JSON.stringify(v) : String(v), type: 'num' };
  if (typeof v === 'boolean') return { code: String(v), type: 'bool' };
  if (typeof v === 'string') return { code: JSON.stringify(v), type: 'str' };
  // A non-logic object is returned as it is; hoisted so every call shares one frozen constant.
  return { code: hoist(ctx, `Object.freeze(${JSON.stringify(v)})`), type: Array.isArray(v) ? 'arr' : 'obj' };
}

function isConstant(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(isConstant);
  return !isLogic(v);
}

// parseFloat(number) stringifies first: $num skips that for numbers (and keeps parseFloat's -0 → 0).
const num = (c: Code) => (c.type === 'num' ? c.code : `$num(${c.code})`);
const cond = (c: Code) => (c.type === 'bool' ? c.code : `$t(${c.code})`);

function sameType(cs: Code[]): StaticType {
  return cs.every((c) => c.type === cs[0].type) ? cs[0].type : 'any';
}

/** Compiles `logic`; in generic mode the data object is the JS variable `dataVar`. */
export function gen(logic: unknown, ctx: ExprContext, at: string, dataVar = 'd', scoped = false): Code {
  if (Array.isArray(logic)) {
    if (isConstant(logic)) return literal(ctx, logic);
    return { code: `[${logic.map((e, i) => gen(e, ctx, `${at}/${i}`, dataVar, scoped).code).join(', ')}]`, type: 'arr' };
  }
  if (!isLogic(logic)) return literal(ctx, logic);
  const op = opOf(logic);
  const rawArgs = logic[op];
  const args = argsOf(logic);
  const opAt = `${at}/${op.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const argAt = (i: number) => (Array.isArray(rawArgs) ? `${opAt}/${i}` : opAt);
  const spec = OPS[op];
  if (FORBIDDEN_OPS.has(op)) {
    ctx.errors.push(kpError('ForbiddenOperator', opAt, `不允许使用运算符 "${op}"`, `operator "${op}" is not allowed`));
    return { code: 'null', type: 'null' };
  }
  if (!spec) {
    ctx.errors.push(kpError('UnknownOperator', opAt, `未知运算符 "${op}"`, `unknown operator "${op}"`));
    return { code: 'null', type: 'null' };
  }
  if (spec.genericOnly && ctx.resolve) {
    ctx.errors.push(kpError('ForbiddenOperator', opAt, `规则包中不能使用运算符 "${op}"`, `operator "${op}" is not available in rule packs`));
    return { code: 'null', type: 'null' };
  }
  if (args.length < spec.min || args.length > spec.max) {
    const range = spec.max === Infinity ? `≥${spec.min}` : spec.min === spec.max ? `${spec.min}` : `${spec.min}–${spec.max}`;
    ctx.errors.push(kpError('BadArity', opAt, `运算符 "${op}" 需要 ${range} 个参数，实际 ${args.length} 个`, `operator "${op}" takes ${range} arguments, got ${args.length}`));
    return { code: 'null', type: 'null' };
  }
  const g = (i: number) => gen(args[i], ctx, argAt(i), dataVar, scoped);
  const all = () => args.map((_, i) => g(i));

  switch (op) {
    case 'var':
      return genVar(args, ctx, opAt, argAt, dataVar, scoped);
    case 'missing':
      return { code: `$missing(${dataVar}, [${all().map((c) => c.code).join(', ')}])`, type: 'arr' };
    case 'missing_some': {
      const [a, b] = all();
      return { code: `$missingSome(${dataVar}, ${a.code}, ${b.code})`, type: 'arr' };
    }
    case 'if':
    case '?:': {
      const cs = all();
      let code = cs.length % 2 === 1 ? cs[cs.length - 1].code : 'null';
      const branches: Code[] = cs.length % 2 === 1 ? [cs[cs.length - 1]] : [{ code: 'null', type: 'null' }];
      for (let i = cs.length - (cs.length % 2 === 1 ? 3 : 2); i >= 0; i -= 2) {
        code = `(${cond(cs[i])} ? ${cs[i + 1].code} : ${code})`;
        branches.push(cs[i + 1]);
      }
      return { code, type: sameType(branches), undef: branches.some((b) => b.undef) };
    }
    case 'and':
    case 'or': {
      const cs = all();
      if (cs.every((c) => c.type === 'bool')) return { code: `(${cs.map((c) => c.code).join(op === 'and' ? ' && ' : ' || ')})`, type: 'bool' };
      // Return the first falsy (and) / truthy (or) operand, or the last, with json-logic truthiness.
      let code = cs[cs.length - 1].code;
      for (let i = cs.length - 2; i >= 0; i--) {
        code = op === 'and' ? `(($x = ${cs[i].code}), !$t($x) ? $x : ${code})` : `(($x = ${cs[i].code}), $t($x) ? $x : ${code})`;
      }
      return { code, type: sameType(cs), undef: cs.some((c) => c.undef) };
    }
    case '==':
    case '===':
    case '!=':
    case '!==':
    case '>':
    case '>=': {
      const [a, b] = all();
      return { code: `(${a.code} ${op} ${b.code})`, type: 'bool' };
    }
    case '<':
    case '<=': {
      const cs = all();
      if (cs.length === 2) return { code: `(${cs[0].code} ${op} ${cs[1].code})`, type: 'bool' };
      return { code: `$between${op === '<' ? 'Lt' : 'Le'}(${cs.map((c) => c.code).join(', ')})`, type: 'bool' };
    }
    case '!':
      return { code: `!${cond(g(0))}`, type: 'bool' };
    case '!!':
      return { code: cond(g(0)), type: 'bool' };
    case '+': {
      const cs = all();
      return { code: `(0 + ${cs.map(num).join(' + ')})`, type: 'num' };
    }
    case '*': {
      const cs = all();
      if (cs.length === 1) return cs[0];
      // json-logic-js passes every factor through parseFloat, which turns -0 into 0 (1 / (-0 * 2) is
      // Infinity there, not -Infinity): `+ 0` does the same for typed numbers at no real cost.
      const factor = (c: Code) => (c.type !== 'num' ? num(c) : /^-?[\d.e+]+$/.test(c.code) && c.code !== '-0' ? c.code : `(${c.code} + 0)`);
      // It also parses each running product again, so a -0 product (0 × -1) goes on as 0: `+ 0` between factors.
      const fs = cs.map(factor);
      let prod = fs[0];
      for (let i = 1; i < fs.length; i++) prod = i < fs.length - 1 ? `(${prod} * ${fs[i]} + 0)` : `${prod} * ${fs[i]}`;
      return { code: `(${prod})`, type: 'num' };
    }
    case '-': {
      const cs = all();
      if (cs.length === 1) return { code: `(-(${cs[0].code}))`, type: 'num' };
      if (cs[1].undef) return { code: `$minus(${cs[0].code}, ${cs[1].code})`, type: 'num' };
      return { code: `(${cs[0].code} - ${cs[1].code})`, type: 'num' };
    }
    case '/':
    case '%': {
      const [a, b] = all();
      return { code: `(${a.code} ${op} ${b.code})`, type: 'num' };
    }
    case 'min':
    case 'max':
      return { code: `Math.${op}(${all().map((c) => c.code).join(', ')})`, type: 'num' };
    case 'in': {
      const [a, b] = all();
      return { code: `$in(${a.code}, ${b.code})`, type: 'bool' };
    }
    case 'cat':
      return { code: `$cat([${all().map((c) => c.code).join(', ')}], $B, ${JSON.stringify(opAt)})`, type: 'str' };
    case 'substr': {
      const cs = all();
      return { code: `$substr(${cs[0].code}, ${cs[1].code}, ${cs[2] ? cs[2].code : 'undefined'}, $B, ${JSON.stringify(opAt)})`, type: 'str' };
    }
    case 'merge':
      return { code: `$merge([${all().map((c) => c.code).join(', ')}], $B, ${JSON.stringify(opAt)})`, type: 'arr' };
    case 'map':
    case 'filter':
    case 'all':
    case 'none':
    case 'some':
      return genScoped(op, args, ctx, argAt, dataVar, scoped, opAt);
    case 'reduce': {
      const arr = g(0);
      const outer = ctx.itemSchema;
      ctx.itemSchema = undefined;
      const body = gen(args[1], ctx, argAt(1), 'd', true);
      ctx.itemSchema = outer;
      const fn = hoist(ctx, `function (c, a) { var d = { current: c, accumulator: a }; var $x; return ${body.code}; }`);
      const init = args.length > 2 ? g(2).code : 'null';
      return { code: `$reduce(${arr.code}, ${fn}, ${init}, $B, ${JSON.stringify(opAt)})`, type: body.type === 'num' ? 'any' : 'any' };
    }
    case 'round': {
      const cs = all();
      return { code: `$round(${cs[0].code}, ${cs[1] ? cs[1].code : 'undefined'})`, type: 'num' };
    }
    case 'floor':
    case 'ceil':
    case 'abs':
    case 'count':
      return { code: `$${op}(${g(0).code})`, type: 'num' };
    case 'sum':
    case 'mean': {
      const inner = args[0];
      if (isLogic(inner) && opOf(inner) === 'map' && argsOf(inner).length === 2) {
        // sum(map(arr, f)): one loop, no intermediate array.
        const ia = argsOf(inner);
        const innerAt = `${argAt(0)}/map`;
        const arr = gen(ia[0], ctx, `${innerAt}/0`, dataVar, scoped);
        const fn = scopedFn(ctx, ia[1], `${innerAt}/1`, itemsOf(arr));
        return { code: `$${op}Map(${arr.code}, ${fn}, $B, ${JSON.stringify(innerAt)})`, type: op === 'sum' ? 'num' : 'any' };
      }
      return { code: `$${op}(${g(0).code})`, type: op === 'sum' ? 'num' : 'any' };
    }
  }
  ctx.errors.push(kpError('UnknownOperator', opAt, `未知运算符 "${op}"`, `unknown operator "${op}"`));
  return { code: 'null', type: 'null' };
}

function scopedFn(ctx: ExprContext, body: unknown, at: string, items?: Record<string, any>): string {
  const outer = ctx.itemSchema;
  ctx.itemSchema = items;
  const c = gen(body, ctx, at, 'd', true);
  ctx.itemSchema = outer;
  return hoist(ctx, `function (d) { var $x; return ${c.code}; }`);
}

/** The items' schema of an array value whose schema is known (validated input). */
function itemsOf(c: Code): Record<string, any> | undefined {
  const it = c.schema?.type === 'array' ? c.schema.items : undefined;
  return it && typeof it === 'object' && !Array.isArray(it) ? it : undefined;
}

function genScoped(op: string, args: unknown[], ctx: ExprContext, argAt: (i: number) => string, dataVar: string, scoped: boolean, opAt: string): Code {
  const arr = gen(args[0], ctx, argAt(0), dataVar, scoped);
  const fn = scopedFn(ctx, args[1], argAt(1), itemsOf(arr));
  const type: StaticType = op === 'map' || op === 'filter' ? 'arr' : 'bool';
  return { code: `$${op}(${arr.code}, ${fn}, $B, ${JSON.stringify(opAt)})`, type };
}

function genVar(args: unknown[], ctx: ExprContext, opAt: string, argAt: (i: number) => string, dataVar: string, scoped: boolean): Code {
  const a = args[0];
  const hasDefault = args.length > 1;
  const staticPath = a === undefined || a === null || typeof a === 'string' || typeof a === 'number';
  if (!staticPath) {
    const pa = gen(a, ctx, argAt(0), dataVar, scoped);
    const pd = hasDefault ? gen(args[1], ctx, argAt(1), dataVar, scoped).code : 'undefined';
    if (ctx.resolve && !scoped) {
      ctx.errors.push(kpError('UnknownVariable', argAt(0), '规则包中变量名必须是常量', 'variable names in rule packs must be constants'));
      return { code: 'null', type: 'null' };
    }
    return { code: `$dv(${dataVar}, ${pa.code}, ${pd})`, type: 'any' };
  }
  const path = a === undefined || a === null ? '' : String(a);
  const segs = path === '' ? [] : path.split('.');
  const bad = segs.find((s) => FORBIDDEN_SEGMENTS.has(s));
  if (bad !== undefined) {
    ctx.errors.push(kpError('ForbiddenPath', argAt(0), `变量路径不能包含 "${bad}"`, `variable paths may not contain "${bad}"`));
    return { code: 'null', type: 'null' };
  }
  const def = hasDefault ? gen(args[1], ctx, argAt(1), dataVar, scoped) : null;
  if (ctx.resolve && !scoped) {
    if (path === '') {
      ctx.errors.push(kpError('UnknownVariable', argAt(0), '变量名不能为空', 'the variable name is empty'));
      return { code: 'null', type: 'null' };
    }
    const r = ctx.resolve(path, argAt(0), def ? def.code : 'null');
    if (!r) return { code: 'null', type: 'null' };
    ctx.reads.add(path);
    return r;
  }
  if (scoped && ctx.itemSchema && dataVar === 'd' && !def) {
    // An item of a validated array: direct property reads with static types.
    if (segs.length === 0) return { code: 'd', type: schemaType(ctx.itemSchema), schema: ctx.itemSchema };
    const typed = pathCode('d', segs, ctx.itemSchema, true, 'null', (c) => hoist(ctx, c));
    if (typed.type !== 'any') return typed;
  }
  if (segs.length === 0) return { code: dataVar, type: 'any' };
  const segsConst = hoist(ctx, JSON.stringify(segs));
  return { code: `$get(${dataVar}, ${segsConst}, ${def ? def.code : 'null'})`, type: 'any' };
}

/**
 * Generic mode: a standalone function of the data object, with json-logic-js semantics. `budget` is the cell its
 * loops and string building charge (unlimited unless the caller sets `budget.b`).
 */
export function compileLogic(logic: unknown, budget: BudgetCell = { b: UNLIMITED }): { fn: (data: unknown) => unknown; errors: KpError[]; source: string } {
  const size = checkSize(logic, '');
  if (size) return { fn: () => null, errors: [size], source: '' };
  const ctx = newContext(null, '');
  const c = gen(logic, ctx, '');
  if (ctx.errors.length) return { fn: () => null, errors: ctx.errors, source: '' };
  const source = `${ctx.hoisted.join('\n')}\nreturn function (d) { var $x; return ${c.code}; };`;
  return { fn: instantiate(source, budget) as (d: unknown) => unknown, errors: [], source };
}

const HELPER_NAMES = [...RUNTIME_NAMES, ...Object.keys(SCOPED_HELPERS)];
const HELPER_VALUES = [...RUNTIME_VALUES, ...Object.values(SCOPED_HELPERS)];

/**
 * Turns generated source into a function; the only place the engine creates code. `$B` in the code is the
 * compiled pack's budget cell: evaluate() points it at the running evaluation's budget.
 */
export function instantiate(source: string, budget: BudgetCell = { b: UNLIMITED }): unknown {
  // eslint-disable-next-line no-new-func
  const factory = new Function(...HELPER_NAMES, '$B', `"use strict";\n${source}`);
  return factory(...HELPER_VALUES, budget);
}
