import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The figures a suite measured (how many bad packs tried, requests served …), printed and kept as JSON so that
 * test/hardening/REPORT.md can quote the last run: KP_FIGURES_DIR, default <tmp>/kaoping-hardening.
 */
export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  const dir = process.env.KP_FIGURES_DIR ?? join(tmpdir(), 'kaoping-hardening');
  mkdirSync(dir, { recursive: true });
  const body = { suite, at: new Date().toISOString(), ...figures };
  writeFileSync(join(dir, `${suite}.json`), JSON.stringify(body, null, 2) + '\n');
  // eslint-disable-next-line no-console
  console.log(`[figures] ${suite}: ${JSON.stringify(figures)}`);
}
