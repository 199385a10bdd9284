/** Period strings of the envelope: "2024" (year), "2024-Q3" (quarter), "2024-B2" (two months). */
export type PeriodKindName = 'year' | 'quarter' | 'bimonth';

const PATTERN = /^(\d{4})(?:-(Q[1-4]|B[1-6]))?$/;

/** The period's kind, or null when the string is not a period. */
export function periodKind(period: string): PeriodKindName | null {
  const m = PATTERN.exec(period);
  if (!m) return null;
  if (!m[2]) return 'year';
  return m[2][0] === 'Q' ? 'quarter' : 'bimonth';
}

/** The first day of the period (YYYY-MM-DD), or null when the string is not a period. */
export function periodStart(period: string): string | null {
  const m = PATTERN.exec(period);
  if (!m) return null;
  let month = 1;
  if (m[2]?.[0] === 'Q') month = 1 + 3 * (Number(m[2][1]) - 1);
  if (m[2]?.[0] === 'B') month = 1 + 2 * (Number(m[2][1]) - 1);
  return `${m[1]}-${String(month).padStart(2, '0')}-01`;
}

/** A valid calendar date YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
