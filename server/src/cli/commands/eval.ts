import { compilePack, evaluate, fillFormulas, KpValidationError, validatePack, Pack } from '../../engine';
import { loadPackRef, readJsonFile } from '../pack-ref';
import { parseArgs, parseSets, printErrors, UsageError } from '../args';
import { explainLocale, explainSubject, nameLabel, outputText, type Locale } from '../../engine/explain';
import type { OutputEnvelope } from '../../engine';

/** "2024 · b1" then, per output, "  星级：未评上星级" and the sentence under it. */
function explainedText(pack: Pack, out: OutputEnvelope, locale: Locale): string {
  const lines: string[] = [];
  for (const p of out.periods) {
    for (const r of p.results) {
      lines.push(`${p.period} · ${r.id}`);
      const ex = explainSubject(pack, r, { locale, period: p.period, peers: p.results });
      for (const o of pack.outputs) {
        if (!(o in r.outputs)) continue;
        lines.push(`  ${nameLabel(pack, o, locale)}${locale === 'en' ? ': ' : '：'}${outputText(pack, o, r.outputs[o], locale, r.outputs)}`);
        lines.push(`    ${ex[o]}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * eval <pack-ref> --input <file> [--set name=value ...] [--trace]: the output envelope on stdout, nothing else.
 * With --explain (or --explain=en): per subject, each output's label, value and the sentence that explains it.
 */
export async function run(args: string[]): Promise<number> {
  let a;
  // --explain (Chinese) or --explain=en: the sentences instead of the JSON envelope
  let explain: Locale | null = null;
  args = args.filter((x) => {
    const m = /^--explain(?:=(.*))?$/.exec(x);
    if (m) explain = explainLocale(m[1] ?? 'zh-CN');
    return !m;
  });
  try {
    a = parseArgs(args, ['trace'], ['set']);
    if (a.positional.length !== 1 || typeof a.opts.input !== 'string') throw new UsageError('usage: rules eval <pack-ref> --input <file> [--set name=value ...] [--trace] [--explain[=en]]');
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const { doc } = loadPackRef(a.positional[0]);
  const packErrors = validatePack(doc);
  if (packErrors.length) {
    process.stderr.write('invalid pack:\n');
    printErrors(packErrors, '  ');
    return 2;
  }
  let input: unknown;
  try {
    input = readJsonFile(a.opts.input);
  } catch (e) {
    process.stderr.write(`cannot read ${a.opts.input}: ${(e as Error).message}\n`);
    return 2;
  }
  const envParams = input && typeof input === 'object' && !Array.isArray(input) ? ((input as any).parameters as Record<string, unknown> | undefined) : undefined;
  const overrides = { ...(envParams && typeof envParams === 'object' ? envParams : {}), ...parseSets(a.multi.set) };
  try {
    // a formula-only pack file runs with its JSON Logic compiled from the formulas
    const pack = fillFormulas(doc, { missingOnly: true }).doc as Pack;
    const c = compilePack(pack, Object.keys(overrides).length ? overrides : undefined);
    const out = evaluate(c, input, { trace: !!a.opts.trace || !!explain });
    if (explain) {
      process.stdout.write(explainedText(doc as Pack, out, explain));
      return 0;
    }
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof KpValidationError) {
      process.stderr.write(e.target === 'parameters' ? 'invalid parameters:\n' : 'invalid input:\n');
      printErrors(e.errors, '  ');
      return 2;
    }
    throw e;
  }
}
