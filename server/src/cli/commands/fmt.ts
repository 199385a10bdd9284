import { writeFileSync } from 'node:fs';
import { fillFormulas } from '../../engine';
import { loadPackRef } from '../pack-ref';
import { printErrors } from '../args';

/**
 * fmt <pack-ref> [--write]: the canonical document, every JSON Logic slot compiled from its formula (the formula
 * wins; key order kept). Printed to stdout; only --write rewrites the file, since every file under
 * rule-packs/<id>/<version>.json is a published version.
 */
export async function run(args: string[]): Promise<number> {
  const write = args.includes('--write');
  const refs = args.filter((a) => a !== '--write');
  if (refs.length !== 1 || refs[0].startsWith('--')) {
    process.stderr.write('usage: rules fmt <pack-ref> [--write]\n');
    return 2;
  }
  const { doc, file } = loadPackRef(refs[0]);
  const filled = fillFormulas(doc);
  const refused = filled.errors.filter((e) => e.kind !== 'DuplicateLabel');
  if (refused.length) {
    printErrors(filled.errors);
    return 2;
  }
  const text = JSON.stringify(filled.doc, null, 2) + '\n';
  if (!write) {
    process.stdout.write(text);
    return 0;
  }
  writeFileSync(file, text);
  process.stderr.write(`${file}: written from its formulas\n`);
  return 0;
}
