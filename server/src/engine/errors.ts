import type { I18nText } from './types';

/** Every problem the engine reports: a kind, a JSON Pointer into the document it concerns, and a bilingual message. */
export type ErrorKind =
  | 'SchemaViolation'
  | 'InvalidInput'
  | 'UnknownVariable'
  | 'UnknownParameter'
  | 'UnknownOperator'
  | 'ForbiddenOperator'
  | 'ForbiddenPath'
  | 'BadArity'
  | 'Cycle'
  | 'DuplicateName'
  | 'BandOverlap'
  | 'BandGap'
  | 'BandMismatch'
  | 'WeightSum'
  | 'UnknownOutput'
  | 'UnknownValue'
  | 'UnreachableRule'
  | 'StageOrder'
  | 'FormulaError'
  | 'FormulaMismatch'
  | 'DuplicateLabel'
  | 'BadParameter'
  | 'ExpressionTooLarge'
  | 'MissingScope'
  | 'BadPeriod'
  | 'DuplicateSubject'
  | 'PackNotFound'
  | 'BudgetExceeded';

export interface KpError {
  kind: ErrorKind;
  path: string;
  message: I18nText;
}

export function kpError(kind: ErrorKind, path: string, zh: string, en: string): KpError {
  return { kind, path, message: { 'zh-CN': zh, en } };
}

/** Thrown when a pack, a parameter override or an input is invalid; carries every problem found. */
export class KpValidationError extends Error {
  constructor(
    readonly errors: KpError[],
    readonly target: 'pack' | 'input' | 'parameters' = 'input',
  ) {
    super(errors.map((e) => `${e.path || '/'}: ${e.message.en}`).join('\n'));
    this.name = 'KpValidationError';
  }
}

/** JSON Pointer escaping (RFC 6901). */
export function ptr(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
