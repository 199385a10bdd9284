import type { PeriodKind } from '../types';

/** Period strings: "2024" (year), "2024-Q3" (quarter), "2024-B2" (two-month period, B1..B6). */
const PATTERNS: Record<PeriodKind, RegExp> = {
  year: /^(\d{4})$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  bimonth: /^(\d{4})-B([1-6])$/,
};
const PER_YEAR: Record<PeriodKind, number> = { year: 1, quarter: 4, bimonth: 6 };

export function isPeriod(kind: PeriodKind, p: unknown): p is string {
  return typeof p === 'string' && PATTERNS[kind].test(p);
}

/** A period as a running index (year × periods per year + sub-period), for ordering and adjacency. */
export function periodIndex(kind: PeriodKind, p: string): number {
  const m = PATTERNS[kind].exec(p);
  if (!m) return NaN;
  const year = Number(m[1]);
  const sub = m[2] ? Number(m[2]) - 1 : 0;
  return year * PER_YEAR[kind] + sub;
}

export function periodFromIndex(kind: PeriodKind, i: number): string {
  const n = PER_YEAR[kind];
  const year = Math.floor(i / n);
  const sub = i - year * n;
  const y = String(year).padStart(4, '0');
  return kind === 'year' ? y : `${y}-${kind === 'quarter' ? 'Q' : 'B'}${sub + 1}`;
}

/** The calendar-adjacent earlier period of the same kind (2024-Q1 follows 2023-Q4). */
export function previousPeriod(kind: PeriodKind, p: string): string {
  return periodFromIndex(kind, periodIndex(kind, p) - 1);
}

export function yearOf(p: string): string {
  return p.slice(0, 4);
}

/** The first day of a period, as YYYY-MM-DD (deployments take effect by date). */
export function periodStart(kind: PeriodKind, p: string): string {
  const m = PATTERNS[kind].exec(p);
  if (!m) return '';
  const sub = m[2] ? Number(m[2]) - 1 : 0;
  const month = kind === 'quarter' ? sub * 3 + 1 : kind === 'bimonth' ? sub * 2 + 1 : 1;
  return `${m[1]}-${String(month).padStart(2, '0')}-01`;
}

export function periodExample(kind: PeriodKind): string {
  return kind === 'year' ? '2024' : kind === 'quarter' ? '2024-Q3' : '2024-B2';
}
