import ExcelJS from 'exceljs';
import type { Pack, SubjectResult } from '../engine';
import { nameLabel, outputText, proposalOf, valueText } from '../engine/explain';

export interface ResultsSheet {
  orgName: string;
  pack: Pack;
  version: string;
  period: string;
  evaluationId: string;
  createdAt: Date;
  results: SubjectResult[];
  /** Subject id → output → the sentence that explains it (zh-CN). */
  explanations: Record<string, Record<string, string>>;
}

/**
 * The period's results as an .xlsx: a header block (organisation, scheme, version, period, when), then one row
 * per subject under Chinese headers (the outputs' labels), each value as the pack labels it (三星级, 是) and
 * numbers as numbers, and a 说明 column with the sentence of every output.
 */
export async function resultsXlsx(s: ResultsSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaoping';
  const ws = wb.addWorksheet('考评结果');
  const subject = s.pack.subject?.label?.['zh-CN'] ?? '对象';
  const block: [string, string][] = [
    ['组织', s.orgName],
    ['考评方案', s.pack.title['zh-CN'] ?? s.pack.id],
    ['方案版本', s.version],
    ['考评期', s.period],
    ['评估时间', s.createdAt.toISOString().replace('T', ' ').slice(0, 19) + ' UTC'],
    ['评估编号', s.evaluationId],
  ];
  for (const [k, v] of block) {
    const r = ws.addRow([k, v]);
    r.getCell(1).font = { bold: true };
  }
  ws.addRow([]);
  const outputs = s.pack.outputs;
  const headerRow = ws.addRow([`${subject}编号`, ...outputs.map((o) => nameLabel(s.pack, o, 'zh-CN')), '说明']);
  headerRow.font = { bold: true };
  headerRow.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } }));
  for (const r of s.results) {
    const sentences = s.explanations[r.id] ?? {};
    ws.addRow([
      r.id,
      ...outputs.map((o) => cell(s.pack, o, r.outputs[o], r.outputs)),
      outputs.map((o) => sentences[o]).filter(Boolean).join('\n'),
    ]).getCell(outputs.length + 2).alignment = { wrapText: true, vertical: 'top' };
  }
  ws.views = [{ state: 'frozen', ySplit: headerRow.number, xSplit: 1 }];
  ws.getColumn(1).width = 14;
  outputs.forEach((o, k) => (ws.getColumn(k + 2).width = Math.max(10, Math.min(24, nameLabel(s.pack, o, 'zh-CN').length * 2 + 4))));
  ws.getColumn(outputs.length + 2).width = 80;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A proposal reads as one (建议…，待X批准); a number without a label stays a number (Excel can sort and sum it);
 * everything else is its label.
 */
function cell(pack: Pack, output: string, v: unknown, outputs: Record<string, unknown>): string | number | null {
  if (v === undefined || v === null) return null;
  if (proposalOf(pack, output, v, outputs)) return outputText(pack, output, v, 'zh-CN', outputs);
  if (typeof v === 'number' && !pack.valueLabels?.[output]?.[String(v)]) return v;
  return valueText(pack, output, v, 'zh-CN', { unit: false });
}
