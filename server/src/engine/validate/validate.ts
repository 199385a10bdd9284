import { kpError, KpError, KpValidationError } from '../errors';
import { compilePack } from '../compile/pack';

/** Schema and semantic checks of a pack document; [] when it is valid. Never throws. */
export function validatePack(doc: unknown): KpError[] {
  try {
    compilePack(doc as never);
    return [];
  } catch (e) {
    if (e instanceof KpValidationError) return e.errors;
    return [kpError('SchemaViolation', '', `规则包无法编译：${(e as Error).message}`, `the pack cannot be compiled: ${(e as Error).message}`)];
  }
}
