import { writeFileSync } from 'node:fs';
import { parseFormula, FormulaError } from '../../engine';
import { loadPackRef } from '../pack-ref';
import { formulaSlot } from '../../engine/formula/slots';

/** fmt <pack-ref>: fills every JSON Logic slot that has formula text, in place, keeping key order. */
export async function run(args: string[]): Promise<number> {
  if (args.length !== 1) {
    process.stderr.write('usage: rules fmt <pack-ref>\n');
    return 2;
  }
  const { doc, file } = loadPackRef(args[0]);
  const errors: string[] = [];
  let filled = 0;
  const setSlot = (holder: Record<string, any>, slot: string, text: string, at: string) => {
    try {
      const logic = parseFormula(text);
      const target = formulaSlot(holder, slot);
      if (!target) throw new Error(`no slot "${slot}"`);
      target.parent[target.key] = logic;
      filled++;
    } catch (e) {
      errors.push(`${at}: ${e instanceof FormulaError ? e.message : String(e)}`);
    }
  };
  const d = doc as Record<string, any>;
  (d.rules ?? []).forEach((r: any, i: number) => {
    for (const [slot, text] of Object.entries(r.formula ?? {})) setSlot(r, slot, text as string, `/rules/${i}/formula/${slot}`);
    if (r.kind === 'ladder') r.levels?.forEach((l: any, li: number) => l.checks?.forEach((c: any, ci: number) => c.formula !== undefined && setSlot(c, 'expr', c.formula, `/rules/${i}/levels/${li}/checks/${ci}/formula`)));
  });
  (d.summary ?? []).forEach((s: any, i: number) => {
    for (const [slot, text] of Object.entries(s.formula ?? {})) setSlot(s, slot, text as string, `/summary/${i}/formula/${slot}`);
  });
  if (errors.length) {
    for (const e of errors) process.stderr.write(e + '\n');
    return 2;
  }
  writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  process.stdout.write(`${file}: ${filled} slot(s) filled from formulas\n`);
  return 0;
}
