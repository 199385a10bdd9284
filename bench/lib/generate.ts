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

export function subjectGenerator(pack: Pack, params: Record<string, Json>, profile: Profile, seed: number) {
  const schema = resolveSchemaParams(pack.input, params) as Schema;
  const rnd = prng(seed);
  // One latent quality per subject, shared by its numbers (80%), so totals spread over every grade instead of
  // piling up at the mean as sums of independent draws do.
  let quality = 0.5;
  const draw = (s: Schema, path: string): unknown => {
    const hint = profile[path] ?? {};
    if (s.enum) return s.enum[Math.floor(rnd() * s.enum.length)];
    switch (s.type) {
      case 'boolean':
        return rnd() < (hint.pTrue ?? 0.05);
      case 'integer':
      case 'number': {
        const min = typeof s.minimum === 'number' ? s.minimum : 0;
        const max = typeof s.maximum === 'number' ? s.maximum : min + 100;
        const [lo, hi] = hint.range ? [Math.max(min, hint.range[0]), Math.min(max, hint.range[1])] : [min, max];
        const step = s.type === 'integer' ? 1 : hint.step ?? (max - min >= 10 ? 1 : 0.01);
        const u = 0.8 * quality + 0.2 * rnd();
        const k = Math.min(Math.round((hi - lo) / step), Math.floor(u * (Math.round((hi - lo) / step) + 1)));
        return Number((lo + k * step).toFixed(6));
      }
      case 'string':
        return `x${Math.floor(rnd() * 1000)}`;
      case 'array': {
        const min = s.minItems ?? 0;
        const max = Math.min(s.maxItems ?? min + 4, min + 4);
        const n = min + Math.floor(rnd() * (max - min + 1));
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(draw(s.items ?? {}, `${path}[]`));
        return out;
      }
      case 'object': {
        const o: Record<string, unknown> = {};
        const req = new Set<string>(s.required ?? []);
        for (const [k, sub] of Object.entries<Schema>(s.properties ?? {})) {
          if (req.has(k) || rnd() < 0.5) o[k] = draw(sub, path ? `${path}.${k}` : k);
        }
        return o;
      }
      default:
        return null;
    }
  };
  return (i: number): Record<string, unknown> => {
    quality = rnd();
    return { id: `s${String(i).padStart(7, '0')}`, ...(draw(schema, '') as object) };
  };
}

/** n subjects for one period. */
export function generateSubjects(pack: Pack, params: Record<string, Json>, profile: Profile, n: number, seed: number): Record<string, unknown>[] {
  const next = subjectGenerator(pack, params, profile, seed);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = next(i);
  return out;
}
