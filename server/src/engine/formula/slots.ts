/**
 * Where a rule's `formula` entry points: "expr", "of", "when", "quotas.0.applies", and for keyed
 * items ("by.0", "order.0", "levels.0.checks.1") the item's `expr`.
 */
export function formulaSlot(holder: Record<string, any>, slot: string): { parent: Record<string, any>; key: string } | null {
  const segs = slot.split('.');
  let parent: any = holder;
  for (const s of segs.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return null;
    parent = parent[s];
  }
  if (parent === null || typeof parent !== 'object') return null;
  let key = segs[segs.length - 1];
  const v = parent[key];
  if (Array.isArray(parent) && v && typeof v === 'object' && !Array.isArray(v) && 'expr' in v) {
    parent = v;
    key = 'expr';
  }
  return key in parent ? { parent, key } : null;
}
