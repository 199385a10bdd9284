import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope, Pack } from '../../server/src/engine';

export const ROOT = join(__dirname, '..', '..');

export function loadPack(id: string, version = '1.0.0'): Pack {
  return JSON.parse(readFileSync(join(ROOT, 'rule-packs', id, `${version}.json`), 'utf8'));
}

export function loadDemo(id: string): Envelope {
  return JSON.parse(readFileSync(join(ROOT, 'rule-packs', id, 'demo.json'), 'utf8'));
}

/** Runs a CLI command in-process and captures what it writes. */
export async function runCli(run: (args: string[]) => Promise<number>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await run(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
