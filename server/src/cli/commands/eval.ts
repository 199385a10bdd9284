import { compilePack, evaluate, fillFormulas, KpValidationError, validatePack, Pack } from '../../engine';
import { loadPackRef, readJsonFile } from '../pack-ref';
import { parseArgs, parseSets, printErrors, UsageError } from '../args';

/** eval <pack-ref> --input <file> [--set name=value ...] [--trace]: the output envelope on stdout, nothing else. */
export async function run(args: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs(args, ['trace'], ['set']);
    if (a.positional.length !== 1 || typeof a.opts.input !== 'string') throw new UsageError('usage: rules eval <pack-ref> --input <file> [--set name=value ...] [--trace]');
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
    const out = evaluate(c, input, { trace: !!a.opts.trace });
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
