import { KpValidationError, validatePack, type Envelope, type KpError, type Pack } from '../../engine';
import { parseSweep, prepare, simulate, traceChanged, type SimulationPlan, type VariantSpec } from '../../engine/simulate';
import { loadPackRef, readJsonFile } from '../pack-ref';
import { parseArgs, parseSets, printErrors, UsageError } from '../args';

const USAGE =
  'usage: rules simulate <pack-ref> --input <file> [--set name=value ...] [--variant <pack-ref> ...] [--sweep name=from:to:step] [--by <field>] [--max-changed <n>] [--traces]';

/**
 * simulate: the baseline pack against one variant per --variant (each with the --set overrides), or one
 * variant of the --set overrides alone; --sweep adds one row per step on top of the first variant (or the
 * baseline). The input's own `parameters` apply to every side. Prints the API's JSON on stdout only.
 */
export async function run(args: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs(args, ['traces'], ['set', 'variant']);
    if (a.positional.length !== 1 || typeof a.opts.input !== 'string') throw new UsageError(USAGE);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const errors: KpError[] = [];
  const loadPack = (ref: string, at: string): Pack | null => {
    const { doc } = loadPackRef(ref);
    const problems = validatePack(doc);
    errors.push(...problems.map((e) => ({ ...e, path: `${at}${e.path}` })));
    return problems.length ? null : (doc as Pack);
  };
  const base = loadPack(a.positional[0], '/baseline');
  const variantPacks = a.multi.variant.map((ref, i) => loadPack(ref, `/variants/${i}`));
  let input: unknown;
  try {
    input = readJsonFile(a.opts.input);
  } catch (e) {
    process.stderr.write(`cannot read ${a.opts.input}: ${(e as Error).message}\n`);
    return 2;
  }
  let sets: Record<string, unknown>;
  try {
    sets = parseSets(a.multi.set);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const sweep = typeof a.opts.sweep === 'string' ? parseSweep(a.opts.sweep) : null;
  if (sweep) errors.push(...sweep.errors);
  const maxChanged = typeof a.opts['max-changed'] === 'string' ? Number(a.opts['max-changed']) : undefined;
  if (maxChanged !== undefined && !(Number.isInteger(maxChanged) && maxChanged >= 0)) {
    errors.push({ kind: 'BadParameter', path: '/options/maxChanged', message: { 'zh-CN': '--max-changed 必须是非负整数', en: '--max-changed must be a non-negative integer' } });
  }
  if (errors.length || !base) {
    process.stderr.write('invalid simulation:\n');
    printErrors(errors, '  ');
    return 2;
  }
  const envParams = input && typeof input === 'object' && !Array.isArray(input) ? (input as Envelope).parameters : undefined;
  const shared = envParams && typeof envParams === 'object' ? envParams : {};
  const hasSets = Object.keys(sets).length > 0;
  const variants: VariantSpec[] = a.multi.variant.length
    ? variantPacks.map((pack) => ({ name: '', pack: pack!, parameters: { ...shared, ...sets } }))
    : hasSets
      ? [{ name: '', parameters: { ...shared, ...sets } }]
      : [];
  const plan: SimulationPlan = {
    baseline: { pack: base, parameters: shared },
    variants,
    sweep: sweep?.sweep ? { ...sweep.sweep, base: variants[0] ?? { name: 'baseline', parameters: shared } } : null,
    options: { ...(typeof a.opts.by === 'string' ? { breakdownBy: a.opts.by } : {}), ...(maxChanged !== undefined ? { maxChanged } : {}) },
  };
  try {
    const result = simulate(plan, input as Envelope);
    if (a.opts.traces) traceChanged(prepare(plan), input as Envelope, result);
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
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
