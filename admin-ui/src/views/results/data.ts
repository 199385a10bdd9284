import type { EvalSubjectResult } from '@/api/packs';

export interface RankedRow {
  rank: number;
  id: string;
  name: string;
  scope: string;
  outputs: Record<string, unknown>;
}

/** Outputs worth ranking by: numeric in at least one result. */
export function numericOutputs(results: EvalSubjectResult[], outputs: string[]): string[] {
  return outputs.filter((o) => results.some((r) => typeof r.outputs[o] === 'number'));
}

/** The default ranking key: a pack's own rank output (ascending), else score/total (descending). */
export function defaultRankKey(numeric: string[]): { key: string; order: 'asc' | 'desc' } | null {
  if (numeric.includes('rank')) return { key: 'rank', order: 'asc' };
  for (const k of ['score', 'total', 'points']) if (numeric.includes(k)) return { key: k, order: 'desc' };
  return numeric[0] ? { key: numeric[0], order: 'desc' } : null;
}

/**
 * Standard competition ranking (1, 2, 2, 4) by one output; subjects without a number go last, unranked (0).
 * Ties keep id order (code point), as the packs do.
 */
export function rankRows(
  results: EvalSubjectResult[],
  key: string,
  order: 'asc' | 'desc',
  info: (id: string) => { name?: string; scope?: string } = () => ({}),
): RankedRow[] {
  const withNum = results.filter((r) => typeof r.outputs[key] === 'number');
  const without = results.filter((r) => typeof r.outputs[key] !== 'number');
  const sign = order === 'asc' ? 1 : -1;
  withNum.sort((a, b) => sign * ((a.outputs[key] as number) - (b.outputs[key] as number)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: RankedRow[] = [];
  withNum.forEach((r, k) => {
    const prev = out[k - 1];
    const rank = prev && withNum[k - 1].outputs[key] === r.outputs[key] ? prev.rank : k + 1;
    out.push({ rank, id: r.id, name: info(r.id).name ?? '', scope: info(r.id).scope ?? '', outputs: r.outputs });
  });
  for (const r of without.sort((a, b) => (a.id < b.id ? -1 : 1))) out.push({ rank: 0, id: r.id, name: info(r.id).name ?? '', scope: info(r.id).scope ?? '', outputs: r.outputs });
  return out;
}
