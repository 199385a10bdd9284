import { kpError, KpError } from '../errors';
import type { Json, Pack, Rule } from '../types';
import type { Code, StaticType } from './expr';

/** What a top-level name in a pack expression refers to. */
export type Symbol =
  | { kind: 'input'; name: string; type: StaticType; required: boolean; schema: Record<string, any> }
  | { kind: 'builtin'; name: 'id' | 'period' }
  | { kind: 'param'; name: string }
  | { kind: 'value'; name: string; rule: Rule; index: number };

export interface SymbolTable {
  inputs: Map<string, Extract<Symbol, { kind: 'input' }>>;
  /** Rule-defined names (a quota rule defines two: its name and its blockedName). */
  values: Map<string, { rule: Rule; index: number }>;
  params: Record<string, Json>;
  errors: KpError[];
}

export function schemaType(schema: Record<string, any> | undefined): StaticType {
  const t = schema?.type;
  if (t === 'number' || t === 'integer') return 'num';
  if (t === 'boolean') return 'bool';
  if (t === 'string') return 'str';
  if (t === 'array') return 'arr';
  if (t === 'object') return 'obj';
  if (schema?.enum && Array.isArray(schema.enum)) {
    if (schema.enum.every((v: unknown) => typeof v === 'string')) return 'str';
    if (schema.enum.every((v: unknown) => typeof v === 'number')) return 'num';
  }
  return 'any';
}

/** Names a rule defines: its own name, plus a quota's refusal name. */
export function definedNames(rule: Rule): string[] {
  return rule.kind === 'quota' ? [rule.name, rule.blockedName] : [rule.name];
}

export function buildSymbols(pack: Pack, params: Record<string, Json>): SymbolTable {
  const errors: KpError[] = [];
  const inputs = new Map<string, Extract<Symbol, { kind: 'input' }>>();
  const props = (pack.input?.properties ?? {}) as Record<string, Record<string, any>>;
  const required = new Set<string>((pack.input?.required as string[]) ?? []);
  for (const [name, schema] of Object.entries(props)) {
    inputs.set(name, { kind: 'input', name, type: schemaType(schema), required: required.has(name), schema });
  }
  const values = new Map<string, { rule: Rule; index: number }>();
  const paramRoots = new Set(Object.keys(params).map((p) => p.split('.')[0]));
  pack.rules.forEach((rule, index) => {
    const isVetoOf = rule.kind === 'veto' ? rule.target : null;
    for (const name of definedNames(rule)) {
      const at = `/rules/${index}/name`;
      if (name === isVetoOf) {
        errors.push(kpError('DuplicateName', at, `否决规则的名称不能与其目标 "${name}" 相同`, `a veto's name cannot equal its target "${name}"`));
      } else if (values.has(name)) {
        errors.push(kpError('DuplicateName', at, `名称 "${name}" 已由第 ${values.get(name)!.index} 条规则定义`, `"${name}" is already defined by rule ${values.get(name)!.index}`));
      } else if (inputs.has(name) || name === 'id' || name === 'period') {
        errors.push(kpError('DuplicateName', at, `名称 "${name}" 与输入字段重名`, `"${name}" clashes with an input field`));
      } else if (paramRoots.has(name)) {
        errors.push(kpError('DuplicateName', at, `名称 "${name}" 与参数重名`, `"${name}" clashes with a parameter`));
      } else values.set(name, { rule, index });
    }
  });
  for (const root of paramRoots) {
    if (inputs.has(root)) errors.push(kpError('DuplicateName', `/parameters/${root}`, `参数 "${root}" 与输入字段重名`, `parameter "${root}" clashes with an input field`));
  }
  return { inputs, values, params, errors };
}

/** The value of a parameter path: a whole parameter, an element of one, or the object gathering a prefix. */
export function paramValue(params: Record<string, Json>, path: string): { found: boolean; value?: Json } {
  if (Object.prototype.hasOwnProperty.call(params, path)) return { found: true, value: params[path] };
  const segs = path.split('.');
  for (let i = segs.length - 1; i >= 1; i--) {
    const head = segs.slice(0, i).join('.');
    if (Object.prototype.hasOwnProperty.call(params, head)) {
      let v: any = params[head];
      for (const s of segs.slice(i)) {
        if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, s)) return { found: false };
        v = v[s];
      }
      return { found: true, value: v };
    }
  }
  const prefix = path + '.';
  const gathered: Record<string, Json> = {};
  let any = false;
  for (const [k, v] of Object.entries(params)) {
    if (k.startsWith(prefix)) {
      setPath(gathered, k.slice(prefix.length).split('.'), v);
      any = true;
    }
  }
  return any ? { found: true, value: gathered } : { found: false };
}

function setPath(o: Record<string, any>, segs: string[], v: Json): void {
  let cur = o;
  for (let i = 0; i < segs.length - 1; i++) cur = cur[segs[i]] ??= {};
  cur[segs[segs.length - 1]] = v;
}

export function constCode(v: Json, hoist: (code: string) => string): Code {
  if (v === null) return { code: 'null', type: 'null' };
  if (typeof v === 'number') return { code: JSON.stringify(v), type: 'num' };
  if (typeof v === 'boolean') return { code: String(v), type: 'bool' };
  if (typeof v === 'string') return { code: JSON.stringify(v), type: 'str' };
  return { code: hoist(`Object.freeze(${JSON.stringify(v)})`), type: Array.isArray(v) ? 'arr' : 'obj' };
}

/** JS for reading `segs` below `base`, guaranteed when every step is a required, typed property. */
export function pathCode(base: string, segs: string[], schema: Record<string, any> | undefined, guaranteed: boolean, notFound: string, hoist: (c: string) => string): Code {
  let code = base;
  let sch = schema;
  for (const s of segs) {
    const props = sch?.type === 'object' ? sch.properties : undefined;
    const req: string[] = sch?.required ?? [];
    if (!guaranteed || !props || !props[s] || !req.includes(s)) {
      return { code: `$get(${base}, ${hoist(JSON.stringify(segs))}, ${notFound})`, type: 'any' };
    }
    code += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
    sch = props[s];
  }
  const t = schemaType(sch);
  return guaranteed ? { code, type: t, schema: sch } : { code, type: 'any' };
}

/** Whether `segs` exists in the schema (for unknown-variable checks); arrays accept numeric segments. */
export function schemaHasPath(schema: Record<string, any> | undefined, segs: string[]): boolean {
  let sch = schema;
  for (const s of segs) {
    if (!sch) return true;
    if (sch.type === 'object') {
      if (!sch.properties || !(s in sch.properties)) return sch.additionalProperties !== false && !sch.properties;
      sch = sch.properties[s];
    } else if (sch.type === 'array') {
      if (!/^\d+$/.test(s)) return s === 'length' ? false : false;
      sch = sch.items;
    } else return false;
  }
  return true;
}
