/**
 * The Excel-like formula syntax: text that staff edit, compiled to the JSON Logic that rule packs store.
 * Self-contained (no imports outside this folder) so the admin UI can bundle it for the browser.
 */
export { parseFormula } from './parse';
export { printFormula } from './print';
export { FormulaError } from './error';
export { FORMULA_FUNCTIONS } from './functions';
export type { FormulaFunction, JsonLogic } from './functions';
