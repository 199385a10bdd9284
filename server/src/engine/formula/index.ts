/**
 * The Excel-like formula syntax: text that staff edit, compiled to the JSON Logic that rule packs store.
 * Names may be the pack's Chinese labels and functions their Chinese aliases (see names.ts).
 * Self-contained (no imports outside this folder) so the admin UI can bundle it for the browser.
 */
export { parseFormula } from './parse';
export { printFormula } from './print';
export { FormulaError } from './error';
export { FORMULA_FUNCTIONS, FORMULA_ALIASES } from './functions';
export type { FormulaFunction, JsonLogic } from './functions';
export { formulaScopeOf, compileFormula, printFormulaLabelled, zhLabel } from './names';
export type { FormulaName, FormulaScope } from './names';
export { fillFormulas, formulaSites } from './fill';
