import { kpError, ptr, type KpError } from '../errors';
import type { Json, Pack, ParameterDef } from '../types';

/** The range a locality may set a parameter in (`local: true`: the parameter's own min/max); null when it is not local. */
export function localRange(def: ParameterDef | undefined): { min: number; max: number } | null {
  if (!def?.local) return null;
  if (def.local === true) return typeof def.min === 'number' && typeof def.max === 'number' ? { min: def.min, max: def.max } : null;
  return { min: def.local.min, max: def.local.max };
}

const zhName = (def: ParameterDef, name: string) => def.label?.['zh-CN'] || name;
const enName = (def: ParameterDef, name: string) => def.label?.en || name;
const isNumberList = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');

/**
 * A locality's own values (a deployment's, or an official evaluation's overrides): each names a `local` parameter,
 * keeps its shape (a number, or a list of as many numbers) and lies within its range; an increasing list stays
 * increasing. Errors point at `${base}/<name>`.
 */
export function checkLocalValues(pack: Pack, values: Record<string, unknown>, base = '/parameters'): KpError[] {
  const errors: KpError[] = [];
  const defs = pack.parameters ?? {};
  for (const [name, v] of Object.entries(values)) {
    const at = base + ptr(name);
    const def = Object.prototype.hasOwnProperty.call(defs, name) ? defs[name] : undefined;
    if (!def) {
      errors.push(kpError('UnknownParameter', at, `规则包没有参数“${name}”`, `the pack has no parameter "${name}"`));
      continue;
    }
    const zh = zhName(def, name);
    const en = enName(def, name);
    const range = localRange(def);
    if (!range) {
      errors.push(kpError('BadParameter', at, `${zh} 由省里统一规定，不能在本地调整`, `${en} is set by the province and cannot be adjusted locally`));
      continue;
    }
    const within = `应在 ${range.min} 到 ${range.max} 之间`;
    const withinEn = `must be between ${range.min} and ${range.max}`;
    if (typeof def.value === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(kpError('BadParameter', at, `${zh} 应为数字，${within}`, `${en} must be a number; it ${withinEn}`));
      else if (v < range.min || v > range.max) errors.push(kpError('BadParameter', at, `${zh} ${within}`, `${en} ${withinEn}`));
      continue;
    }
    const n = (def.value as Json[]).length;
    if (!Array.isArray(v) || v.length !== n || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      errors.push(kpError('BadParameter', at, `${zh} 应为 ${n} 个数字，每个${within}`, `${en} must be ${n} numbers, each of which ${withinEn}`));
      continue;
    }
    v.forEach((x: number, i) => {
      if (x < range.min || x > range.max) errors.push(kpError('BadParameter', `${at}/${i}`, `${zh} 第 ${i + 1} 个数 ${within}`, `${en} number ${i + 1} ${withinEn}`));
      else if (def.increasing && i > 0 && !(x > v[i - 1])) errors.push(kpError('BadParameter', `${at}/${i}`, `${zh} 须逐个递增（第 ${i + 1} 个数不大于前一个）`, `${en} must increase (number ${i + 1} is not above the previous one)`));
    });
  }
  return errors;
}

/**
 * `local` declarations that make sense: only on a number or a list of numbers, with a range (true needs the
 * parameter's own min and max), min ≤ max, inside the parameter's own bounds, holding its default, and never on a
 * weight that must add up with others (a local value would break the sum).
 */
export function checkLocalDeclarations(pack: Pack): KpError[] {
  const errors: KpError[] = [];
  const weights = new Set((pack.weightGroups ?? []).flatMap((g) => g.params));
  for (const [name, def] of Object.entries(pack.parameters ?? {})) {
    if (!def || def.local === undefined) continue;
    const at = `/parameters${ptr(name)}/local`;
    const zh = zhName(def, name);
    const en = enName(def, name);
    if (!(typeof def.value === 'number' || isNumberList(def.value))) {
      errors.push(kpError('BadParameter', at, `${zh} 不是数字或数字列表，不能设为可由地方调整`, `${en} is not a number or a list of numbers; it cannot be local`));
      continue;
    }
    if (weights.has(name)) {
      errors.push(kpError('BadParameter', at, `${zh} 属于须合计为定值的权重组，不能由地方单独调整`, `${en} is a weight that must add up with others; it cannot be local`));
      continue;
    }
    const range = localRange(def);
    if (!range) {
      errors.push(kpError('BadParameter', at, `${zh} 设为 local: true 时须有最小值和最大值（或写明 local 的 min 和 max）`, `${en}: local: true needs the parameter's min and max (or give local its own min and max)`));
      continue;
    }
    if (range.min > range.max) {
      errors.push(kpError('BadParameter', `${at}/min`, `${zh} 的地方调整范围 ${range.min} 到 ${range.max} 为空（最小值大于最大值）`, `${en}: the local range ${range.min} to ${range.max} is empty (min above max)`));
      continue;
    }
    if (def.local !== true) {
      if (def.min !== undefined && range.min < def.min) errors.push(kpError('BadParameter', `${at}/min`, `${zh} 的地方调整下限 ${range.min} 低于参数最小值 ${def.min}`, `${en}: the local minimum ${range.min} is below the parameter's minimum ${def.min}`));
      if (def.max !== undefined && range.max > def.max) errors.push(kpError('BadParameter', `${at}/max`, `${zh} 的地方调整上限 ${range.max} 高于参数最大值 ${def.max}`, `${en}: the local maximum ${range.max} is above the parameter's maximum ${def.max}`));
    }
    const values = typeof def.value === 'number' ? [def.value] : (def.value as number[]);
    values.forEach((x, i) => {
      if (x < range.min || x > range.max) {
        const vat = `/parameters${ptr(name)}/value${typeof def.value === 'number' ? '' : `/${i}`}`;
        errors.push(kpError('BadParameter', vat, `${zh} 的默认值 ${x} 不在地方调整范围 ${range.min} 到 ${range.max} 之内`, `${en}: the default ${x} is outside the local range ${range.min} to ${range.max}`));
      }
    });
  }
  return errors;
}

/** The local parameters of a version as a locality's form shows them: label, unit, the province's default and range. */
export function localParameters(pack: Pack): { name: string; label: Pack['parameters'][string]['label']; unit: string | null; description: Pack['parameters'][string]['description'] | null; default: Json; min: number; max: number }[] {
  return Object.entries(pack.parameters ?? {}).flatMap(([name, def]) => {
    const range = localRange(def);
    return range ? [{ name, label: def.label, unit: def.unit ?? null, description: def.description ?? null, default: def.value, min: range.min, max: range.max }] : [];
  });
}

/**
 * The sentences a 公示 notice prints for values that differ from the pack's own: "本地参数：四星线 82 分（省定 75–85）".
 * A value the pack does not let localities set (an older override) names the pack's value instead of a range.
 */
export function localNotes(pack: Pick<Pack, 'parameters'>, values: Record<string, unknown> | null | undefined): { name: string; 'zh-CN': string; en: string }[] {
  const show = (v: unknown, sep: string) => (Array.isArray(v) ? v.map(String).join(sep) : String(v));
  return Object.entries(values ?? {}).flatMap(([name, v]) => {
    const def = Object.prototype.hasOwnProperty.call(pack.parameters ?? {}, name) ? pack.parameters[name] : undefined;
    if (!def || JSON.stringify(def.value) === JSON.stringify(v)) return [];
    const unit = def.unit ? ` ${def.unit}` : '';
    const range = localRange(def);
    const zh = `本地参数：${zhName(def, name)} ${show(v, '、')}${unit}（${range ? `省定 ${range.min}–${range.max}` : `规则包为 ${show(def.value, '、')}${unit}`}）`;
    const en = `Local parameter: ${enName(def, name)} ${show(v, ', ')}${unit} (${range ? `province's range ${range.min}–${range.max}` : `the pack's value ${show(def.value, ', ')}${unit}`})`;
    return [{ name, 'zh-CN': zh, en }];
  });
}
