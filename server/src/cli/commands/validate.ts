import { validatePack, kpError, KpError, Pack } from '../../engine';
import { allPackRefs, loadPackRef } from '../pack-ref';
import { printErrors } from '../args';

/** Validates packs (all of rule-packs/ when none are named): schema, semantics, and file placement. */
export async function run(args: string[]): Promise<number> {
  const refs = args.length ? args : allPackRefs();
  if (!refs.length) {
    process.stderr.write('no packs found\n');
    return 2;
  }
  let bad = 0;
  for (const ref of refs) {
    let errors: KpError[];
    let label = ref;
    try {
      const { doc, expected } = loadPackRef(ref);
      errors = validatePack(doc);
      const p = doc as Pack;
      label = p && typeof p === 'object' && p.id ? `${p.id}@${p.version}` : ref;
      if (expected && p && typeof p === 'object') {
        if (p.id !== expected.id) errors.push(kpError('SchemaViolation', '/id', `id "${p.id}" 与目录名 "${expected.id}" 不一致`, `id "${p.id}" does not match its folder "${expected.id}"`));
        if (p.version !== expected.version) errors.push(kpError('SchemaViolation', '/version', `version "${p.version}" 与文件名 "${expected.version}" 不一致`, `version "${p.version}" does not match its file name "${expected.version}"`));
      }
    } catch (e) {
      process.stderr.write(`${ref}: ${(e as Error).message}\n`);
      bad++;
      continue;
    }
    if (errors.length) {
      bad++;
      process.stderr.write(`✗ ${label}: ${errors.length} problem(s)\n`);
      printErrors(errors, '    ');
    } else process.stdout.write(`✓ ${label}\n`);
  }
  process.stdout.write(`${refs.length - bad} valid, ${bad} invalid\n`);
  return bad ? 2 : 0;
}
