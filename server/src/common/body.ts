import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { KpValidationError, kpError, type KpError } from '../engine/errors';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** A request whose shape is wrong (missing field, wrong type): 400, unlike a pack or envelope the engine rejects (422). */
export class RequestError extends KpValidationError {
  constructor(errors: KpError[]) {
    super(errors, 'input');
    this.name = 'RequestError';
  }
}

/** Check a request body against a JSON Schema; every problem becomes an InvalidInput error with its pointer (400). */
export function parseBody<T>(schema: object, body: unknown): T {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  if (validate(body ?? {})) return (body ?? {}) as T;
  throw new RequestError((validate.errors ?? []).map(toKpError));
}

function toKpError(e: ErrorObject): KpError {
  if (e.keyword === 'required') {
    const p = `${e.instancePath}/${String((e.params as { missingProperty: string }).missingProperty)}`;
    return kpError('InvalidInput', p, '缺少必填字段。', 'This field is required.');
  }
  if (e.keyword === 'additionalProperties') {
    const p = `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}`;
    return kpError('InvalidInput', p, '不允许的字段。', 'This field is not allowed.');
  }
  return kpError('InvalidInput', e.instancePath, `字段无效：${e.message ?? ''}`, `Invalid value: ${e.message ?? ''}`);
}

export function inputError(path: string, zh: string, en: string): RequestError {
  return new RequestError([kpError('InvalidInput', path, zh, en)]);
}
