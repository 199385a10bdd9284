import type { KpError } from '../engine';

/** Splits argv into positionals and options; `--set` may repeat. */
export function parseArgs(args: string[], flags: string[], multi: string[] = []): { positional: string[]; opts: Record<string, string | true>; multi: Record<string, string[]> } {
  const positional: string[] = [];
  const opts: Record<string, string | true> = {};
  const many: Record<string, string[]> = Object.fromEntries(multi.map((m) => [m, []]));
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (flags.includes(name)) {
      opts[name] = true;
      continue;
    }
    const value = inline !== undefined ? inline : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (multi.includes(name)) many[name].push(value);
    else opts[name] = value;
  }
  return { positional, opts, multi: many };
}

export class UsageError extends Error {}

/** `name=value` pairs; a value is JSON when it parses as JSON, else a string. */
export function parseSets(sets: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects name=value, got "${s}"`);
    const raw = s.slice(eq + 1);
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      v = raw;
    }
    out[s.slice(0, eq)] = v;
  }
  return out;
}

/** One problem per line: pointer, English and Chinese message. */
export function printErrors(errors: KpError[], prefix = ''): void {
  for (const e of errors) process.stderr.write(`${prefix}${e.path || '/'}: ${e.message.en} (${e.message['zh-CN']}) [${e.kind}]\n`);
}
