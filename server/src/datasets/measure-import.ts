/**
 * `npx tsx server/src/datasets/measure-import.ts [pack-id] [rows]`: writes a synthetic .xlsx of that many
 * rows (one column per input leaf, arrays as JSON cells), then times read → map → validate; prints JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Envelope, Pack } from '../engine';
import { importTable } from './import';
import { SyntheticGenerator } from './synthetic';
import { readTable } from './table';

function leaves(v: unknown, path: string, out: Map<string, unknown>): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) leaves(x, path ? `${path}.${k}` : k, out);
  else out.set(path, Array.isArray(v) ? JSON.stringify(v) : v);
}

async function main(): Promise<void> {
  const [id = 'rehab-branch-stars', rowsArg = '100000'] = process.argv.slice(2);
  const dir = join(process.cwd(), 'rule-packs', id);
  const pack = JSON.parse(readFileSync(join(dir, '1.0.0.json'), 'utf8')) as Pack;
  const demo = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as Envelope;
  const env = new SyntheticGenerator(pack, demo, { n: Number(rowsArg), seed: 1 }).envelope();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('subjects');
  let headers: string[] | null = null;
  for (const p of env.periods) {
    for (const s of p.subjects) {
      const { id: sid, ...rest } = s;
      const m = new Map<string, unknown>();
      leaves(rest, '', m);
      if (!headers) ws.addRow((headers = ['period', 'id', ...m.keys()]));
      ws.addRow([p.period, sid, ...headers.slice(2).map((h) => m.get(h) ?? null)]);
    }
  }
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const base = process.memoryUsage().rss;
  const t0 = performance.now();
  const table = await readTable(data, 'xlsx');
  const t1 = performance.now();
  const res = importTable(pack, table, { period: 'period', id: 'id' });
  const t2 = performance.now();
  clearInterval(sample);
  process.stdout.write(
    JSON.stringify({ pack: id, rows: table.rows.length, fileMB: +(data.length / 1e6).toFixed(1), errors: res.errors.length, readMs: Math.round(t1 - t0), mapValidateMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0), rssBeforeMB: Math.round(base / 1e6), peakRssMB: Math.round(peak / 1e6) }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
