/**
 * The engine's public surface: validate, compile, evaluate, test and diff rule packs.
 * Pure TypeScript (no Node-only or framework imports) so the admin UI can run it too.
 */
export * from './types';
export * from './errors';
export { compilePack } from './compile/pack';
export type { CompiledPack } from './compile/pack';
export { compileLogic } from './compile/expr';
export { evaluate, evaluatePack, validateEnvelope } from './evaluate/evaluate';
export type { EvaluateOptions } from './evaluate/evaluate';
export type { PriorPeriod } from './evaluate/history';
export { isPeriod, periodIndex, previousPeriod, periodStart, yearOf } from './evaluate/periods';
export { validatePack } from './validate/validate';
export { checkLocalValues, localNotes, localParameters, localRange } from './compile/local';
export { canonicalPack } from './validate/canonical-pack';
export { checkShape as documentSizeErrors, DOCUMENT_LIMITS } from './validate/static';
export { runPackTests } from './testing/run-tests';
export type { PackTestReport, PackTestCaseResult } from './testing/run-tests';
export { diffPacks, formatDiff } from './diff/diff';
export type { PackDiff } from './diff/diff';
export { classifyChanges, compareVersions, nextVersion, versionSatisfies } from './diff/classify';
export type { ChangeLevel, PackChange } from './diff/classify';
export { canonicalJson } from './canonical';
export { isMoneyUnit, outputUnits } from './units';
export { parseFormula, printFormula, FormulaError, FORMULA_ALIASES, formulaScopeOf, compileFormula, printFormulaLabelled, fillFormulas } from './formula';
export type { FormulaName, FormulaScope } from './formula';
export { EXTENSION_OPERATIONS, BudgetExceededError, newBudget, UNLIMITED } from './compile/runtime';
export type { Budget } from './compile/runtime';
