import { kpError, KpError } from '../errors';
import type { Json, Pack, ParameterDef } from '../types';

/**
 * Effective parameter values of a run: the pack's defaults with overrides applied. An override must
 * name a declared parameter and keep its shape (a number stays a number, an array keeps its length),
 * within min/max, increasing where declared; weight groups must still add up.
 */
export function resolveParameters(pack: Pack, overrides?: Record<string, unknown>): { values: Record<string, Json>; errors: KpError[]; overrideErrors: boolean } {
  const errors: KpError[] = [];
  const values: Record<string, Json> = {};
  const defs = pack.parameters ?? {};
  for (const [name, def] of Object.entries(defs)) {
    values[name] = def.value;
    errors.push(...checkValue(name, def, def.value, `/parameters/${esc(name)}/value`));
  }
  const packErrors = errors.length;
  for (const [name, v] of Object.entries(overrides ?? {})) {
    const at = `/parameters/${esc(name)}`;
    const def = Object.prototype.hasOwnProperty.call(defs, name) ? defs[name] : undefined;
    if (!def) {
      errors.push(kpError('UnknownParameter', at, `规则包没有参数 "${name}"`, `the pack has no parameter "${name}"`));
      continue;
    }
    const shape = sameShape(def.value, v);
    if (shape) {
      errors.push(kpError('BadParameter', at, `参数 "${name}" ${shape.zh}`, `parameter "${name}" ${shape.en}`));
      continue;
    }
    const e = checkValue(name, def, v as Json, at);
    errors.push(...e);
    if (!e.length) values[name] = v as Json;
  }
  for (const [gi, g] of (pack.weightGroups ?? []).entries()) {
    const nums = g.params.map((p) => values[p]);
    if (!nums.every((x) => typeof x === 'number')) {
      errors.push(kpError('WeightSum', `/weightGroups/${gi}`, '权重组只能包含数字参数', 'a weight group may list number parameters only'));
      continue;
    }
    const sum = (nums as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - g.sum) > 1e-9) {
      const touched = g.params.find((p) => overrides && p in overrides);
      const at = touched ? `/parameters/${esc(touched)}` : `/weightGroups/${gi}`;
      errors.push(kpError('WeightSum', at, `权重 ${g.params.join(' + ')} 之和为 ${round9(sum)}，应为 ${g.sum}`, `weights ${g.params.join(' + ')} add up to ${round9(sum)}, not ${g.sum}`));
    }
  }
  return { values, errors, overrideErrors: errors.length > packErrors };
}

const round9 = (x: number) => Math.round(x * 1e9) / 1e9;
const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function sameShape(def: Json, v: unknown): { zh: string; en: string } | null {
  const t = (x: unknown) => (Array.isArray(x) ? 'array' : x === null ? 'null' : typeof x);
  if (t(def) !== t(v)) return { zh: `应为 ${t(def)}，实际为 ${t(v)}`, en: `must be ${t(def)}, got ${t(v)}` };
  if (Array.isArray(def) && Array.isArray(v) && def.length !== v.length) return { zh: `应有 ${def.length} 个元素`, en: `must have ${def.length} elements` };
  if (Array.isArray(def) && Array.isArray(v)) {
    for (let i = 0; i < def.length; i++) if (t(def[i]) !== t(v[i])) return { zh: `第 ${i} 个元素应为 ${t(def[i])}`, en: `element ${i} must be ${t(def[i])}` };
  }
  return null;
}

function checkValue(name: string, def: ParameterDef, v: Json, at: string): KpError[] {
  const errors: KpError[] = [];
  const items: [number, string][] = typeof v === 'number' ? [[v, at]] : Array.isArray(v) ? v.map((x, i) => [x as number, `${at}/${i}`] as [number, string]).filter(([x]) => typeof x === 'number') : [];
  for (const [x, p] of items) {
    if (!Number.isFinite(x)) errors.push(kpError('BadParameter', p, `参数 "${name}" 必须是有限数`, `parameter "${name}" must be a finite number`));
    else if (def.min !== undefined && x < def.min) errors.push(kpError('BadParameter', p, `参数 "${name}" 不能小于 ${def.min}`, `parameter "${name}" must be at least ${def.min}`));
    else if (def.max !== undefined && x > def.max) errors.push(kpError('BadParameter', p, `参数 "${name}" 不能大于 ${def.max}`, `parameter "${name}" must be at most ${def.max}`));
  }
  if (def.increasing && Array.isArray(v)) {
    for (let i = 1; i < v.length; i++) {
      if (!((v[i] as number) > (v[i - 1] as number))) {
        errors.push(kpError('BandOverlap', `${at}/${i}`, `参数 "${name}" 必须严格递增（第 ${i} 个不大于前一个，等级区间会重叠）`, `parameter "${name}" must increase strictly (element ${i} is not above the previous one, so bands would overlap)`));
      }
    }
  }
  return errors;
}
