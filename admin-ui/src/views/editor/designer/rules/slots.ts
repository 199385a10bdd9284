/**
 * A rule's formula slots: the text in `rule.formula[slot]`, the JSON Logic at the slot's path
 * ("expr", "of", "by.0" → by[0].expr, "quotas.0.applies" …). Pure, so list edits that renumber
 * slots ("by.2" → "by.1" after removing by[1]) are tested on their own.
 */
type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The key a rule already uses for a slot: packs write both "order.0" and "order.0.expr". */
export function formulaKey(rule: Obj, slot: string): string {
  const f = isObj(rule.formula) ? rule.formula : {};
  if (!(slot in f) && `${slot}.expr` in f) return `${slot}.expr`;
  return slot;
}

export function formulaText(rule: Obj, slot: string): string | undefined {
  const f = isObj(rule.formula) ? rule.formula : {};
  const v = f[formulaKey(rule, slot)];
  return typeof v === 'string' ? v : undefined;
}

/** Where the JSON Logic of a slot lives: an item of a list (by.0) keeps it in its `expr`. */
function target(rule: Obj, slot: string): { parent: Obj; key: string } | null {
  const segs = slot.split('.');
  let parent: any = rule;
  for (const s of segs.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return null;
    parent = parent[s];
  }
  if (parent === null || typeof parent !== 'object') return null;
  const key = segs[segs.length - 1];
  if (Array.isArray(parent)) return isObj(parent[Number(key)]) ? { parent: parent[Number(key)], key: 'expr' } : null;
  return { parent, key };
}

export function slotLogic(rule: Obj, slot: string): unknown {
  const t = target(rule, slot.replace(/\.expr$/, ''));
  return t ? t.parent[t.key] : undefined;
}

/** Writes the text as typed and, when it compiled, its JSON Logic (a failed compile keeps the last good logic). */
export function writeSlot(rule: Obj, slot: string, text: string, logic: unknown | null, compiled: boolean): void {
  if (!isObj(rule.formula)) rule.formula = {};
  rule.formula[formulaKey(rule, slot)] = text;
  if (!compiled) return;
  const t = target(rule, slot);
  if (t) t.parent[t.key] = logic;
}

/** Drops a slot's formula text (e.g. an optional groupBy cleared) and its JSON Logic. */
export function clearSlot(rule: Obj, slot: string): void {
  if (isObj(rule.formula)) {
    delete rule.formula[formulaKey(rule, slot)];
    if (Object.keys(rule.formula).length === 0) delete rule.formula;
  }
  const t = target(rule, slot);
  if (t && !Array.isArray(t.parent)) delete t.parent[t.key];
}

/** Renumbers the formula keys of list `list` ("by", "order", "quotas") after its items moved: `map[old] = new` (undefined: removed). */
function renumber(rule: Obj, list: string, map: (i: number) => number | undefined): void {
  if (!isObj(rule.formula)) return;
  const re = new RegExp(`^${list}\\.(\\d+)(\\..*)?$`);
  const out: Obj = {};
  for (const [k, v] of Object.entries(rule.formula)) {
    const m = re.exec(k);
    if (!m) {
      out[k] = v;
      continue;
    }
    const to = map(Number(m[1]));
    if (to !== undefined) out[`${list}.${to}${m[2] ?? ''}`] = v;
  }
  rule.formula = out;
}

/** Removes item k of rule[list] together with its formula texts, renumbering the later ones. */
export function removeListItem(rule: Obj, list: string, k: number): void {
  const arr = rule[list] as unknown[];
  arr.splice(k, 1);
  renumber(rule, list, (i) => (i < k ? i : i === k ? undefined : i - 1));
}

/** Swaps items a and b of rule[list] together with their formula texts. */
export function swapListItems(rule: Obj, list: string, a: number, b: number): void {
  const arr = rule[list] as unknown[];
  [arr[a], arr[b]] = [arr[b], arr[a]];
  renumber(rule, list, (i) => (i === a ? b : i === b ? a : i));
}
