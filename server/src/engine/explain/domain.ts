/**
 * The values an output can take, read off the pack (no evaluation): what `valueLabels` may name and
 * must name. Pure: no framework imports.
 */
import { kpError, ptr, type KpError } from '../errors';
import type { I18nText, Json, Pack, Rule } from '../types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A finite set of values, or `open` when some branch yields a number or something unknown. */
export interface Domain {
  values: Json[];
  open: boolean;
}

const BOOL: Domain = { values: [true, false], open: false };
const OPEN: Domain = { values: [], open: true };
const BOOL_OPS = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=', '!', '!!', 'in', 'some', 'all', 'none']);

function union(...ds: Domain[]): Domain {
  const values: Json[] = [];
  for (const d of ds) for (const v of d.values) if (!values.some((x) => x === v)) values.push(v);
  return { values, open: ds.some((d) => d.open) };
}

function literal(v: Json): Domain {
  return typeof v === 'number' ? { values: [v], open: false } : { values: [v], open: false };
}

/** The key a value has in `valueLabels`: "true", "false", "null", "excellent", "4". */
export function valueKey(v: unknown): string {
  return v === null || v === undefined ? 'null' : String(v);
}

function ruleOf(pack: Pack, name: string): Rule | undefined {
  return pack.rules.find((r) => r.name === name);
}

function inputSchemaAt(pack: Pack, path: string): Obj | undefined {
  let s: unknown = pack.input;
  for (const seg of path.split('.')) s = isObj(s) && isObj(s.properties) ? s.properties[seg] : undefined;
  return isObj(s) ? s : undefined;
}

function exprDomain(pack: Pack, e: unknown, seen: Set<string>): Domain {
  if (e === null || typeof e === 'string' || typeof e === 'boolean') return literal(e);
  if (typeof e === 'number') return OPEN;
  if (Array.isArray(e)) return OPEN;
  if (!isObj(e)) return OPEN;
  const keys = Object.keys(e);
  if (keys.length !== 1) return OPEN;
  const op = keys[0];
  const arg = e[op];
  const args = Array.isArray(arg) ? arg : [arg];
  if (BOOL_OPS.has(op)) return BOOL;
  if (op === 'var') {
    const name = String(args[0] ?? '');
    if (ruleOf(pack, name) || pack.rules.some((r) => r.kind === 'quota' && r.blockedName === name)) return nameDomain(pack, name, seen);
    const p = pack.parameters[name];
    if (p) return typeof p.value === 'string' || typeof p.value === 'boolean' ? literal(p.value) : OPEN;
    const s = inputSchemaAt(pack, name);
    if (s?.type === 'boolean') return BOOL;
    if (Array.isArray(s?.enum)) return { values: s!.enum as Json[], open: (s!.enum as unknown[]).some((x) => typeof x === 'number') };
    return OPEN;
  }
  if (op === 'if' || op === '?:') {
    const branches = args.filter((_, i) => i % 2 === 1 || i === args.length - 1);
    return union(...branches.map((b) => exprDomain(pack, b, seen)));
  }
  if (op === 'and' || op === 'or') {
    const ds = args.map((a) => exprDomain(pack, a, seen));
    return ds.every((d) => !d.open && d.values.every((v) => typeof v === 'boolean')) ? BOOL : union(...ds);
  }
  return OPEN;
}

/** The values an output (or any rule value) can take. */
export function nameDomain(pack: Pack, name: string, seen = new Set<string>()): Domain {
  if (seen.has(name)) return OPEN;
  seen = new Set(seen).add(name);
  const quota = pack.rules.find((r) => r.kind === 'quota' && r.blockedName === name);
  if (quota && quota.kind === 'quota') return { values: [...quota.quotas.map((q) => q.id), null], open: false };
  const r = ruleOf(pack, name);
  if (!r) return OPEN;
  let d: Domain;
  switch (r.kind) {
    case 'veto':
    case 'quota':
      d = BOOL;
      break;
    case 'bands':
      d = union(...(r.values ?? r.ranges?.map((x) => x.value) ?? []).map((v) => literal(v)), literal(r.below ?? null));
      break;
    case 'ladder':
      d = union(literal(r.below), ...r.levels.map((l) => literal(l.value)));
      break;
    case 'movement':
      d = { values: ['up', 'down', 'same', 'new'], open: false };
      break;
    case 'previous':
      d = union(nameDomain(pack, r.of, seen), literal(null));
      break;
    case 'value':
      d = exprDomain(pack, r.expr, seen);
      break;
    default:
      d = OPEN;
  }
  // A veto replaces its target's value: the replacement is a value too.
  for (const v of pack.rules) if (v.kind === 'veto' && v.target === name) d = union(d, exprDomain(pack, v.value, seen));
  return d;
}

/** An output whose every value is a word (a string or a boolean, and perhaps null): it needs labels. */
export function needsLabels(pack: Pack, output: string): Json[] | null {
  const d = nameDomain(pack, output);
  if (d.open || !d.values.length) return null;
  if (d.values.some((v) => typeof v === 'number')) return null;
  if (!d.values.some((v) => typeof v === 'string' || typeof v === 'boolean')) return null;
  return d.values.filter((v) => v !== null);
}

/** `valueLabels` names outputs, and values those outputs can take (when the values are a finite set). */
export function checkValueLabels(pack: Pack): KpError[] {
  const errors: KpError[] = [];
  const labels = (pack as Pack & { valueLabels?: Record<string, Record<string, I18nText>> }).valueLabels;
  if (!labels) return errors;
  for (const [out, vals] of Object.entries(labels)) {
    const at = `/valueLabels${ptr(out)}`;
    if (!pack.outputs.includes(out)) {
      errors.push(kpError('UnknownOutput', at, `值标签的 "${out}" 不是输出`, `value labels name "${out}", which is not an output`));
      continue;
    }
    const d = nameDomain(pack, out);
    if (d.open) {
      // numbers: only the numbers the output can take when it is a grade (bands, ladder); otherwise any numeric key
      for (const k of Object.keys(vals)) {
        if (k !== 'null' && !Number.isFinite(Number(k)) && !d.values.some((v) => valueKey(v) === k)) {
          errors.push(kpError('UnknownValue', `${at}${ptr(k)}`, `输出 "${out}" 不会取值 "${k}"`, `output "${out}" never takes the value "${k}"`));
        }
      }
      continue;
    }
    for (const k of Object.keys(vals)) {
      if (!d.values.some((v) => valueKey(v) === k) && k !== 'null') {
        errors.push(kpError('UnknownValue', `${at}${ptr(k)}`, `输出 "${out}" 不会取值 "${k}"（可取：${d.values.map(valueKey).join('、')}）`, `output "${out}" never takes the value "${k}" (values: ${d.values.map(valueKey).join(', ')})`));
      }
    }
  }
  return errors;
}
