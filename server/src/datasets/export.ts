import ExcelJS from 'exceljs';
import type { SimulationResult } from '../engine/simulate';

/**
 * A simulation's results as a workbook for policy staff: one sheet per kind of figure, one row per
 * figure, so the sheets filter and pivot in Excel and read back exactly (see the round-trip test).
 */
export async function exportResultsXlsx(result: SimulationResult, opts: { words?: (output: string, value: unknown) => string } = {}): Promise<Buffer> {
  // values in the pack's words (优秀, 是/否) in extra columns at the end: the code columns stay as they were
  const words = opts.words;
  const w = (o: string, v: unknown) => (words ? [words(o, v)] : []);
  const fromKey = (k: string): unknown => {
    try {
      return JSON.parse(k);
    } catch {
      return k;
    }
  };
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaoping';
  const sheet = (name: string, headers: string[], rows: unknown[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(headers).font = { bold: true };
    for (const r of rows) ws.addRow(r.map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v)));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };
  const b = result.baseline;
  const outputsWithTotals = [...new Set([...Object.keys(b.totals), ...result.variants.flatMap((v) => Object.keys(v.totals))])];
  sheet(
    'Totals',
    ['variant', 'output', 'baseline', 'variant total', 'difference'],
    result.variants.flatMap((v) => outputsWithTotals.filter((o) => o in v.totals).map((o) => [v.name, o, b.totals[o] ?? null, v.totals[o], v.totalsDelta[o] ?? null])),
  );
  sheet(
    'Summary',
    ['variant', 'pack', 'version', 'subjects', 'changed'],
    [[`baseline`, b.pack.id, b.pack.version, b.subjects, 0], ...result.variants.map((v) => [v.name, v.pack.id, v.pack.version, v.summary.subjects, v.changedCount])],
  );
  sheet(
    'Distributions',
    ['variant', 'output', 'value', 'count', ...(words ? ['value (words)'] : [])],
    [
      ...Object.entries(b.distributions).flatMap(([o, d]) => Object.entries(d).map(([value, n]) => ['baseline', o, value, n, ...w(o, fromKey(value))])),
      ...result.variants.flatMap((v) => Object.entries(v.distributions).flatMap(([o, d]) => Object.entries(d).map(([value, n]) => [v.name, o, value, n, ...w(o, fromKey(value))]))),
    ],
  );
  sheet(
    'Transitions',
    ['variant', 'output', 'from', 'to', 'count', ...(words ? ['from (words)', 'to (words)'] : [])],
    result.variants.flatMap((v) =>
      Object.entries(v.transitions).flatMap(([o, m]) =>
        Object.entries(m).flatMap(([from, row]) => Object.entries(row).map(([to, n]) => [v.name, o, from, to, n, ...w(o, fromKey(from)), ...w(o, fromKey(to))])),
      ),
    ),
  );
  sheet(
    'Changed',
    ['variant', 'period', 'id', 'output', 'before', 'after', ...(words ? ['before (words)', 'after (words)'] : [])],
    result.variants.flatMap((v) => v.changed.flatMap((c) => Object.entries(c.outputs).map(([o, [before, after]]) => [v.name, c.period, c.id, o, before, after, ...w(o, before), ...w(o, after)]))),
  );
  sheet(
    'Quota',
    ['variant', 'rule', 'quota', 'refused'],
    [
      ...Object.entries(b.quotaPressure).flatMap(([r, q]) => Object.entries(q).map(([id, n]) => ['baseline', r, id, n])),
      ...result.variants.flatMap((v) => Object.entries(v.quotaPressure).flatMap(([r, q]) => Object.entries(q).map(([id, n]) => [v.name, r, id, n]))),
    ],
  );
  if (result.sweep.length) {
    const totals = [...new Set(result.sweep.flatMap((r) => Object.keys(r.summary.totals)))];
    sheet('Sweep', ['value', 'changed', ...totals.map((t) => `total ${t}`), 'counts'], result.sweep.map((r) => [r.value, r.summary.changed, ...totals.map((t) => r.summary.totals[t] ?? null), r.summary.counts]));
  }
  const breakdowns = result.variants.filter((v) => v.breakdown);
  if (breakdowns.length) {
    sheet(
      'Breakdown',
      ['variant', 'by', 'group', 'subjects', 'changed', 'totals'],
      breakdowns.flatMap((v) => Object.entries(v.breakdown!.groups).map(([g, x]) => [v.name, v.breakdown!.by, g, x.subjects, x.changed, x.totals])),
    );
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
