import { kpError, KpError, KpValidationError } from '../errors';
import { compilePack } from '../compile/pack';
import { fillFormulas } from '../formula/fill';
import { checkShape, dedupe, staticPackErrors } from './static';

/**
 * Schema and semantic checks of a pack document; [] when it is valid. Never throws. A formula-only document
 * is valid: absent JSON Logic slots are compiled from their formulas first (a stored slot that differs from
 * its formula is still reported, as FormulaMismatch).
 */
export function validatePack(doc: unknown): KpError[] {
  const shape = checkShape(doc);
  if (shape.length) return shape;
  const filled = fillFormulas(doc, { missingOnly: true });
  // A slot whose formula does not compile stays empty, so the pack cannot be compiled: report the static checks only.
  if (filled.errors.some((e) => e.kind !== 'DuplicateLabel')) {
    const statics = staticPackErrors(filled.doc);
    return dedupe([...filled.errors, ...statics.blocking, ...statics.semantic]);
  }
  try {
    compilePack(filled.doc as never);
    return filled.errors;
  } catch (e) {
    if (e instanceof KpValidationError) return dedupe([...filled.errors, ...e.errors]);
    return [kpError('SchemaViolation', '', `规则包无法编译：${(e as Error).message}`, `the pack cannot be compiled: ${(e as Error).message}`)];
  }
}
