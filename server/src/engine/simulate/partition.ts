import type { Envelope, EnvelopePeriod, Pack } from '../types';

/**
 * How a dataset may be split so that each piece evaluates exactly as it would inside the whole:
 * - `subjects`: only per-subject rules; any slice of any period stands alone.
 * - `periods`: population rules (rank, group, quota) need whole periods; periods stand alone.
 * - `ids`: history rules need every period of a subject; buckets of subject ids across all periods.
 * - `whole`: both; the dataset is one piece (it still runs beside other pieces of work, e.g. sweep steps).
 */
export type PartitionMode = 'subjects' | 'periods' | 'ids' | 'whole';

const POPULATION = new Set(['rank', 'group', 'quota']);
const HISTORY = new Set(['consecutive', 'windowCount', 'previous', 'movement', 'escalation']);

/** The strictest mode any of the packs (baseline and variants) needs. */
export function partitionMode(packs: Pack[]): PartitionMode {
  let population = false;
  let history = false;
  for (const p of packs) {
    for (const r of p.rules) {
      population ||= POPULATION.has(r.kind);
      history ||= HISTORY.has(r.kind);
    }
  }
  if (population && history) return 'whole';
  if (population) return 'periods';
  if (history) return 'ids';
  return 'subjects';
}

/** A piece of a dataset: its periods (with their position in the whole) and each subject's position. */
export interface Unit {
  periods: EnvelopePeriod[];
  periodIndex: number[];
  subjectIndex: number[][];
}

/** FNV-1a: a stable bucket for a subject id, the same on every machine and in every worker. */
export function idBucket(id: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}

/** Splits an envelope into units of about `target` subject-periods each, as the mode allows. */
export function partition(env: Envelope, mode: PartitionMode, target: number): Unit[] {
  const total = env.periods.reduce((n, p) => n + p.subjects.length, 0);
  const whole = (): Unit => ({
    periods: env.periods,
    periodIndex: env.periods.map((_, i) => i),
    subjectIndex: env.periods.map((p) => p.subjects.map((_, j) => j)),
  });
  if (mode === 'whole' || total <= target) return [whole()];
  if (mode === 'periods') {
    return env.periods.map((p, i) => ({ periods: [p], periodIndex: [i], subjectIndex: [p.subjects.map((_, j) => j)] }));
  }
  if (mode === 'subjects') {
    const units: Unit[] = [];
    env.periods.forEach((p, i) => {
      for (let a = 0; a < p.subjects.length; a += target) {
        const b = Math.min(p.subjects.length, a + target);
        units.push({
          periods: [{ ...p, subjects: p.subjects.slice(a, b) }],
          periodIndex: [i],
          subjectIndex: [Array.from({ length: b - a }, (_, k) => a + k)],
        });
      }
    });
    return units;
  }
  const buckets = Math.max(1, Math.ceil(total / target));
  const units: Unit[] = Array.from({ length: buckets }, () => ({ periods: [], periodIndex: [], subjectIndex: [] }));
  env.periods.forEach((p, i) => {
    const parts = units.map(() => ({ subjects: [] as EnvelopePeriod['subjects'], index: [] as number[] }));
    p.subjects.forEach((s, j) => {
      const part = parts[idBucket(String(s.id), buckets)];
      part.subjects.push(s);
      part.index.push(j);
    });
    parts.forEach((part, b) => {
      if (!part.subjects.length) return;
      units[b].periods.push({ ...p, subjects: part.subjects });
      units[b].periodIndex.push(i);
      units[b].subjectIndex.push(part.index);
    });
  });
  return units.filter((u) => u.periods.length);
}
