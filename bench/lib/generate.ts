import type { Json, Pack } from '../../server/src/engine';
import { resolveSchemaParams } from '../../server/src/engine/evaluate/input';
import { prng } from './prng';

/**
 * Synthetic subjects drawn from a pack's input schema: every value in range, so validation passes and
 * the benchmark measures evaluation. A profile skews fields where uniform values would be unrealistic
 * (a uniform satisfaction vetoes most members; incidents are rare).
 */
export interface FieldHint {
  /** Numbers: draw from [lo, hi] instead of the schema's whole range (clamped to it). */
  range?: [number, number];
  /** Booleans: probability of true. */
  pTrue?: number;
  /** Numbers: resolution of the drawn values (default 1 for ranges ≥ 10, else 0.01). */
  step?: number;
}

export type Profile = Record<string, FieldHint>;

type Schema = Record<string, any>;
type Draw = () => unknown;

/** A generator of subject i, compiled once from the schema (millions of subjects are drawn). */
export function subjectGenerator(pack: Pack, params: Record<string, Json>, profile: Profile, seed: number): (i: number) => Record<string, unknown> {
  const schema = resolveSchemaParams(pack.input, params) as Schema;
  const rnd = prng(seed);
  // One latent quality per subject, shared (80%) by its numbers, so totals spread over every grade
  // instead of piling up at the mean as sums of independent draws do.
  let quality = 0.5;
  const compile = (s: Schema, path: string): Draw => {
    const hint = profile[path] ?? {};
    if (s.enum) {
      const values = s.enum as unknown[];
      return () => values[Math.floor(rnd() * values.length)];
    }
    switch (s.type) {
      case 'boolean': {
        const p = hint.pTrue ?? 0.05;
        return () => rnd() < p;
      }
      case 'integer':
      case 'number': {
        const min = typeof s.minimum === 'number' ? s.minimum : 0;
        const max = typeof s.maximum === 'number' ? s.maximum : min + 100;
        const [lo, hi] = hint.range ? [Math.max(min, hint.range[0]), Math.min(max, hint.range[1])] : [min, max];
        const step = s.type === 'integer' ? 1 : hint.step ?? (max - min >= 10 ? 1 : 0.01);
        const steps = Math.round((hi - lo) / step);
        const decimals = Math.max(0, Math.ceil(-Math.log10(step)));
        const f = 10 ** decimals;
        return () => {
          const k = Math.min(steps, Math.floor((0.8 * quality + 0.2 * rnd()) * (steps + 1)));
          return Math.round((lo + k * step) * f) / f;
        };
      }
      case 'string':
        return () => `x${Math.floor(rnd() * 1000)}`;
      case 'array': {
        const min = s.minItems ?? 0;
        const max = Math.min(s.maxItems ?? min + 4, min + 4);
        const item = compile(s.items ?? {}, `${path}[]`);
        return () => {
          const n = min + Math.floor(rnd() * (max - min + 1));
          const out: unknown[] = new Array(n);
          for (let i = 0; i < n; i++) out[i] = item();
          return out;
        };
      }
      case 'object': {
        const req = new Set<string>(s.required ?? []);
        const fields = Object.entries<Schema>(s.properties ?? {}).map(([k, sub]) => ({ k, req: req.has(k), draw: compile(sub, path ? `${path}.${k}` : k) }));
        return () => {
          const o: Record<string, unknown> = {};
          for (const f of fields) if (f.req || rnd() < 0.5) o[f.k] = f.draw();
          return o;
        };
      }
      default:
        return () => null;
    }
  };
  const draw = compile({ ...schema, properties: { id: { const: '' }, ...schema.properties }, required: ['id', ...(schema.required ?? [])] }, '');
  return (i) => {
    quality = rnd();
    const s = draw() as Record<string, unknown>;
    s.id = `s${String(i).padStart(7, '0')}`;
    return s;
  };
}

/** n subjects for one period. */
export function generateSubjects(pack: Pack, params: Record<string, Json>, profile: Profile, n: number, seed: number): Record<string, unknown>[] {
  const next = subjectGenerator(pack, params, profile, seed);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = next(i);
  return out;
}
