import { kpError, type KpError } from '../errors';
import type { Pack } from '../types';
import type { SweepSpec, VariantSpec } from './types';

/**
 * Parameter overrides by dotted name, with one extension for simulation: `starBands.3` names element 3 of
 * the array parameter `starBands`, so a sweep can move one band. Unknown names pass through unchanged, so
 * compilePack reports them by pointer like any other bad override.
 */
export function expandOverrides(pack: Pack, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const elements: [string, number, unknown][] = [];
  for (const [name, value] of Object.entries(overrides)) {
    const m = /^(.+)\.(\d+)$/.exec(name);
    if (!(name in pack.parameters) && m && Array.isArray(pack.parameters[m[1]]?.value)) elements.push([m[1], Number(m[2]), value]);
    else out[name] = value;
  }
  for (const [name, i, value] of elements) {
    const arr = [...((Array.isArray(out[name]) ? out[name] : pack.parameters[name].value) as unknown[])];
    arr[i] = value;
    out[name] = arr;
  }
  return out;
}

const decimalsOf = (n: number) => {
  const s = String(n);
  if (s.includes('e')) return 10;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
};

/** The values of a sweep, `from` to `to` inclusive, free of floating drift (90, 90.1, … not 90.19999999999999). */
export function sweepValues(s: Pick<SweepSpec, 'from' | 'to' | 'step'>, at = '/sweep'): { values: number[]; errors: KpError[] } {
  const errors: KpError[] = [];
  for (const k of ['from', 'to', 'step'] as const) {
    if (typeof s[k] !== 'number' || !Number.isFinite(s[k])) errors.push(kpError('BadParameter', `${at}/${k}`, `扫描的 ${k} 必须是数字`, `the sweep's ${k} must be a number`));
  }
  if (errors.length) return { values: [], errors };
  if (s.step === 0 || Math.sign(s.to - s.from) * Math.sign(s.step) < 0) {
    errors.push(kpError('BadParameter', `${at}/step`, '扫描步长必须非零，且方向从 from 指向 to', 'the sweep step must be non-zero and point from `from` towards `to`'));
    return { values: [], errors };
  }
  const d = Math.max(decimalsOf(s.from), decimalsOf(s.step));
  const n = Math.floor((s.to - s.from) / s.step + 1e-9) + 1;
  if (n > 1000) {
    errors.push(kpError('BadParameter', `${at}/step`, `扫描有 ${n} 步，最多 1000 步`, `the sweep has ${n} steps; at most 1000 are allowed`));
    return { values: [], errors };
  }
  const values = Array.from({ length: n }, (_, i) => Number((s.from + i * s.step).toFixed(d)));
  return { values, errors };
}

/** `name=from:to:step` as on the CLI. */
export function parseSweep(text: string, at = '/sweep'): { sweep: SweepSpec | null; errors: KpError[] } {
  const m = /^([^=]+)=([^:]+):([^:]+):([^:]+)$/.exec(text);
  if (!m) return { sweep: null, errors: [kpError('BadParameter', at, `扫描格式应为 名称=起:止:步长，收到 "${text}"`, `a sweep reads name=from:to:step; got "${text}"`)] };
  const sweep: SweepSpec = { parameter: m[1], from: Number(m[2]), to: Number(m[3]), step: Number(m[4]) };
  const { errors } = sweepValues(sweep, at);
  return { sweep: errors.length ? null : sweep, errors };
}

/** The variants of a sweep: one per step, each the base variant with the parameter set. */
export function sweepVariants(s: SweepSpec): { variants: (VariantSpec & { value: number })[]; errors: KpError[] } {
  const { values, errors } = sweepValues(s);
  const variants = values.map((value) => ({
    name: `${s.parameter}=${value}`,
    pack: s.base?.pack,
    parameters: { ...(s.base?.parameters ?? {}), [s.parameter]: value },
    value,
  }));
  return { variants, errors };
}

/** A variant's name from its overrides when none is given: `starBands=[60,70,80,88,96]`. */
export function variantName(pack: Pack | undefined, parameters: Record<string, unknown> | undefined, baseline: Pack): string {
  const parts: string[] = [];
  if (pack && (pack.id !== baseline.id || pack.version !== baseline.version)) parts.push(`${pack.id}@${pack.version}`);
  for (const [k, v] of Object.entries(parameters ?? {})) parts.push(`${k}=${JSON.stringify(v)}`);
  return parts.join(' ') || 'baseline';
}
