import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { kpError, KpError, ptr } from '../errors';
import type { Json, Pack } from '../types';
import { paramValue } from '../compile/names';
import { isPeriod, periodExample, periodIndex } from './periods';
import { fromAjv } from './ajv-errors';

/** Checks an evaluation envelope against the pack: shape, periods, unique ids, each subject's inputs, scopes. */
export type InputValidator = (env: unknown) => KpError[];

/** Limits on one envelope, so a hostile request cannot exhaust memory before validation ends. */
export const ENVELOPE_LIMITS = { maxErrors: 200 };

/** Replaces `{ "$param": name }` in numeric keywords with the run's parameter value. */
export function resolveSchemaParams(schema: unknown, params: Record<string, Json>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => resolveSchemaParams(s, params));
  if (schema === null || typeof schema !== 'object') return schema;
  const o = schema as Record<string, unknown>;
  if (Object.keys(o).length === 1 && typeof o.$param === 'string') {
    const pv = paramValue(params, o.$param);
    return pv.found ? pv.value : null;
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolveSchemaParams(v, params)]));
}

let shared: Ajv2020 | null = null;
function ajv(): Ajv2020 {
  if (!shared) {
    shared = new Ajv2020({ allErrors: true, strict: false, validateSchema: false, verbose: true });
    addFormats(shared);
  }
  return shared;
}

export function buildInputValidator(pack: Pack, params: Record<string, Json>): InputValidator {
  // `id` is checked on its own below; admitting it here lets ajv validate the subject as it is, without a copy.
  const resolved = resolveSchemaParams(pack.input, params) as Record<string, any>;
  const subjectSchema = { ...resolved, properties: { ...(resolved.properties ?? {}), id: true } };
  const validateSubject = ajv().compile(subjectSchema);
  const validateScope = pack.scopes ? ajv().compile(resolveSchemaParams(pack.scopes.schema, params) as object) : null;
  const ref = pack.scopes?.ref;
  const kind = pack.period;

  return (env) => {
    const errors: KpError[] = [];
    const push = (e: KpError) => errors.length < ENVELOPE_LIMITS.maxErrors && errors.push(e);
    if (env === null || typeof env !== 'object' || Array.isArray(env)) {
      return [kpError('InvalidInput', '', '输入必须是包含 periods 的对象', 'the input must be an object with "periods"')];
    }
    const e = env as Record<string, unknown>;
    for (const k of Object.keys(e)) {
      if (k !== 'periods' && k !== 'parameters') push(kpError('InvalidInput', ptr(k), `不允许的字段 "${k}"`, `field "${k}" is not allowed`));
    }
    if (e.parameters !== undefined && (e.parameters === null || typeof e.parameters !== 'object' || Array.isArray(e.parameters))) {
      push(kpError('InvalidInput', '/parameters', 'parameters 必须是对象', '"parameters" must be an object'));
    }
    if (!Array.isArray(e.periods)) {
      push(kpError('InvalidInput', '/periods', 'periods 必须是数组', '"periods" must be an array'));
      return errors;
    }
    let last = -Infinity;
    e.periods.forEach((p: unknown, pi: number) => {
      const at = `/periods/${pi}`;
      if (p === null || typeof p !== 'object' || Array.isArray(p)) {
        push(kpError('InvalidInput', at, '每个期间必须是对象', 'each period must be an object'));
        return;
      }
      const per = p as Record<string, unknown>;
      for (const k of Object.keys(per)) {
        if (k !== 'period' && k !== 'subjects' && k !== 'scopes') push(kpError('InvalidInput', `${at}${ptr(k)}`, `不允许的字段 "${k}"`, `field "${k}" is not allowed`));
      }
      if (!isPeriod(kind, per.period)) {
        push(kpError('BadPeriod', `${at}/period`, `期间应形如 "${periodExample(kind)}"（本规则包按${kind === 'year' ? '年' : kind === 'quarter' ? '季度' : '两个月'}考核）`, `the period must look like "${periodExample(kind)}" (this pack's period is ${kind})`));
      } else {
        const idx = periodIndex(kind, per.period);
        if (idx <= last) push(kpError('BadPeriod', `${at}/period`, '期间必须按时间顺序排列且不能重复', 'periods must be in chronological order without repeats'));
        last = idx;
      }
      const scopes = per.scopes;
      if (scopes !== undefined) {
        if (scopes === null || typeof scopes !== 'object' || Array.isArray(scopes)) push(kpError('InvalidInput', `${at}/scopes`, 'scopes 必须是对象', '"scopes" must be an object'));
        else if (validateScope) {
          for (const [key, facts] of Object.entries(scopes as Record<string, unknown>)) {
            if (!validateScope(facts)) for (const x of fromAjv(validateScope.errors, `${at}/scopes${ptr(key)}`, 'InvalidInput')) push(x);
          }
        }
      }
      if (!Array.isArray(per.subjects)) {
        push(kpError('InvalidInput', `${at}/subjects`, 'subjects 必须是数组', '"subjects" must be an array'));
        return;
      }
      const ids = new Set<string>();
      per.subjects.forEach((s: unknown, si: number) => {
        const sat = `${at}/subjects/${si}`;
        if (s === null || typeof s !== 'object' || Array.isArray(s)) {
          push(kpError('InvalidInput', sat, '每个对象必须是 JSON 对象', 'each subject must be an object'));
          return;
        }
        const subj = s as Record<string, unknown>;
        if (typeof subj.id !== 'string' || subj.id === '') push(kpError('InvalidInput', `${sat}/id`, 'id 必须是非空字符串', '"id" must be a non-empty string'));
        else if (ids.has(subj.id)) push(kpError('DuplicateSubject', `${sat}/id`, `对象 id "${subj.id}" 在本期重复`, `subject id "${subj.id}" appears twice in this period`));
        else ids.add(subj.id);
        if (!validateSubject(subj)) for (const x of fromAjv(validateSubject.errors, sat, 'InvalidInput')) push(x);
        if (ref) {
          const key = subj[ref];
          const table = scopes && typeof scopes === 'object' ? (scopes as Record<string, unknown>) : {};
          if (typeof key === 'string' && !Object.prototype.hasOwnProperty.call(table, key)) {
            push(kpError('MissingScope', `${sat}${ptr(ref)}`, `范围 "${key}" 不在本期的 scopes 中`, `scope "${key}" is missing from this period's scopes`));
          }
        }
      });
    });
    return errors;
  };
}

/** Why an input or scope schema does not compile, by pointer into the pack (/input/properties/x/maximum). */
export function inputSchemaErrors(pack: Pack, params: Record<string, Json>, cause: Error): KpError[] {
  const out: KpError[] = [];
  for (const [at, schema] of [['/input', pack.input], ['/scopes/schema', pack.scopes?.schema]] as const) {
    if (schema === undefined) continue;
    const resolved = resolveSchemaParams(schema, params) as object;
    if (!ajv().validateSchema(resolved)) out.push(...fromAjv(ajv().errors, at, 'SchemaViolation'));
  }
  return out.length ? out : [kpError('SchemaViolation', '/input', `输入的 JSON Schema 无效：${cause.message}`, `the input JSON Schema is invalid: ${cause.message}`)];
}
