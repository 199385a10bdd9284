import ExcelJS from 'exceljs';
import { compilePack, type Json, type Pack, type Rule } from '../engine';
import { collectVars, ruleSlots } from '../engine/compile/plan';
import { resolveSchemaParams } from '../engine/evaluate/input';
import { schemaPeriods } from './schema-synthetic';
import { GUIDE_SHEET, ID_HEADER, PERIOD_HEADER, templateLayout, unitOf, zhTitle, type TemplateColumn } from './template-layout';

/**
 * The fill-in workbook of a pack: exactly what the upload reads back (import.ts), headed in Chinese.
 * Sheet 1 "填写数据": 期间, 编号 and one column per field, the header frozen, each cell checked by Excel as it is
 * typed (drop-downs for yes/no and options, number ranges); sheet 2 "填写说明": every column with its Chinese and
 * English name, type, range, whether it is required, its values, its unit and the sentences of the source
 * document that use it; then one sheet per array of rater rows (linked by 期间 and 编号), and "scopes" when the
 * pack has scope facts.
 */

type Schema = Record<string, any>;

const DATA_SHEET = '填写数据';
/** Rows that get drop-down lists for yes/no and enum columns. */
const VALIDATED_ROWS = 2000;

export async function templateXlsx(pack: Pack): Promise<Buffer> {
  // Ranges may be parameters ({ "$param": "caps.study" }): the template states the pack's default values.
  const params = compilePack(pack).parameters as Record<string, Json>;
  const resolved = { ...pack, input: resolveSchemaParams(pack.input, params) as Schema };
  const layout = templateLayout(resolved);
  const example = schemaPeriods(pack)[0];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaoping';
  const subjectLabel = pack.subject?.label?.['zh-CN'] ?? '对象';

  const dataSheet = (name: string, cols: TemplateColumn[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
    const header = ws.addRow([PERIOD_HEADER, ID_HEADER, ...cols.map((c) => c.header)]);
    header.font = { bold: true };
    header.getCell(1).note = `期间，形如 ${example}`;
    header.getCell(2).note = `${subjectLabel}编号，同一${subjectLabel}在各期间、各工作表中相同`;
    cols.forEach((c, k) => {
      header.getCell(k + 3).note = [describeRange(c.schema), c.required ? '必填' : '选填', values(c)].filter(Boolean).join('；');
      const rule = validation(c);
      if (rule) (ws as unknown as { dataValidations: { add(range: string, v: unknown): void } }).dataValidations.add(`${colName(k + 3)}2:${colName(k + 3)}${VALIDATED_ROWS}`, rule);
    });
    ws.columns.forEach((col, k) => (col.width = Math.max(10, Math.min(40, (k < 2 ? 8 : cols[k - 2].header.length * 2) + 2))));
    return ws;
  };

  dataSheet(DATA_SHEET, layout.columns);
  const guide = wb.addWorksheet(GUIDE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  guide.addRow(['工作表', '列名', '中文名', '英文名', '类型', '取值范围', '是否必填', '可选值', '单位', '依据（原文）']).font = { bold: true };
  guide.addRow([DATA_SHEET, PERIOD_HEADER, '期间', 'period', '文本', `形如 ${example}`, '必填', '', '', '']);
  guide.addRow([DATA_SHEET, ID_HEADER, `${subjectLabel}编号`, 'id', '文本', '同一期间内不重复', '必填', '', '', '']);
  const cites = fieldCites(pack);
  const guideRows = (sheet: string, cols: TemplateColumn[], prefix: string, field?: string) => {
    for (const c of cols) {
      const path = field ? [field, c.path].filter(Boolean).join('.') : c.path;
      guide.addRow([sheet, c.header, c.title, prefix + c.path || prefix.replace(/\.$/, ''), typeName(c.schema), describeRange(c.schema), c.required ? '必填' : '选填', values(c), unitOf(c.schema), citeOf(c.schema, path, cites)]);
    }
  };
  guideRows(DATA_SHEET, layout.columns, '');
  for (const sh of layout.sheets) {
    dataSheet(sh.name, sh.columns);
    guide.addRow([sh.name, `${PERIOD_HEADER}、${ID_HEADER}`, `${sh.title}：每行一条，按期间和编号对应到“${DATA_SHEET}”中的${subjectLabel}`, sh.field, '', '', '', '']);
    guideRows(sh.name, sh.columns, sh.scalar ? sh.field : `${sh.field}[].`, sh.field);
  }
  if (pack.scopes) {
    const schema = resolveSchemaParams(pack.scopes.schema, params) as Schema;
    const facts = Object.keys(schema.properties ?? {});
    wb.addWorksheet('scopes').addRow(['key', 'period', ...facts]).font = { bold: true };
    guide.addRow(['scopes', 'key', `范围（${pack.scopes.ref ? zhTitle((pack.input as Schema).properties?.[pack.scopes.ref], pack.scopes.ref) : '范围'}）的编号`, 'key', '文本', '', '必填', '']);
    guide.addRow(['scopes', 'period', '期间（空 = 所有期间）', 'period', '文本', `形如 ${example}`, '选填', '']);
    for (const f of facts) guide.addRow(['scopes', f, zhTitle(schema.properties[f], f), f, typeName(schema.properties[f]), describeRange(schema.properties[f]), (schema.required ?? []).includes(f) ? '必填' : '选填', '']);
  }
  guide.columns.forEach((col, k) => (col.width = [12, 28, 28, 28, 8, 18, 8, 40, 6, 60][k] ?? 12));
  guide.getColumn(10).alignment = { wrapText: true, vertical: 'top' };
  guide.addRow([]);
  guide.addRow(['说明：是/否 列填“是”或“否”；选项列填可选值中的代码（括号内为中文含义，也可直接填中文）；空单元格表示该项未填写。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function typeName(s: Schema | undefined): string {
  if (!s) return '';
  if (Array.isArray(s.enum)) return '选项';
  const t = ([] as string[]).concat(s.type ?? []);
  if (t.includes('integer')) return '整数';
  if (t.includes('number')) return '数值';
  if (t.includes('boolean')) return '是/否';
  if (t.includes('string')) return '文本';
  return 'JSON';
}

function describeRange(s: Schema | undefined): string {
  if (!s) return '';
  const lo = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : undefined;
  const hi = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : undefined;
  if (lo !== undefined && hi !== undefined) return `${lo} – ${hi}`;
  if (lo !== undefined) return `≥ ${lo}`;
  if (hi !== undefined) return `≤ ${hi}`;
  if (typeof s.pattern === 'string' && s.pattern.startsWith('^[0-9]{4}-')) return '日期，形如 2026-03-15';
  return '';
}

function values(c: TemplateColumn): string {
  if (Array.isArray(c.schema.enum)) return c.schema.enum.map((v: unknown) => (c.labels.has(v) ? `${String(v)}（${c.labels.get(v)}）` : String(v))).join('，');
  if (typeName(c.schema) === '是/否') return '是，否';
  return '';
}

/** What Excel checks as a cell is typed: a drop-down for yes/no and options, a whole or decimal number in its range. */
function validation(c: TemplateColumn): Record<string, unknown> | null {
  const list = dropDown(c);
  if (list) return { type: 'list', allowBlank: !c.required, formulae: [list], showErrorMessage: true, errorTitle: c.header, error: `请从下拉列表中选择：${values(c)}`.slice(0, 255) };
  const t = typeName(c.schema);
  if (t !== '整数' && t !== '数值') return null;
  const s = c.schema;
  const lo = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : undefined;
  const hi = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : undefined;
  const type = t === '整数' ? 'whole' : 'decimal';
  const base = { type, allowBlank: !c.required, showErrorMessage: true, errorTitle: c.header };
  const kind = t === '整数' ? '整数' : '数字';
  if (lo !== undefined && hi !== undefined) return { ...base, operator: 'between', formulae: [lo, hi], error: `请填写 ${lo} 到 ${hi} 之间的${kind}` };
  if (lo !== undefined) return { ...base, operator: 'greaterThanOrEqual', formulae: [lo], error: `请填写不小于 ${lo} 的${kind}` };
  if (hi !== undefined) return { ...base, operator: 'lessThanOrEqual', formulae: [hi], error: `请填写不大于 ${hi} 的${kind}` };
  // any number at all: Excel has no "is a number" rule, so the widest range stands for it
  return { ...base, operator: 'between', formulae: [-1e15, 1e15], error: `请填写${kind}` };
}

/** The input field's own cite, or the cites of the rules (a ladder's checks one by one) that read it. */
function citeOf(s: Schema, path: string, cites: Map<string, string[]>): string {
  const own = s.cite ?? s['x-cite'];
  if (typeof own === 'string' && own) return own;
  const found = new Set<string>();
  for (const [v, list] of cites) {
    if (v === path || v.startsWith(`${path}.`) || path.startsWith(`${v}.`)) list.forEach((c) => found.add(c));
  }
  return [...found].slice(0, 3).join('\n');
}

/** Input paths read by each rule slot → the cites of those rules (a ladder check's own cite before its rule's). */
function fieldCites(pack: Pack): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (v: string, cite: unknown) => {
    if (typeof cite !== 'string' || !cite) return;
    const list = out.get(v) ?? [];
    if (!list.includes(cite)) list.push(cite);
    out.set(v, list);
  };
  pack.rules.forEach((rule: Rule, i) => {
    for (const slot of ruleSlots(rule, `/rules/${i}`)) {
      const m = /^levels\.(\d+)\.checks\.(\d+)$/.exec(slot.slot);
      const check = m && rule.kind === 'ladder' ? rule.levels[Number(m[1])]?.checks[Number(m[2])] : undefined;
      for (const v of collectVars(slot.logic)) add(v, (check as { cite?: string } | undefined)?.cite ?? rule.cite);
    }
  });
  return out;
}

/** A drop-down for yes/no and enum columns (Excel's list formula holds at most 255 characters). */
function dropDown(c: TemplateColumn): string | null {
  // an option with a Chinese label is offered as "county（县级）", which the upload reads back as its code
  const items = Array.isArray(c.schema.enum) ? c.schema.enum.map((v: unknown) => (c.labels.has(v) ? `${String(v)}（${c.labels.get(v)}）` : String(v))) : typeName(c.schema) === '是/否' ? ['是', '否'] : null;
  if (!items) return null;
  const text = `"${items.join(',')}"`;
  return text.length <= 255 && !items.some((i: string) => i.includes(',') || i.includes('"')) ? text : null;
}

function colName(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
