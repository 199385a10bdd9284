/**
 * The one error type of the formula syntax. `offset` and `length` are UTF-16 indices into the
 * formula text (what JS strings and browser editors use); the messages count characters from 1
 * because they are read by people.
 */
export class FormulaError extends Error {
  readonly offset: number;
  readonly length: number;
  readonly messageZh: string;

  constructor(offset: number, length: number, message: string, messageZh: string) {
    super(message);
    this.name = 'FormulaError';
    this.offset = offset;
    this.length = length;
    this.messageZh = messageZh;
    // Keeps `instanceof` working if a consumer compiles this folder down to ES5.
    Object.setPrototypeOf(this, FormulaError.prototype);
  }
}

/** Builds a located error: "<en> at character N<tailEn>" and "第 N 个字符处<zh>". */
export function located(offset: number, length: number, en: string, zh: string, tailEn = ''): FormulaError {
  const n = offset + 1;
  return new FormulaError(offset, length, `${en} at character ${n}${tailEn}`, `第 ${n} 个字符处${zh}`);
}
