/**
 * The formulas of a document, each compiled by the browser's formula compiler (the same one the server runs),
 * as problems by the pointer of the formula text: what the editor marks while the author types.
 */
import type { PointerProblem } from '@/api/http';
import { isObj } from './data';
import { compile, scopeOf } from './rules/formulaApi';

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function formulaProblems(doc: Record<string, unknown>): (PointerProblem & { kind: string; path: string })[] {
  const scope = scopeOf(doc);
  const out: (PointerProblem & { kind: string; path: string })[] = [];
  const check = (text: unknown, path: string) => {
    if (typeof text !== 'string' || text.trim() === '') return;
    const r = compile(text, scope);
    if (r.error) out.push({ kind: 'FormulaError', path, message: { 'zh-CN': `公式有误：${r.error.messageZh}`, en: `formula error: ${r.error.messageZh}` } });
  };
  const slots = (holder: unknown, at: string) => {
    if (!isObj(holder) || !isObj(holder.formula)) return;
    for (const [slot, text] of Object.entries(holder.formula)) check(text, `${at}/formula/${esc(slot)}`);
  };
  if (Array.isArray(doc.rules))
    doc.rules.forEach((r, i) => {
      slots(r, `/rules/${i}`);
      if (isObj(r) && Array.isArray(r.levels))
        r.levels.forEach((l, li) => {
          if (isObj(l) && Array.isArray(l.checks)) l.checks.forEach((c, ci) => isObj(c) && check(c.formula, `/rules/${i}/levels/${li}/checks/${ci}/formula`));
        });
    });
  if (Array.isArray(doc.summary)) doc.summary.forEach((s, i) => slots(s, `/summary/${i}`));
  return out;
}
