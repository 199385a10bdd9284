import type { CompiledPack, EnvelopePeriod, I18nText, Pack } from '../engine';
import { importTable, type ImportError } from '../datasets/import';
import { detectFormat, readTable, type Table } from '../datasets/table';
import { ID_HEADER, PERIOD_HEADER, templateLayout } from '../datasets/template-layout';
import { UploadLimitError } from '../datasets/xlsx-limits';
import type { UploadColumn } from './period-upload.entity';

/** One problem of an uploaded file, as the API lists it: Excel's row number, the header text, the pointer (twice). */
export interface UploadProblem {
  row: number | null;
  column: string | null;
  pointer: string;
  path: string;
  message: I18nText;
}

export interface PeriodFile {
  format: 'xlsx' | 'csv';
  /** Null when there is any problem: nothing of a file with errors is kept. */
  input: EnvelopePeriod | null;
  errors: UploadProblem[];
  columns: UploadColumn[];
  /** Excel's row number of each subject, in order. */
  rows: number[];
}

const problem = (row: number | null, column: string | null, pointer: string, zh: string, en: string): UploadProblem => ({ row, column, pointer, path: pointer, message: { 'zh-CN': zh, en } });

/**
 * Reads a filled template (.xlsx) or a CSV for one period of a pack: the same reader as the datasets upload
 * (import.ts: headers by Chinese title or English name, option labels, rater sheets, every error by row and
 * column), with the period the route names. A 期间 column may be left out or empty; a row of another period is
 * an error.
 */
export async function readPeriodFile(pack: Pack, compiled: CompiledPack, period: string, data: Buffer): Promise<PeriodFile> {
  const detected = detectFormat(data);
  const none = (p: UploadProblem): PeriodFile => ({ format: detected === 'xlsx' ? 'xlsx' : 'csv', input: null, errors: [p], columns: [], rows: [] });
  if (detected === 'xls') return none(problem(null, null, '/file', '这是旧版 Excel（.xls）文件：请在 Excel 中“另存为” .xlsx 后再上传。', 'This is an old Excel (.xls) file: save it as .xlsx and upload again.'));
  let table: Table;
  try {
    table = await readTable(data, detected);
  } catch (e) {
    if (e instanceof UploadLimitError) throw e;
    return none(problem(null, null, '/file', `无法读取文件（${detected === 'xlsx' ? 'Excel 工作簿' : 'CSV'}）：请使用下载的模板。`, `The file cannot be read as ${detected}: ${(e as Error).message}`));
  }
  if (!table.rows.length) return none(problem(null, null, '/file', '文件中没有数据行：请在表头下方每行填写一个对象。', 'The file has no data rows below the header.'));

  const errors: UploadProblem[] = [];
  const layout = templateLayout(pack);
  const idHeader = table.headers.includes(ID_HEADER) ? ID_HEADER : table.headers.find((h) => h.toLowerCase() === 'id') ?? ID_HEADER;
  fixPeriod(table, period, '', errors);
  for (const sh of layout.sheets) if (table.sheets?.[sh.name]) fixPeriod(table.sheets[sh.name], period, `${sh.name}!`, errors);

  const res = importTable(pack, table, { period: PERIOD_HEADER, id: idHeader }, { compiled });
  errors.push(...res.errors.map((e: ImportError) => problem(e.row, e.column, e.pointer, e.message['zh-CN'], e.message.en)));
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const columns: UploadColumn[] = [
    { column: idHeader, pointer: '/id' },
    ...Object.entries(res.fields).map(([path, column]) => ({ column, pointer: `/${path.split('.').join('/')}` })),
    ...layout.sheets.filter((sh) => table.sheets?.[sh.name]).map((sh) => ({ column: sh.name, pointer: `/${sh.field.split('.').join('/')}` })),
  ];
  const input = errors.length || !res.envelope ? null : res.envelope.periods[0];
  return { format: detected, input, errors, columns, rows: table.rows.map((r) => r.row) };
}

/** The route names the period: a missing 期间 column or an empty cell is that period, another period is an error. */
function fixPeriod(table: Table, period: string, sheet: string, errors: UploadProblem[]): void {
  let at = table.headers.indexOf(PERIOD_HEADER);
  if (at < 0) at = table.headers.findIndex((h) => h.toLowerCase() === 'period');
  const written = at >= 0 ? table.headers[at] : PERIOD_HEADER;
  if (at >= 0) table.headers[at] = PERIOD_HEADER;
  else {
    table.headers.push(PERIOD_HEADER);
    for (const r of table.rows) r.cells.push(period);
    return;
  }
  for (const r of table.rows) {
    const v = String(r.cells[at] ?? '').trim();
    if (v !== '' && v !== period) {
      errors.push(problem(r.row, `${sheet}${written}`, '/periods/0/period', `期间应为 ${period}（本次填报的考评期），此处为 ${v}`, `the period must be ${period} (the period being filled in), not ${v}`));
    }
    r.cells[at] = period;
  }
}
