/**
 * The one place the rule cards reach the browser formula compiler (server/src/engine/formula, shared with
 * the server and the CLI). Everything else in rules/ imports from here.
 */
import { compileFormula, FORMULA_ALIASES, FORMULA_FUNCTIONS, FormulaError, formulaScopeOf, printFormulaLabelled } from '@engine/formula';
import type { FormulaName, FormulaScope, JsonLogic } from '@engine/formula';

export type { FormulaName, FormulaScope, JsonLogic };
export { FORMULA_ALIASES, FORMULA_FUNCTIONS };

/** What the bar shows of a formula that does not compile: the Chinese message and the place in the text. */
export interface FormulaProblem {
  messageZh: string;
  offset: number;
  length: number;
}

/** Names an author may use in the formulas of this document (never throws). */
export function scopeOf(doc: unknown): FormulaScope {
  return formulaScopeOf(doc).scope;
}

/** Formula text → JSON Logic, or the problem in Chinese with its place in the text. */
export function compile(text: string, scope: FormulaScope): { logic: JsonLogic; error: null } | { logic: null; error: FormulaProblem } {
  try {
    return { logic: compileFormula(text, scope), error: null };
  } catch (e) {
    if (e instanceof FormulaError) return { logic: null, error: { messageZh: e.messageZh, offset: e.offset, length: e.length } };
    return { logic: null, error: { messageZh: String((e as Error)?.message ?? e), offset: 0, length: text.length } };
  }
}

/** JSON Logic → formula text with Chinese names and function aliases where the scope has them ('' when it has no formula form). */
export function printLabelled(logic: JsonLogic, scope: FormulaScope): string {
  try {
    return printFormulaLabelled(logic, scope, { zh: true });
  } catch {
    return '';
  }
}
