import { describe, expect, it } from 'vitest';
import type { Org } from '@/api/orgs';
import {
  changeLine,
  compareValues,
  defaultPeriod,
  deployedPacks,
  filterRows,
  inForce,
  localities,
  longDate,
  periodChoices,
  periodLabel,
  periodOf,
  publicityWindow,
  valueCounts,
} from './data';

const dep = (version: string, effectiveFrom: string) => ({ version, effectiveFrom });

describe('periodLabel', () => {
  it('names a year, a quarter and a two-month period in Chinese and English', () => {
    expect(periodLabel('2026', 'zh-CN')).toBe('2026 年度');
    expect(periodLabel('2026-Q3', 'zh-CN')).toBe('2026 年第三季度');
    expect(periodLabel('2026-B2', 'zh-CN')).toBe('2026 年第 2 双月（3–4 月）');
    expect(periodLabel('2026-B6', 'en')).toBe('2026, months 11–12');
    expect(periodLabel('2026-Q1', 'en')).toBe('2026 Q1');
    expect(periodLabel('bad', 'zh-CN')).toBe('bad');
  });
});

describe('periodOf', () => {
  it('finds the period that contains a date, at both edges of a quarter and of a two-month period', () => {
    expect(periodOf('year', '2026-12-31')).toBe('2026');
    expect(periodOf('quarter', '2026-03-31')).toBe('2026-Q1');
    expect(periodOf('quarter', '2026-04-01')).toBe('2026-Q2');
    expect(periodOf('bimonth', '2026-02-28')).toBe('2026-B1');
    expect(periodOf('bimonth', '2026-03-01')).toBe('2026-B2');
    expect(periodOf('bimonth', '2026-12-02')).toBe('2026-B6');
  });
});

describe('inForce', () => {
  const ds = [dep('1.0.0', '2000-01-01'), dep('2.0.0', '2022-01-01'), dep('1.1.0', '2011-01-01')];
  it('takes the latest deployment that took effect by the start of the period', () => {
    expect(inForce(ds, '2021-12-31')?.version).toBe('1.1.0');
    expect(inForce(ds, '2022-01-01')?.version).toBe('2.0.0');
    expect(inForce(ds, '1999-01-01')).toBeNull();
  });
});

describe('periodChoices', () => {
  it('lists years from the first deployment to today, newest first, with the version in force for each', () => {
    const c = periodChoices('year', [dep('1.0.0', '2024-01-01'), dep('1.1.0', '2026-01-01')], '2026-12-02');
    expect(c.map((x) => `${x.period}:${x.version}`)).toEqual(['2026:1.1.0', '2025:1.0.0', '2024:1.0.0']);
  });

  it('goes back at most the given years, and adds periods already evaluated before them', () => {
    const c = periodChoices('year', [dep('1.0.0', '2000-01-01')], '2026-12-02', ['2011', '2010', '2026'], 2);
    expect(c.map((x) => x.period)).toEqual(['2026', '2025', '2024', '2011', '2010']);
    expect(c.filter((x) => x.evaluated).map((x) => x.period)).toEqual(['2026', '2011', '2010']);
  });

  it('lists two-month periods across a year boundary, and a period before any deployment has no version', () => {
    const c = periodChoices('bimonth', [dep('2.0.0', '2026-03-01')], '2026-04-10', ['2025-B6']);
    expect(c.map((x) => `${x.period}:${x.version ?? '-'}`)).toEqual(['2026-B2:2.0.0', '2025-B6:-']);
    expect(defaultPeriod(c)).toBe('2026-B2');
  });

  it('ignores evaluated periods of another kind', () => {
    expect(periodChoices('quarter', [dep('1.0.0', '2026-07-01')], '2026-12-02', ['2026', '2026-B1']).map((x) => x.period)).toEqual(['2026-Q4', '2026-Q3']);
  });
});

describe('localities and deployed packs', () => {
  const org = (id: string, path: string): Org => ({ id, path, parentId: null, nameZh: id, nameEn: id, level: 'basic' });
  const orgs = [org('keqiao-street', '/prov/shaoxing/keqiao/keqiao-street/'), org('prov', '/prov/'), org('keqiao-hudong', '/prov/shaoxing/keqiao/keqiao-street/keqiao-hudong/')];
  const ds = [
    { orgId: 'keqiao-street', packId: 'keqiao-community-stars' },
    { orgId: 'keqiao-street', packId: 'keqiao-member-review' },
    { orgId: 'keqiao-street', packId: 'keqiao-community-stars' },
    { orgId: 'elsewhere', packId: 'x' },
  ];
  it('keeps only organisations of the scope that have a deployment, in tree order', () => {
    expect(localities(ds, orgs).map((o) => o.id)).toEqual(['keqiao-street']);
  });
  it('lists each deployed pack once', () => {
    expect(deployedPacks(ds, 'keqiao-street')).toEqual(['keqiao-community-stars', 'keqiao-member-review']);
  });
});

describe('publicityWindow', () => {
  it('ends five working days later, skipping the weekend', () => {
    expect(publicityWindow('2026-12-02')).toEqual({ from: '2026-12-02', to: '2026-12-09' }); // Wednesday → next Wednesday
    expect(publicityWindow('2026-12-04')).toEqual({ from: '2026-12-04', to: '2026-12-11' }); // Friday → next Friday
    expect(publicityWindow('2026-12-05', 1)).toEqual({ from: '2026-12-05', to: '2026-12-07' }); // Saturday → Monday
    expect(publicityWindow('2026-12-31', 5).to).toBe('2027-01-07');
  });
  it('writes dates in words', () => {
    expect(longDate('2026-12-09', 'zh-CN')).toBe('2026年12月9日');
    expect(longDate('2026-12-09', 'en')).toBe('9 December 2026');
  });
});

describe('results table', () => {
  const rows = [
    { id: 'sq001', name: '湖东社区', outputs: { stars: 5, commended: true } },
    { id: 'sq002', name: '湖西社区', outputs: { stars: 3, commended: false } },
    { id: 'sq010', name: '柯岩社区', outputs: { stars: 3, commended: false } },
  ];
  const show = (o: string, v: unknown) => (o === 'stars' ? `${v}★` : v ? '是' : '否');
  it('filters by an output value in words and searches id or name', () => {
    expect(filterRows(rows, { output: 'stars', value: '3★' }, show).map((r) => r.id)).toEqual(['sq002', 'sq010']);
    expect(filterRows(rows, { search: '湖' }, show).map((r) => r.id)).toEqual(['sq001', 'sq002']);
    expect(filterRows(rows, { output: 'stars', value: '3★', search: 'SQ01' }, show).map((r) => r.id)).toEqual(['sq010']);
    expect(filterRows(rows, { output: 'stars', value: '' }, show)).toHaveLength(3);
  });
  it('counts the values of an output, most frequent first', () => {
    expect(valueCounts(rows, 'stars', show)).toEqual([{ value: '3★', count: 2 }, { value: '5★', count: 1 }]);
  });
  it('sorts numbers as numbers before words', () => {
    expect([10, 9, 'b', null, 'a'].sort(compareValues)).toEqual([9, 10, null, 'a', 'b']);
  });
});

describe('changeLine', () => {
  it('says who, what changed from what to what, and why', () => {
    const c = { id: 'sq002', outputs: [{ label: '星级', before: 4, after: 3, beforeLabel: '四星级', afterLabel: '三星级' }, { label: '表彰', before: true, after: false, beforeLabel: '是', afterLabel: '否' }], explanation: '文明社区创建级别为县级，未达到四星级标准，星级定为三星级。' };
    expect(changeLine(c, '湖西社区', 'zh-CN')).toBe('湖西社区（sq002） · 星级 四星级 → 三星级；表彰 是 → 否：文明社区创建级别为县级，未达到四星级标准，星级定为三星级。');
    expect(changeLine({ id: 'x', outputs: [{ label: 'Stars', before: null, after: 2 }] }, '', 'en')).toBe('x · Stars none → 2');
  });
});
