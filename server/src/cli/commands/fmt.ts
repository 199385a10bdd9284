import { writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { isSemver } from '../../common/semver';
import { fillFormulas } from '../../engine';
import { loadPackRef, packsDir } from '../pack-ref';
import { printErrors } from '../args';

/**
 * fmt <pack-ref> [--write]: the canonical document, every JSON Logic slot compiled from its formula (the formula
 * wins; key order kept). Printed to stdout; only --write rewrites the file, and never a published version: every
 * file rule-packs/<id>/<version>.json is one (a new version is a new file; a draft lives elsewhere).
 */
export async function run(args: string[]): Promise<number> {
  const write = args.includes('--write');
  const refs = args.filter((a) => a !== '--write');
  if (refs.length !== 1 || refs[0].startsWith('--')) {
    process.stderr.write('usage: rules fmt <pack-ref> [--write]\n');
    return 2;
  }
  const { doc, file } = loadPackRef(refs[0]);
  if (write && isPublished(file)) {
    process.stderr.write(
      `${relative(process.cwd(), file)}: 这是已发布的版本，不能改写；请复制为新版本或草稿文件后再用 --write。\n` +
        `${relative(process.cwd(), file)}: a published version is never rewritten; copy it to a new version or a draft file and --write that.\n`,
    );
    return 2;
  }
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

/** A file rule-packs/<id>/<semver>.json (the packs directory of this run). */
function isPublished(file: string): boolean {
  const f = resolve(file);
  return resolve(dirname(dirname(f))) === resolve(packsDir()) && isSemver(basename(f, '.json')) && f.endsWith('.json');
}
