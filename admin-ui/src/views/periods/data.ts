/**
 * The pure parts of the 考评填报 page: which organisations and schemes can be filled in, the periods of a pack's kind
 * with the version in force for each, the publicity window of the notice, and the results table's filter.
 */
import { periodFromIndex, periodIndex, periodStart } from '@engine/evaluate/periods';
import type { PeriodKind } from '@engine/types';
import type { Deployment } from '@/api/deployments';
import type { Org } from '@/api/orgs';

export type { PeriodKind };
export const PERIOD_KINDS: PeriodKind[] = ['year', 'quarter', 'bimonth'];

const ZH_QUARTER = ['一', '二', '三', '四'];

/** "2026 年度", "2026 年第三季度", "2026 年第 2 双月（3–4 月）"; English "2026", "2026 Q3", "2026, months 3–4". */
export function periodLabel(period: string, locale: string): string {
  const en = locale === 'en';
  let m = /^(\d{4})$/.exec(period);
  if (m) return en ? m[1] : `${m[1]} 年度`;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return en ? `${m[1]} Q${m[2]}` : `${m[1]} 年第${ZH_QUARTER[Number(m[2]) - 1]}季度`;
  m = /^(\d{4})-B([1-6])$/.exec(period);
  if (m) {
    const first = Number(m[2]) * 2 - 1;
    return en ? `${m[1]}, months ${first}–${first + 1}` : `${m[1]} 年第 ${m[2]} 双月（${first}–${first + 1} 月）`;
  }
  return period;
}

/** The period of a kind that contains a date (YYYY-MM-DD). */
export function periodOf(kind: PeriodKind, isoDate: string): string {
  const year = isoDate.slice(0, 4);
  const month = Number(isoDate.slice(5, 7));
  if (kind === 'year') return year;
  if (kind === 'quarter') return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return `${year}-B${Math.floor((month - 1) / 2) + 1}`;
}

/** The deployment in force for a period starting on `start`: the latest one that took effect by then (as the server decides). */
export function inForce<D extends Pick<Deployment, 'effectiveFrom'>>(deployments: D[], start: string): D | null {
  let best: D | null = null;
  for (const d of deployments) if (d.effectiveFrom <= start && (!best || d.effectiveFrom > best.effectiveFrom)) best = d;
  return best;
}

export interface PeriodChoice {
  period: string;
  start: string;
  /** The version deployed for it, or null when none is in force. */
  version: string | null;
  /** The date that version took effect. */
  since: string | null;
  evaluated: boolean;
}

/**
 * The periods to choose from, newest first: from the pack's first deployment (at most `yearsBack` years before
 * today) to the period that contains today, plus every period already evaluated.
 */
export function periodChoices(
  kind: PeriodKind,
  deployments: Pick<Deployment, 'effectiveFrom' | 'version'>[],
  today: string,
  evaluated: string[] = [],
  yearsBack = 5,
): PeriodChoice[] {
  const last = periodIndex(kind, periodOf(kind, today));
  const earliest = deployments.map((d) => d.effectiveFrom).sort()[0];
  const floor = periodIndex(kind, periodOf(kind, `${Number(today.slice(0, 4)) - yearsBack}-01-01`));
  const first = earliest ? Math.max(floor, periodIndex(kind, periodOf(kind, earliest))) : last;
  const periods = new Set<string>();
  for (let i = last; i >= first; i--) periods.add(periodFromIndex(kind, i));
  const done = new Set(evaluated.filter((p) => !Number.isNaN(periodIndex(kind, p))));
  for (const p of done) periods.add(p);
  return [...periods]
    .sort((a, b) => periodIndex(kind, b) - periodIndex(kind, a))
    .map((period) => {
      const start = periodStart(kind, period);
      const d = inForce(deployments, start);
      return { period, start, version: d?.version ?? null, since: d?.effectiveFrom ?? null, evaluated: done.has(period) };
    });
}

/** The default period: the newest one with a version in force (the current period, once something is deployed for it). */
export function defaultPeriod(choices: PeriodChoice[]): string {
  return (choices.find((c) => c.version) ?? choices[0])?.period ?? '';
}

/** Organisations with a deployment, in the order of the organisation tree (the user's scope only: the list the server gave). */
export function localities(deployments: Pick<Deployment, 'orgId'>[], orgs: Org[]): Org[] {
  const deployed = new Set(deployments.map((d) => d.orgId));
  return orgs.filter((o) => deployed.has(o.id)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The packs deployed at an organisation (ids, in the order first deployed). */
export function deployedPacks(deployments: Pick<Deployment, 'orgId' | 'packId'>[], orgId: string): string[] {
  return [...new Set(deployments.filter((d) => d.orgId === orgId).map((d) => d.packId))];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The publicity window: from `today`, `workingDays` days later not counting Saturdays and Sundays (holidays are the user's to set). */
export function publicityWindow(today: string, workingDays = 5): { from: string; to: string } {
  const d = new Date(`${today}T00:00:00Z`);
  let left = workingDays;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return { from: today, to: iso(d) };
}

/** "2026年12月2日" (or "2 December 2026") from YYYY-MM-DD. */
export function longDate(isoDate: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  if (locale === 'en') {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
  }
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export interface ResultRow {
  id: string;
  name: string;
  outputs: Record<string, unknown>;
}

/** The rows whose output `output` shows `value` (in words) and whose id or name contains the search text. */
export function filterRows<R extends ResultRow>(rows: R[], q: { output?: string; value?: string; search?: string }, show: (output: string, v: unknown) => string): R[] {
  const s = (q.search ?? '').trim().toLowerCase();
  return rows.filter((r) => {
    if (q.output && q.value !== undefined && q.value !== '' && show(q.output, r.outputs[q.output]) !== q.value) return false;
    return !s || r.id.toLowerCase().includes(s) || r.name.toLowerCase().includes(s);
  });
}

/** The distinct values (in words) an output takes, with how many subjects have each, most frequent first. */
export function valueCounts(rows: ResultRow[], output: string, show: (output: string, v: unknown) => string): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const v = show(output, r.outputs[output]);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

/** Sorting a column by its raw value: numbers as numbers, booleans and words after them as text. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const x = a === null || a === undefined ? '' : String(a);
  const y = b === null || b === undefined ? '' : String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** One changed subject in a line: "湖东社区（sq001）· 星级 四星级 → 三星级；表彰 是 → 否：<the first changed output's sentence>". */
export function changeLine(
  c: { id: string; outputs: { label: string; before: unknown; after: unknown; beforeLabel?: string; afterLabel?: string }[]; explanation?: string },
  name: string,
  locale: string,
): string {
  const en = locale === 'en';
  const who = name ? (en ? `${name} (${c.id})` : `${name}（${c.id}）`) : c.id;
  const word = (label: string | undefined, v: unknown) => (label ? label : v === null || v === undefined ? (en ? 'none' : '无') : String(v));
  const parts = c.outputs.map((o) => `${o.label} ${word(o.beforeLabel, o.before)} → ${word(o.afterLabel, o.after)}`).join(en ? '; ' : '；');
  return `${who} · ${parts}${c.explanation ? `${en ? ': ' : '：'}${c.explanation}` : ''}`;
}
