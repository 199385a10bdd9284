import type { ErrorObject } from 'ajv';
import { kpError, KpError, ptr } from '../errors';

/** Turns ajv's errors into engine errors: the pointer names the offending field itself, the message is bilingual. */
export function fromAjv(errors: ErrorObject[] | null | undefined, base: string, kind: 'InvalidInput' | 'SchemaViolation'): KpError[] {
  const out: KpError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // if/then wrappers repeat the real error; `false schema` and `if` add nothing a reader can act on.
    if (e.keyword === 'if' || e.keyword === 'allOf' || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    let path = base + e.instancePath;
    const p = e.params as Record<string, any>;
    if (e.keyword === 'required') path += ptr(p.missingProperty);
    if (e.keyword === 'additionalProperties') path += ptr(p.additionalProperty);
    const m = message(e);
    const key = `${path}|${m.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(kpError(kind, path, m.zh, m.en));
  }
  return out;
}

function message(e: ErrorObject): { zh: string; en: string } {
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'required':
      return { zh: `缺少必填字段 "${p.missingProperty}"`, en: `required field "${p.missingProperty}" is missing` };
    case 'additionalProperties':
      return { zh: `不允许的字段 "${p.additionalProperty}"`, en: `field "${p.additionalProperty}" is not allowed` };
    case 'type':
      return { zh: `类型应为 ${p.type}`, en: `must be of type ${p.type}` };
    case 'minimum':
      return { zh: `不能小于 ${p.limit}`, en: `must be at least ${p.limit}` };
    case 'maximum':
      return { zh: `不能大于 ${p.limit}`, en: `must be at most ${p.limit}` };
    case 'exclusiveMinimum':
      return { zh: `必须大于 ${p.limit}`, en: `must be greater than ${p.limit}` };
    case 'exclusiveMaximum':
      return { zh: `必须小于 ${p.limit}`, en: `must be less than ${p.limit}` };
    case 'enum':
      return { zh: `应为以下之一：${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join('、')}`, en: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { zh: `应为 ${JSON.stringify(p.allowedValue)}`, en: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'minItems':
      return { zh: `至少需要 ${p.limit} 项`, en: `must have at least ${p.limit} items` };
    case 'maxItems':
      return { zh: `最多 ${p.limit} 项`, en: `must have at most ${p.limit} items` };
    case 'minLength':
      return { zh: `长度不能少于 ${p.limit}`, en: `must be at least ${p.limit} characters` };
    case 'maxLength':
      return { zh: `长度不能超过 ${p.limit}`, en: `must be at most ${p.limit} characters` };
    case 'pattern':
      return { zh: `格式不符合 ${p.pattern}`, en: `must match ${p.pattern}` };
    case 'format':
      return { zh: `格式应为 ${p.format}`, en: `must be a valid ${p.format}` };
    case 'multipleOf':
      return { zh: `必须是 ${p.multipleOf} 的倍数`, en: `must be a multiple of ${p.multipleOf}` };
    case 'uniqueItems':
      return { zh: '各项不能重复', en: 'items must be unique' };
    default: {
      // A schema's own description says what a compound rule (not, if …) means better than ajv can.
      const d = (e.parentSchema as { description?: string } | undefined)?.description;
      if (d) return { zh: d, en: d };
      return { zh: `不符合约束 ${e.keyword}：${e.message ?? ''}`, en: e.message ?? e.keyword };
    }
  }
}
