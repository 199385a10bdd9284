import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readXlsx } from '../../server/src/datasets/table';
import { importTable } from '../../server/src/datasets/import';
import { benchPack, ROOT } from '../lib/packs';
import { MemorySampler } from '../lib/memory';
import { fmt, maybeGc, nowMs } from '../lib/timing';
import { log } from '../lib/report';

/**
 * Measurement 5: importing a 100,000-row xlsx of chengzhuang-checklist-steps inputs (period, id, key,
 * basic, innovation, line) with the server's dataset importer: readXlsx (exceljs streaming reader) then
 * importTable (column mapping, coercion by the input schema, the engine's envelope validation).
 */
export interface ImportFigures {
  rows: number;
  fileMb: number;
  importer: string;
  parseMs: number;
  validateMs: number;
  totalMs: number;
  peakRssMb: number;
  rssBeforeMb: number;
  errors: number;
}

const COLUMNS = ['period', 'id', 'key', 'basic', 'innovation', 'line'];

async function writeFixture(path: string, rows: number): Promise<void> {
  const bp = benchPack('chengzhuang-checklist-steps', '1.0.0');
  const subjects = bp.subjects(rows, 99);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('subjects');
  ws.addRow(COLUMNS).commit();
  for (const s of subjects) ws.addRow(COLUMNS.map((c) => (c === 'period' ? '2024-Q1' : (s[c] as string | number)))).commit();
  ws.commit();
  await wb.commit();
}

export async function measureImport(rows: number): Promise<ImportFigures> {
  const dir = join(ROOT, 'bench', 'out');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `chengzhuang-${rows}.xlsx`);
  if (!existsSync(path)) {
    const t = nowMs();
    await writeFixture(path, rows);
    log(`  import: wrote ${path} (${rows.toLocaleString('en')} rows) in ${fmt((nowMs() - t) / 1000)} s`);
  }
  const pack = benchPack('chengzhuang-checklist-steps', '1.0.0').pack;
  maybeGc();
  const rssBefore = process.memoryUsage.rss() / 2 ** 20;
  const mem = new MemorySampler(10);
  const t0 = nowMs();
  const table = await readXlsx(readFileSync(path));
  const t1 = nowMs();
  mem.sample();
  const res = importTable(pack, table, { period: 'period', id: 'id' });
  const t2 = nowMs();
  const m = mem.stop();
  const f: ImportFigures = {
    rows: res.subjects,
    fileMb: statSync(path).size / 2 ** 20,
    importer: 'server/src/datasets: readXlsx (exceljs streaming reader) + importTable (mapping, coercion, engine validation)',
    parseMs: t1 - t0,
    validateMs: t2 - t1,
    totalMs: t2 - t0,
    peakRssMb: m.peakRssMb,
    rssBeforeMb: rssBefore,
    errors: res.errors.length,
  };
  if (res.errors.length || !res.envelope) throw new Error(`import failed: ${JSON.stringify(res.errors.slice(0, 3))}`);
  log(`  import: ${f.rows.toLocaleString('en')} rows read in ${fmt(f.parseMs / 1000, 2)} s, mapped and validated in ${fmt(f.validateMs / 1000, 2)} s, peak RSS ${fmt(f.peakRssMb, 0)} MB (${fmt(rssBefore, 0)} MB before)`);
  return f;
}
