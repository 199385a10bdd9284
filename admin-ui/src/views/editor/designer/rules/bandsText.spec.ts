import { describe, expect, it } from 'vitest';
import { bandOf, boundRows, rangeRows, rangeText, valueText, valueUnitOf } from './bandsText';

describe('bandsText', () => {
  it('reads bounds 70/80/90 → 3/4/5 below 0 in 分 and 星, lowest first', () => {
    expect(boundRows([70, 80, 90], [3, 4, 5], 0, '分', '星').map((r) => r.text)).toEqual([
      '不足 70 分 → 0 星',
      '70 分以上、不足 80 分 → 3 星',
      '80 分以上、不足 90 分 → 4 星',
      '90 分以上 → 5 星',
    ]);
  });

  it('numbers the rows by their index into bounds (-1 for below)', () => {
    expect(boundRows([1, 2], ['a', 'b'], 'none').map((r) => r.index)).toEqual([-1, 0, 1]);
  });

  it('reads string values bare and without a unit', () => {
    expect(boundRows([1, 2, 3], ['statement', 'lose-eligibility', 'accountability'], 'none').map((r) => r.text)).toEqual([
      '不足 1 → none',
      '1 以上、不足 2 → statement',
      '2 以上、不足 3 → lose-eligibility',
      '3 以上 → accountability',
    ]);
  });

  it('reads explicit ranges with open ends', () => {
    expect(rangeRows([{ from: null, to: 60, value: 0 }, { from: 60, to: 70, value: 1 }, { from: 96, to: null, value: 5 }], '分').map((r) => r.text)).toEqual([
      '不足 60 分 → 0',
      '60 分以上、不足 70 分 → 1',
      '96 分以上 → 5',
    ]);
    expect(rangeText(null, null)).toBe('任何值');
  });

  it('lower bounds are inclusive: 89.99 is below 90, 90 is at it', () => {
    expect(bandOf([70, 80, 90], 89.99)).toBe(1);
    expect(bandOf([70, 80, 90], 90)).toBe(2);
    expect(bandOf([70, 80, 90], 69.99)).toBe(-1);
    expect(bandOf([70, 80, 90], 70)).toBe(0);
  });

  it('spells values: booleans 是/否, null 空, numbers with the value unit', () => {
    expect(valueText(true)).toBe('是');
    expect(valueText(false)).toBe('否');
    expect(valueText(null)).toBe('空');
    expect(valueText(4, '星')).toBe('4 星');
    expect(valueText('4', '星')).toBe('4');
  });

  it('gives 星 only to a rule labelled …星级', () => {
    expect(valueUnitOf('星级')).toBe('星');
    expect(valueUnitOf('考核台阶')).toBe('');
    expect(valueUnitOf(undefined)).toBe('');
  });
});
