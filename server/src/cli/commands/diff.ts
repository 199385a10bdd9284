import { classifyChanges, diffPacks, formatDiff, validatePack, Pack } from '../../engine';
import { loadPackRef } from '../pack-ref';
import { printErrors } from '../args';

const LEVELS = { major: '主版本号（不兼容的变更）', minor: '次版本号（含新增）', patch: '修订号（措辞与说明）', none: '无需新版本（没有变更）' } as const;

/**
 * diff <pack-ref> <pack-ref> [--en] [--json] [--raw]: what changed, worded as the publish dialog words it (zh-CN, or en
 * with --en), grouped by the version level each change needs; --raw prints the field-by-field diff, --json either.
 */
export async function run(args: string[]): Promise<number> {
  const flags = new Set(args.filter((x) => x.startsWith('--')));
  const json = flags.has('--json');
  const raw = flags.has('--raw');
  const en = flags.has('--en');
  const refs = args.filter((x) => !x.startsWith('--'));
  if (refs.length !== 2 || [...flags].some((f) => !['--json', '--raw', '--en'].includes(f))) {
    process.stderr.write('usage: rules diff <pack-ref> <pack-ref> [--en] [--json] [--raw]\n');
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
  if (raw) {
    const d = diffPacks(docs[0] as Pack, docs[1] as Pack);
    process.stdout.write(json ? JSON.stringify(d, null, 2) + '\n' : formatDiff(d).join('\n') + '\n');
    return 0;
  }
  const c = classifyChanges(docs[0] as Pack, docs[1] as Pack);
  if (json) {
    process.stdout.write(JSON.stringify(c, null, 2) + '\n');
    return 0;
  }
  const lines = [`${refs[0]} → ${refs[1]}`, en ? `needs a new ${c.level === 'none' ? 'version: no (nothing changed)' : `${c.level} version`}` : `需要的版本级别：${LEVELS[c.level]}`];
  for (const ch of c.changes) lines.push(`  [${en ? ch.level : LEVELS[ch.level].slice(0, LEVELS[ch.level].indexOf('（'))}] ${en ? ch.message.en : ch.message['zh-CN']}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
