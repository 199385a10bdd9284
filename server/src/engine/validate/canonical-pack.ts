import { KpValidationError } from '../errors';
import { fillFormulas } from '../formula/fill';
import { checkShape } from './static';

/**
 * The form a submitted document is stored in: every JSON Logic slot compiled from its formula (formula text
 * kept as written; where both are present the formula wins). A formula that does not compile is refused:
 * KpValidationError (target 'pack') by the pointer of the formula slot, under `at` (e.g. "/document").
 * Other problems are left to validation. Non-object documents are returned as they are.
 */
export function canonicalPack<T>(doc: T, at = ''): T {
  // too large or too deep: left as it is for validation to refuse, before anything walks it
  if (checkShape(doc).length) return doc;
  const filled = fillFormulas(doc);
  const refused = filled.errors.filter((e) => e.kind === 'FormulaError');
  if (refused.length) throw new KpValidationError(refused.map((e) => ({ ...e, path: at + e.path })), 'pack');
  return filled.doc as T;
}

