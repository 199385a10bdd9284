/**
 * Which rules read a name: before a rule is removed the designer says who would lose it.
 * Reads are `var`s of the JSON Logic slots (first path segment), names in formula texts (English or the
 * zh-CN label), and the plain name fields (veto target, previous/movement `of`, escalation `granted`).
 */
type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const NOT_LOGIC = new Set(['name', 'kind', 'label', 'description', 'cite', 'formula', 'blockedName', 'method', 'fn', 'id']);
const NAME_FIELDS = ['target', 'of', 'granted'];
const WORD = /[A-Za-z_$\u4e00-\u9fff][A-Za-z0-9_$\u4e00-\u9fff]*/g;

function varsOf(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => varsOf(n, out));
  else if (isObj(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'var') {
        const path = Array.isArray(v) ? v[0] : v;
        if (typeof path === 'string') out.add(path.split('.')[0]);
      } else if (!NOT_LOGIC.has(k)) varsOf(v, out);
    }
  }
}

function formulaTexts(rule: Obj): string[] {
  const out: string[] = [];
  if (isObj(rule.formula)) out.push(...Object.values(rule.formula).filter((t): t is string => typeof t === 'string'));
  if (Array.isArray(rule.levels))
    for (const l of rule.levels) for (const c of isObj(l) && Array.isArray(l.checks) ? l.checks : []) if (typeof c?.formula === 'string') out.push(c.formula);
  if (Array.isArray(rule.quotas)) for (const q of rule.quotas) if (isObj(q?.formula)) out.push(...Object.values(q.formula).filter((t): t is string => typeof t === 'string'));
  return out;
}

/** Does this rule read `name` (or its zh-CN `label`)? */
export function ruleReads(rule: unknown, name: string, label?: string): boolean {
  if (!isObj(rule)) return false;
  for (const f of NAME_FIELDS) if (rule[f] === name && (f !== 'of' || typeof rule.of === 'string')) return true;
  const vars = new Set<string>();
  for (const [k, v] of Object.entries(rule)) if (!NOT_LOGIC.has(k) && !NAME_FIELDS.includes(k)) varsOf(v, vars);
  if (rule.kind === 'bands' || rule.kind === 'group' || rule.kind === 'rank') varsOf(rule.of, vars);
  if (isObj(rule.bounds) && typeof rule.bounds.$param === 'string') vars.add(rule.bounds.$param);
  if (vars.has(name)) return true;
  for (const text of formulaTexts(rule)) {
    // strings in quotes are values, not names
    const bare = text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
    for (const m of bare.matchAll(WORD)) if (m[0] === name || (label && m[0] === label)) return true;
    // a label with characters a word cannot hold (（…）, ·) is written quoted; it still reads the rule
    if (label && !/^[A-Za-z0-9_$\u4e00-\u9fff]+$/.test(label) && text.includes(label)) return true;
  }
  return false;
}

export interface Reader {
  index: number;
  name: string;
  label: string;
}

/** The other rules of `doc` that read rule `index`'s value. */
export function readersOf(doc: { rules?: unknown }, index: number): Reader[] {
  const rules = Array.isArray(doc.rules) ? (doc.rules as Obj[]) : [];
  const self = rules[index];
  if (!isObj(self) || typeof self.name !== 'string') return [];
  const label = isObj(self.label) && typeof self.label['zh-CN'] === 'string' ? self.label['zh-CN'] : undefined;
  const out: Reader[] = [];
  rules.forEach((r, i) => {
    if (i === index || !ruleReads(r, self.name, label)) return;
    out.push({ index: i, name: String(r.name), label: isObj(r.label) ? String(r.label['zh-CN'] ?? '') : '' });
  });
  return out;
}

/**
 * Renames rule `index` to `to`, and the places that name it by its English name alone: outputs, veto
 * targets, previous/movement `of`, escalation `granted`. Formula texts that use the English name are left
 * as written (Chinese labels keep working); the validator reports any that no longer resolve.
 */
export function renameRule(doc: { rules?: unknown; outputs?: unknown }, index: number, to: string): void {
  const rules = Array.isArray(doc.rules) ? (doc.rules as Obj[]) : [];
  const from = rules[index]?.name;
  if (typeof from !== 'string' || from === to) return;
  rules[index].name = to;
  if (Array.isArray(doc.outputs)) doc.outputs = doc.outputs.map((o) => (o === from ? to : o));
  rules.forEach((r, i) => {
    if (i === index || !isObj(r)) return;
    for (const f of NAME_FIELDS) if (r[f] === from) r[f] = to;
  });
}
