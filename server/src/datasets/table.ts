import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { boundedXlsx, SheetBudget } from './xlsx-limits';

/** A sheet as plain cells: the header row's names and each later row with its spreadsheet row number. */
export interface Table {
  headers: string[];
  rows: { row: number; cells: unknown[] }[];
  /** Other sheets by name (only .xlsx), e.g. `scopes`. */
  sheets?: Record<string, Table>;
}

/** A cell's value as the user typed it: rich text, formulas, hyperlinks and dates unwrapped. */
export function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if ('result' in o) return cellValue(o.result);
    if ('text' in o) return o.text;
    if ('error' in o) return null;
  }
  return v;
}

function toTable(rows: { row: number; values: unknown[] }[]): Table {
  const [head, ...rest] = rows;
  const headers = (head?.values ?? []).map((v) => String(cellValue(v) ?? '').trim());
  return {
    headers,
    rows: rest
      .map((r) => ({ row: r.row, cells: headers.map((_, i) => cellValue(r.values[i])) }))
      .filter((r) => r.cells.some((c) => c !== null && c !== '')),
  };
}

/**
 * Reads every sheet of an .xlsx with the streaming reader; the first sheet is the subjects. The zip is checked
 * against XLSX_LIMITS before anything is inflated, and rows, cells and cell lengths while the sheets stream.
 */
export async function readXlsx(data: Buffer): Promise<Table> {
  const checked = await boundedXlsx(data);
  const budget = new SheetBudget();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(checked), { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit' });
  const sheets: { name: string; table: Table }[] = [];
  for await (const ws of reader) {
    const rows: { row: number; values: unknown[] }[] = [];
    const name = (ws as unknown as { name: string }).name;
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as unknown[]).slice(1);
      budget.row(name, row.number, values);
      rows.push({ row: row.number, values });
    }
    sheets.push({ name: (ws as unknown as { name: string }).name, table: toTable(rows) });
  }
  if (!sheets.length) return { headers: [], rows: [] };
  return { ...sheets[0].table, sheets: Object.fromEntries(sheets.slice(1).map((s) => [s.name, s.table])) };
}

/** The text of a CSV: UTF-8 (optional BOM), or GB18030 as Excel saves "CSV" on a Chinese Windows. */
export function csvText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

/** What the bytes are: an .xlsx is a zip (PK…), an old .xls an OLE file (D0 CF 11 E0); anything else is read as CSV. */
export function detectFormat(data: Buffer): 'xlsx' | 'xls' | 'csv' {
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  if (data.length >= 4 && data.readUInt32BE(0) === 0xd0cf11e0) return 'xls';
  return 'csv';
}

/** Reads a CSV (UTF-8 with optional BOM, or GB18030); every cell stays text, the mapping converts by the input schema. */
export async function readCsv(data: Buffer): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  const text = csvText(data);
  const ws = await wb.csv.read(Readable.from([text]), { map: (v: unknown) => v } as never);
  const rows: { row: number; values: unknown[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => rows.push({ row: n, values: (row.values as unknown[]).slice(1) }));
  return toTable(rows);
}

export async function readTable(data: Buffer, format: 'xlsx' | 'csv'): Promise<Table> {
  return format === 'xlsx' ? readXlsx(data) : readCsv(data);
}
