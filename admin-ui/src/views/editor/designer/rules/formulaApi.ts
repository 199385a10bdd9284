/**
 * The one place the rule cards reach the browser formula compiler (helper "formula" owns
 * server/src/engine/formula). Everything else in rules/ imports from here, so a renamed export changes one file.
 */
import * as engineFormula from '@engine/formula';
import { FORMULA_FUNCTIONS, FormulaError, parseFormula, printFormula } from '@engine/formula';
import type { JsonLogic } from '@engine/formula';

export type { JsonLogic };

export interface FormulaName {
  name: string;
  label: string;
  kind: 'input' | 'item' | 'parameter' | 'rule';
  pointer: string;
  array?: string;
  unit?: string;
}

export interface FormulaScope {
  names: FormulaName[];
}

export interface FormulaProblem {
  messageZh: string;
  offset: number;
  length: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const zh = (l: unknown): string => (isObj(l) && typeof l['zh-CN'] === 'string' ? (l['zh-CN'] as string) : '');

// The compiler's own exports when present; the fallbacks below only cover the time before they land.
const api = engineFormula as unknown as {
  formulaScopeOf?: (doc: unknown) => { scope: FormulaScope };
  compileFormula?: (text: string, scope?: FormulaScope) => JsonLogic;
  printFormulaLabelled?: (logic: JsonLogic, scope: FormulaScope, opts?: { zh?: boolean }) => string;
  FORMULA_ALIASES?: Readonly<Record<string, string>>;
};

/** Chinese function aliases (如果 → if …). */
export const FORMULA_ALIASES: Readonly<Record<string, string>> = api.FORMULA_ALIASES ?? {};
export { FORMULA_FUNCTIONS };

function fallbackScopeOf(doc: unknown): FormulaScope {
  const names: FormulaName[] = [];
  if (!isObj(doc)) return { names };
  const walk = (schema: unknown, prefix: string, pointer: string, array?: string) => {
    const props = isObj(schema) && isObj(schema.properties) ? schema.properties : {};
    for (const [k, s] of Object.entries(props)) {
      if (!isObj(s)) continue;
      const name = prefix ? `${prefix}.${k}` : k;
      const ptr = `${pointer}/properties/${k}`;
      const title = isObj(s.title) ? zh(s.title) : typeof s.title === 'string' ? s.title : '';
      names.push({ name, label: title, kind: array ? 'item' : 'input', pointer: ptr, ...(array ? { array } : {}), ...(typeof s.unit === 'string' ? { unit: s.unit } : {}) });
      if (s.type === 'object') walk(s, name, ptr, array);
      if (s.type === 'array' && isObj(s.items)) walk(s.items, '', `${ptr}/items`, name);
    }
  };
  walk(doc.input, '', '/input');
  if (isObj(doc.parameters))
    for (const [k, p] of Object.entries(doc.parameters))
      names.push({ name: k, label: isObj(p) ? zh(p.label) : '', kind: 'parameter', pointer: `/parameters/${k}`, ...(isObj(p) && typeof p.unit === 'string' ? { unit: p.unit } : {}) });
  if (Array.isArray(doc.rules))
    doc.rules.forEach((r, i) => {
      if (isObj(r) && typeof r.name === 'string') names.push({ name: r.name, label: zh(r.label), kind: 'rule', pointer: `/rules/${i}` });
    });
  return { names };
}

/** Names an author may use in the formulas of this document (never throws). */
export function scopeOf(doc: unknown): FormulaScope {
  try {
    return api.formulaScopeOf ? api.formulaScopeOf(doc).scope : fallbackScopeOf(doc);
  } catch {
    return { names: [] };
  }
}

function relabel(logic: JsonLogic, byLabel: Map<string, string>): JsonLogic {
  if (Array.isArray(logic)) return logic.map((x) => relabel(x, byLabel));
  if (isObj(logic)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(logic)) out[k] = k === 'var' && typeof v === 'string' && byLabel.has(v) ? byLabel.get(v)! : relabel(v as JsonLogic, byLabel);
    return out as JsonLogic;
  }
  return logic;
}

/** Formula text → JSON Logic, or the problem in Chinese with its place in the text. */
export function compile(text: string, scope: FormulaScope): { logic: JsonLogic; error: null } | { logic: null; error: FormulaProblem } {
  try {
    if (api.compileFormula) return { logic: api.compileFormula(text, scope), error: null };
    const byLabel = new Map(scope.names.filter((n) => n.label).map((n) => [n.label, n.name] as [string, string]));
    return { logic: relabel(parseFormula(text), byLabel), error: null };
  } catch (e) {
    if (e instanceof FormulaError) return { logic: null, error: { messageZh: e.messageZh, offset: e.offset, length: e.length } };
    return { logic: null, error: { messageZh: String((e as Error)?.message ?? e), offset: 0, length: text.length } };
  }
}

/** JSON Logic → formula text with Chinese names where the scope has them ('' when it has no formula form). */
export function printLabelled(logic: JsonLogic, scope: FormulaScope): string {
  try {
    return api.printFormulaLabelled ? api.printFormulaLabelled(logic, scope, { zh: true }) : printFormula(logic);
  } catch {
    return '';
  }
}
