import type { Deployment, LocalParameter } from '@/api/deployments';
import { pick, type PointerProblem } from '@/api/http';
import { $t } from '@/locales';

export interface DeploymentRow {
  key: string;
  orgId: string;
  orgNameZh: string;
  orgNameEn: string;
  packId: string;
  /** In force today: the latest that took effect on or before today. */
  current: Deployment | null;
  /** Taking effect later. */
  upcoming: Deployment[];
  history: Deployment[];
}

/** One row per (organisation, pack): which version is in force today, and since when. */
export function deploymentRows(list: Deployment[], today: string): DeploymentRow[] {
  const rows = new Map<string, DeploymentRow>();
  for (const d of list) {
    const key = `${d.orgId}\u0000${d.packId}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { key, orgId: d.orgId, orgNameZh: d.orgNameZh ?? d.orgId, orgNameEn: d.orgNameEn ?? d.orgId, packId: d.packId, current: null, upcoming: [], history: [] }));
    r.history.push(d);
  }
  for (const r of rows.values()) {
    r.history.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
    const inForce = r.history.filter((d) => d.effectiveFrom <= today);
    r.current = inForce[inForce.length - 1] ?? null;
    r.upcoming = r.history.filter((d) => d.effectiveFrom > today);
  }
  return [...rows.values()];
}

/** A locality's values of local parameters, by name. */
export type LocalValues = Record<string, number | number[]>;

/** What the form shows: the province's default, or the locality's own value where it has one. */
export function localValues(params: LocalParameter[], own: LocalValues | undefined): LocalValues {
  return Object.fromEntries(params.map((p) => [p.name, structuredClone(own?.[p.name] ?? p.default)]));
}

/** What is stored: only the values that differ from the province's default ({} = the pack's values). */
export function changedValues(params: LocalParameter[], values: LocalValues): LocalValues {
  return Object.fromEntries(params.filter((p) => JSON.stringify(values[p.name]) !== JSON.stringify(p.default)).map((p) => [p.name, values[p.name]]));
}

const pointerOf = (name: string) => `/parameters/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** The server's message for one parameter (at /parameters/<name>, or one of its elements), for the form item. */
export function fieldError(errors: Record<string, string>, name: string): string {
  const at = pointerOf(name);
  return Object.entries(errors).filter(([p]) => p === at || p.startsWith(`${at}/`)).map(([, m]) => m).join('；');
}

/** A 422's problems by pointer, in the UI language. */
export function problemsByPointer(problems: PointerProblem[], locale: string): Record<string, string> {
  return Object.fromEntries(problems.map((p) => [p.path, pick(p.message, locale)]));
}

/** A step of about a tenth of the range, as a power of ten (0–0.1 → 0.01, 75–85 → 1). */
export function stepOf(p: Pick<LocalParameter, 'min' | 'max'>): number {
  const span = p.max - p.min;
  return span > 0 ? 10 ** Math.floor(Math.log10(span / 10) + 1e-9) : 1;
}

export function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function deploymentColumns() {
  return [
    { prop: 'org', label: $t('deployments.org'), minWidth: 200 },
    { prop: 'packId', label: $t('deployments.scheme'), minWidth: 260 },
    { prop: 'version', label: $t('deployments.version'), width: 120 },
    { prop: 'since', label: $t('deployments.since'), width: 130 },
    { prop: 'by', label: $t('deployments.by'), width: 120 },
    { prop: 'upcoming', label: $t('deployments.upcoming'), minWidth: 160 },
  ];
}
