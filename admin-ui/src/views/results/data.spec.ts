import { describe, expect, it } from 'vitest';
import { defaultRankKey, numericOutputs, rankRows } from './data';

const r = (id: string, outputs: Record<string, unknown>) => ({ id, outputs });

describe('rankRows', () => {
  const results = [r('b2', { score: 91.5 }), r('b10', { score: 88 }), r('b1', { score: 91.5 }), r('b3', { score: null }), r('b4', { score: 95 })];

  it('ranks 1, 2, 2, 4 with ties in id order and unscored subjects last', () => {
    expect(rankRows(results, 'score', 'desc').map((x) => `${x.rank}:${x.id}`)).toEqual(['1:b4', '2:b1', '2:b2', '4:b10', '0:b3']);
  });

  it('ranks ascending for a rank output', () => {
    expect(rankRows([r('a', { rank: 2 }), r('b', { rank: 1 })], 'rank', 'asc').map((x) => x.id)).toEqual(['b', 'a']);
  });
});

describe('ranking keys', () => {
  it('prefers the pack rank, then score or total', () => {
    expect(defaultRankKey(['score', 'rank'])).toEqual({ key: 'rank', order: 'asc' });
    expect(defaultRankKey(['stars', 'total'])).toEqual({ key: 'total', order: 'desc' });
    expect(defaultRankKey([])).toBeNull();
  });

  it('keeps only outputs that are numbers somewhere', () => {
    expect(numericOutputs([r('a', { stars: 3, vetoed: false, action: 'none' })], ['stars', 'vetoed', 'action'])).toEqual(['stars']);
  });
});
