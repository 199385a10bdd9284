import { diffPacks, formatDiff, validatePack, Pack } from '../../engine';
import { loadPackRef } from '../pack-ref';
import { printErrors } from '../args';

/** diff <pack-ref> <pack-ref> [--json]: parameters old → new, rules added, removed or changed. */
export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const refs = args.filter((x) => x !== '--json');
  if (refs.length !== 2) {
    process.stderr.write('usage: rules diff <pack-ref> <pack-ref> [--json]\n');
    return 2;
  }
  const docs = refs.map((r) => loadPackRef(r).doc);
  for (const [i, d] of docs.entries()) {
    const errors = validatePack(d);
    if (errors.length) {
      process.stderr.write(`${refs[i]}: invalid pack\n`);
      printErrors(errors, '  ');
      return 2;
    }
  }
  const d = diffPacks(docs[0] as Pack, docs[1] as Pack);
  process.stdout.write(json ? JSON.stringify(d, null, 2) + '\n' : formatDiff(d).join('\n') + '\n');
  return 0;
}
