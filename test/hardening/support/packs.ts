import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope, Pack } from '../../../server/src/engine/types';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
const PACKS_DIR = join(REPO_ROOT, 'rule-packs');

export interface SeedPack {
  ref: string;
  pack: Pack;
  /** An envelope the pack accepts: its first test case that expects outputs rather than errors. */
  valid: Envelope;
  /** Its parameter overrides, if that test sets any. */
  parameters?: Record<string, unknown>;
}

/** Every pack version under rule-packs/, each with a known-valid input from its own tests. */
export function seedPacks(): SeedPack[] {
  const out: SeedPack[] = [];
  for (const id of readdirSync(PACKS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const f of readdirSync(join(PACKS_DIR, id)).filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f)).sort()) {
      const pack = JSON.parse(readFileSync(join(PACKS_DIR, id, f), 'utf8')) as Pack;
      const t = (pack.tests ?? []).find((x) => !x.expectErrors?.length && !x.parameters && x.input.periods.some((p) => p.subjects.length));
      if (!t) throw new Error(`${id}/${f}: no test case with a valid input to start from`);
      out.push({ ref: `${id}@${pack.version}`, pack, valid: t.input });
    }
  }
  return out;
}

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
