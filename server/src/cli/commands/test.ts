import { fillFormulas, runPackTests, validatePack, Pack } from '../../engine';
import { allPackRefs, loadPackRef } from '../pack-ref';
import { printErrors } from '../args';

/** test [pack-ref ...]: each pack's own cases, then its rule coverage with every item no test reaches. */
export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const refs = args.filter((x) => x !== '--json');
  const list = refs.length ? refs : allPackRefs();
  let failedPacks = 0;
  let cases = 0;
  let failedCases = 0;
  const reports = [];
  for (const ref of list) {
    const { doc } = loadPackRef(ref);
    const errors = validatePack(doc);
    if (errors.length) {
      failedPacks++;
      process.stderr.write(`✗ ${ref}: invalid pack\n`);
      printErrors(errors, '    ');
      continue;
    }
    // a formula-only pack file runs with its JSON Logic compiled from the formulas
    const r = runPackTests(fillFormulas(doc, { missingOnly: true }).doc as Pack);
    reports.push(r);
    cases += r.cases.length;
    failedCases += r.failed;
    if (r.failed) failedPacks++;
    if (json) continue;
    const pct = r.coverage.total ? Math.round((100 * r.coverage.hit) / r.coverage.total) : 100;
    process.stdout.write(`${r.failed ? '✗' : '✓'} ${r.pack.id}@${r.pack.version}: ${r.passed}/${r.cases.length} tests pass; rule coverage ${r.coverage.hit}/${r.coverage.total} (${pct}%)\n`);
    for (const c of r.cases.filter((x) => !x.ok)) {
      process.stdout.write(`    ✗ ${c.name}\n`);
      for (const p of c.problems) process.stdout.write(`        ${p}\n`);
    }
    for (const m of r.coverage.missed) process.stdout.write(`    未覆盖 not reached: ${m.label['zh-CN']} / ${m.label.en} (${m.id})\n`);
  }
  if (json) process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
  else process.stdout.write(`${list.length - failedPacks} of ${list.length} packs pass; ${cases - failedCases} passed, ${failedCases} failed\n`);
  return failedPacks ? 1 : 0;
}
