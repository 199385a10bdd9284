import { ConsoleLogger } from '@nestjs/common';

/**
 * Runs `f`, a deliberate fault (a table renamed away, an audit insert refused), while the server's error logs
 * that match `expected` are kept instead of printed: a green run prints no red ERROR line for a failure the test
 * provoked on purpose. Every other error still prints, so a real unexpected failure shows. Answers what was kept
 * (message and stack, the stack's first line included), so the test can check that the fault was logged.
 */
export async function withExpectedErrors<T>(expected: RegExp, f: () => Promise<T>): Promise<{ value: T; logged: string[] }> {
  const logged: string[] = [];
  const original = Object.getOwnPropertyDescriptor(ConsoleLogger.prototype, 'error')!;
  ConsoleLogger.prototype.error = function (this: ConsoleLogger, message: unknown, ...rest: unknown[]) {
    const text = [message, ...rest].filter((x) => typeof x === 'string').join('\n');
    if (expected.test(text)) logged.push(text);
    else (original.value as (...a: unknown[]) => void).call(this, message, ...rest);
  };
  try {
    return { value: await f(), logged };
  } finally {
    Object.defineProperty(ConsoleLogger.prototype, 'error', original);
  }
}
