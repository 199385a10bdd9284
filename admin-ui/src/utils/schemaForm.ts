/**
 * A form description generated from a pack's input schema (JSON Schema of one subject): nested objects,
 * arrays (of objects like `peers`, or of numbers like `additions`), enums, booleans, numbers with bounds.
 * Bounds written `{ "$param": name }` are read from the pack's parameters. Pure; rendered by SchemaForm.vue.
 */
import { labelText } from './explain';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Base {
  key: string;
  /** JSON Pointer of the field below the subject (`/peers/0/innovation` once indexed). */
  path: string;
  label: string;
  description?: string;
  required: boolean;
  nullable: boolean;
}

export type FieldSpec =
  | (Base & { kind: 'object'; fields: FieldSpec[] })
  | (Base & { kind: 'array'; item: FieldSpec; minItems: number; maxItems?: number })
  | (Base & { kind: 'number' | 'integer'; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; step: number; default?: number })
  | (Base & { kind: 'boolean'; default?: boolean })
  | (Base & { kind: 'enum'; options: { value: unknown; label: string }[]; default?: unknown })
  | (Base & { kind: 'string'; default?: string; format?: string });

export type Parameters = Record<string, { value?: unknown } | undefined>;

/** A numeric keyword: a literal, or `{ "$param": "name" }` read from the parameters (element `name.2` too). */
export function resolveNumber(v: unknown, params: Parameters): number | undefined {
  if (typeof v === 'number') return v;
  if (isObj(v) && typeof v.$param === 'string') {
    const name = v.$param;
    const direct = params[name]?.value;
    if (typeof direct === 'number') return direct;
    const m = /^(.*)\.(\d+)$/.exec(name);
    const arr = m ? params[m[1]]?.value : undefined;
    if (m && Array.isArray(arr) && typeof arr[Number(m[2])] === 'number') return arr[Number(m[2])] as number;
  }
  return undefined;
}

function typeOf(s: Obj): { type: string | undefined; nullable: boolean } {
  const t = s.type;
  if (Array.isArray(t)) {
    const rest = t.filter((x) => x !== 'null');
    return { type: rest[0] as string | undefined, nullable: rest.length !== t.length };
  }
  if (typeof t === 'string') return { type: t, nullable: false };
  if (s.enum || s.const !== undefined) return { type: 'enum', nullable: false };
  if (s.properties) return { type: 'object', nullable: false };
  if (s.items) return { type: 'array', nullable: false };
  return { type: undefined, nullable: false };
}

function firstBranch(s: Obj): Obj {
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    const list = s[k];
    if (Array.isArray(list) && list.length && isObj(list[0])) {
      const { [k]: _drop, ...rest } = s;
      return { ...(list[0] as Obj), ...rest };
    }
  }
  return s;
}

export function fieldOf(schema: unknown, key: string, path: string, required: boolean, params: Parameters, locale: string, depth = 0): FieldSpec {
  const s = firstBranch(isObj(schema) ? schema : {});
  const { type, nullable } = typeOf(s);
  const base: Base = {
    key,
    path,
    label: labelText(s.title, locale) || key,
    description: typeof s.description === 'string' ? labelText(s.description, locale) : undefined,
    required,
    nullable,
  };
  const enumValues = Array.isArray(s.enum) ? s.enum : s.const !== undefined ? [s.const] : null;
  if (enumValues) {
    const names = Array.isArray(s['x-labels']) ? (s['x-labels'] as unknown[]) : [];
    return { ...base, kind: 'enum', options: enumValues.map((v, k) => ({ value: v, label: names[k] ? labelText(names[k], locale) : String(v) })), default: s.default };
  }
  if (type === 'object' && depth < 6) {
    const req = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    const props = isObj(s.properties) ? s.properties : {};
    return { ...base, kind: 'object', fields: Object.entries(props).map(([k, sub]) => fieldOf(sub, k, `${path}/${k}`, req.has(k), params, locale, depth + 1)) };
  }
  if (type === 'array' && depth < 6) {
    return {
      ...base,
      kind: 'array',
      item: fieldOf(s.items, '', `${path}/-`, true, params, locale, depth + 1),
      minItems: resolveNumber(s.minItems, params) ?? 0,
      maxItems: resolveNumber(s.maxItems, params),
    };
  }
  if (type === 'number' || type === 'integer') {
    const exMin = resolveNumber(s.exclusiveMinimum, params);
    const exMax = resolveNumber(s.exclusiveMaximum, params);
    const min = resolveNumber(s.minimum, params) ?? exMin;
    const max = resolveNumber(s.maximum, params) ?? exMax;
    return {
      ...base,
      kind: type,
      min,
      max,
      exclusiveMin: exMin !== undefined && resolveNumber(s.minimum, params) === undefined,
      exclusiveMax: exMax !== undefined && resolveNumber(s.maximum, params) === undefined,
      step: type === 'integer' ? 1 : max !== undefined && min !== undefined && max - min <= 1 ? 0.01 : 1,
      default: typeof s.default === 'number' ? s.default : undefined,
    };
  }
  if (type === 'boolean') return { ...base, kind: 'boolean', default: typeof s.default === 'boolean' ? s.default : undefined };
  return { ...base, kind: 'string', default: typeof s.default === 'string' ? s.default : undefined, format: typeof s.format === 'string' ? s.format : undefined };
}

/** The fields of one subject's inputs (the root object's properties, without `id`). */
export function subjectFields(inputSchema: unknown, params: Parameters, locale: string): FieldSpec[] {
  const root = fieldOf(inputSchema, '', '', true, params, locale);
  return root.kind === 'object' ? root.fields.filter((f) => f.key !== 'id') : [];
}

/** A valid starting value: schema defaults, else the lower bound, the first enum option, false, one item per minItems. */
export function defaultValue(f: FieldSpec): unknown {
  switch (f.kind) {
    case 'object':
      return Object.fromEntries(f.fields.map((c) => [c.key, defaultValue(c)]));
    case 'array':
      return Array.from({ length: Math.max(f.minItems, f.item.kind === 'object' ? 1 : 0) }, () => defaultValue(f.item));
    case 'number':
    case 'integer': {
      if (f.default !== undefined) return f.default;
      if (f.min === undefined) return 0;
      if (!f.exclusiveMin) return f.min;
      return f.kind === 'integer' ? f.min + 1 : f.min + f.step;
    }
    case 'boolean':
      return f.default ?? false;
    case 'enum':
      return f.default !== undefined ? f.default : f.options[0]?.value;
    case 'string':
      if (f.default !== undefined) return f.default;
      return f.format === 'date' ? new Date().toISOString().slice(0, 10) : '';
  }
}

export function defaultSubject(fields: FieldSpec[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.key, defaultValue(f)]));
}
