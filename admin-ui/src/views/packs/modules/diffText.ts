import { pick, type I18nText } from '@/api/http';

export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** One line for a rule or meta change of the semantic diff, whatever fields the engine gives it. */
export function describeItem(item: unknown, locale: string): string {
  if (typeof item === 'string') return item;
  if (typeof item !== 'object' || item === null) return formatValue(item);
  const o = item as Record<string, unknown>;
  const head = [o.name ?? o.rule ?? o.path ?? o.field, o.kind].filter((x) => x !== undefined && x !== null).join(' · ');
  const msg = o.message && typeof o.message === 'object' ? pick(o.message as I18nText, locale) : '';
  const changes: string[] = [];
  if ('from' in o || 'to' in o) changes.push(`${formatValue(o.from)} → ${formatValue(o.to)}`);
  if (Array.isArray(o.fields)) changes.push(o.fields.map((f) => (typeof f === 'string' ? f : describeItem(f, locale))).join(', '));
  if (Array.isArray(o.changes)) changes.push(o.changes.map((f) => (typeof f === 'string' ? f : describeItem(f, locale))).join('; '));
  const rest = [msg, ...changes].filter(Boolean).join(' ');
  return rest ? `${head}：${rest}` : head || JSON.stringify(item);
}
