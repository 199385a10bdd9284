import type { Deployment } from '@/api/deployments';
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
