import { $t } from '@/locales';
import type { PackListItem, VersionSummary } from '@/api/packs';
import { compareSemver } from '@/utils/semver';

export interface Column {
  prop: string;
  label: string;
  width?: number;
  minWidth?: number;
}

export function packColumns(): Column[] {
  return [
    { prop: 'id', label: $t('packs.id'), minWidth: 200 },
    { prop: 'title', label: $t('packs.name'), minWidth: 240 },
    { prop: 'locality', label: $t('packs.locality'), minWidth: 180 },
    { prop: 'latestPublished', label: $t('packs.latest'), width: 110 },
    { prop: 'versions', label: $t('packs.versions'), minWidth: 220 },
  ];
}

export function versionColumns(): Column[] {
  return [
    { prop: 'version', label: $t('common.version'), width: 100 },
    { prop: 'status', label: $t('common.status'), width: 90 },
    { prop: 'revision', label: $t('packs.revision'), width: 80 },
    { prop: 'updatedBy', label: $t('packs.updatedBy'), width: 110 },
    { prop: 'updatedAt', label: $t('packs.updatedAt'), width: 170 },
    { prop: 'publishedBy', label: $t('packs.publishedBy'), width: 110 },
    { prop: 'publishedAt', label: $t('packs.publishedAt'), width: 170 },
  ];
}

/**
 * The version an "open" click lands on: for one who edits or publishes drafts, the newest draft; for a reader,
 * the newest published version (the one in force). Either falls back to the newest version there is.
 */
export function versionToOpen(p: { versions: VersionSummary[] }, draftFirst = true): string | null {
  const sorted = [...p.versions].sort((a, b) => compareSemver(a.version, b.version));
  const wanted = sorted.filter((v) => v.status === (draftFirst ? 'draft' : 'published'));
  return (wanted.pop() ?? sorted.pop())?.version ?? null;
}

export function matchesFilter(p: PackListItem, q: string): boolean {
  if (!q) return true;
  const s = q.trim().toLowerCase();
  return [p.id, p.title?.['zh-CN'], p.title?.en, p.locality?.['zh-CN'], p.locality?.en].some((x) => (x ?? '').toLowerCase().includes(s));
}

export function formatTime(v: string | null | undefined): string {
  if (!v) return '';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
