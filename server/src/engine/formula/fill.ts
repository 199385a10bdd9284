/**
 * Formula-only documents: every JSON Logic slot that has formula text is compiled from it, so an author
 * writes `"formula": { "expr": "组织建设 + 教育管理" }` and the stored document carries both.
 * Self-contained (no imports outside this folder) so the admin UI can bundle it.
 */
import { FormulaError } from './error';
import type { JsonLogic } from './functions';
import { compileFormula, formulaScopeOf, type FormulaProblem, type FormulaScope } from './names';

/** Same shape as the engine's KpError. */
export interface FillProblem {
  kind: 'FormulaError' | 'FormulaMismatch' | 'DuplicateLabel';
  path: string;
  message: { 'zh-CN': string; en: string };
}

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** One formula of a document: its text, where its JSON Logic goes, and the pointer of the formula itself. */
export interface FormulaSite {
  text: string;
  /** Where the JSON Logic lives; null when the slot names a container that does not exist. */
  target: { parent: Obj | unknown[]; key: string | number } | null;
  slot: string;
  at: string;
}

/**
 * Where a rule's `formula` entry points: "expr", "of", "when", "quotas.0.applies", and for keyed items
 * ("by.0", "order.0", "levels.0.checks.1") the item's `expr`. Unlike formulaSlot, the slot itself may be
 * missing (a formula-only document); its container must exist.
 */
export function formulaTarget(holder: Obj, slot: string): FormulaSite['target'] {
  const segs = slot.split('.');
  let parent: any = holder;
  let parentKey = '';
  for (const s of segs.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object' || !Object.prototype.hasOwnProperty.call(parent, s)) return null;
    parentKey = s;
    parent = parent[s];
  }
  if (parent === null || typeof parent !== 'object') return null;
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) {
    if (!/^\d+$/.test(last)) return null;
    const i = Number(last);
    const v = parent[i];
    // Keyed items: rank `by`, quota `order` and ladder `checks` hold objects whose JSON Logic is `expr`.
    const keyed = parentKey === 'checks' || parentKey === 'order' || (parentKey === 'by' && holder.kind === 'rank');
    if (isObj(v) && (keyed || 'expr' in v)) return { parent: v, key: 'expr' };
    if (keyed || i > parent.length) return null;
    return { parent, key: i };
  }
  if (['__proto__', 'constructor', 'prototype'].includes(last)) return null;
  return { parent, key: last };
}

/** Every formula of a pack document: rules' `formula` maps, quota items' and ladder checks', and the summary's. */
export function formulaSites(doc: unknown): FormulaSite[] {
  const sites: FormulaSite[] = [];
  if (!isObj(doc)) return sites;
  const visit = (holder: unknown, at: string) => {
    if (!isObj(holder) || !isObj(holder.formula)) return;
    for (const [slot, text] of Object.entries(holder.formula)) {
      if (typeof text !== 'string') continue;
      sites.push({ text, target: formulaTarget(holder, slot), slot, at: `${at}/formula/${esc(slot)}` });
    }
  };
  if (Array.isArray(doc.rules)) {
    doc.rules.forEach((r: unknown, i: number) => {
      visit(r, `/rules/${i}`);
      if (!isObj(r)) return;
      if (r.kind === 'quota' && Array.isArray(r.quotas)) r.quotas.forEach((q: unknown, j: number) => visit(q, `/rules/${i}/quotas/${j}`));
      if (r.kind === 'ladder' && Array.isArray(r.levels)) {
        r.levels.forEach((l: unknown, li: number) => {
          if (!isObj(l) || !Array.isArray(l.checks)) return;
          l.checks.forEach((c: unknown, ci: number) => {
            if (isObj(c) && typeof c.formula === 'string') sites.push({ text: c.formula, target: { parent: c, key: 'expr' }, slot: 'expr', at: `/rules/${i}/levels/${li}/checks/${ci}/formula` });
          });
        });
      }
    });
  }
  if (Array.isArray(doc.summary)) doc.summary.forEach((s: unknown, i: number) => visit(s, `/summary/${i}`));
  return sites;
}

/** The error of a formula that does not compile, by the pointer of its formula slot. */
export function formulaProblem(e: unknown, at: string): FillProblem {
  const zh = e instanceof FormulaError ? e.messageZh : String(e);
  const en = e instanceof FormulaError ? e.message : String(e);
  return { kind: 'FormulaError', path: at, message: { 'zh-CN': `公式有误：${zh}`, en: `formula error: ${en}` } };
}

export function missingSlot(site: FormulaSite): FillProblem {
  return {
    kind: 'FormulaMismatch',
    path: site.at,
    message: { 'zh-CN': `公式对应的字段 "${site.slot}" 不存在`, en: `the formula's slot "${site.slot}" does not exist` },
  };
}

/** Sets a slot; a new key goes before `formula` (or first, for an item's `expr`), so the JSON reads in order. */
function setSlot(parent: Obj | unknown[], key: string | number, value: JsonLogic): void {
  if (Array.isArray(parent) || Object.prototype.hasOwnProperty.call(parent, key)) {
    (parent as any)[key] = value;
    return;
  }
  const o = parent as Obj;
  const entries = Object.entries(o);
  const at = entries.findIndex(([k]) => k === 'formula');
  const pos = at >= 0 ? at : key === 'expr' ? 0 : entries.length;
  entries.splice(pos, 0, [String(key), value]);
  for (const k of Object.keys(o)) delete o[k];
  for (const [k, v] of entries) o[k] = v;
}

/**
 * A copy of the pack document with every formula slot's JSON Logic compiled from its formula text (the text
 * is kept exactly as written; where both are present the formula wins). `rules` and `summary` are new; the
 * other members are the input's own. Errors by the pointer of the
 * formula slot, kind FormulaError, FormulaMismatch (no such slot) or DuplicateLabel. Never throws.
 * `missingOnly` fills only absent slots (validation then still reports a stored mismatch).
 */
export function fillFormulas(doc: unknown, opts: { missingOnly?: boolean } = {}): { doc: unknown; errors: FillProblem[] } {
  if (!isObj(doc)) return { doc, errors: [] };
  // Only rules and summary hold formulas: the rest (tests and their data can be most of a pack) is shared.
  let copy: Obj;
  try {
    copy = { ...doc };
    for (const k of ['rules', 'summary']) if (copy[k] !== undefined) copy[k] = JSON.parse(JSON.stringify(copy[k]));
  } catch {
    return { doc, errors: [] };
  }
  const { scope, errors: labelErrors } = formulaScopeOf(copy);
  const errors: FillProblem[] = [...(labelErrors as FormulaProblem[])];
  for (const site of formulaSites(copy)) {
    if (!site.target) {
      errors.push(missingSlot(site));
      continue;
    }
    const { parent, key } = site.target;
    if (opts.missingOnly && (parent as any)[key] !== undefined) continue;
    try {
      setSlot(parent, key, compileFormula(site.text, scope));
    } catch (e) {
      errors.push(formulaProblem(e, site.at));
    }
  }
  return { doc: copy, errors };
}

/** The scope of a document, for callers that compile several formulas of it. */
export function scopeOf(doc: unknown): FormulaScope {
  return formulaScopeOf(doc).scope;
}
