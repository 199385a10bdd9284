import type { KpError } from '../engine';
import type { ImportError } from './import';
import { coerce, schemaAt, setPath, type ColumnMapping } from './mapping';
import type { Table } from './table';
import { ID_HEADER, PERIOD_HEADER, type TemplateLayout } from './template-layout';

/**
 * Reading back the fill-in workbook (template.ts): its Chinese headers map to their input paths without a
 * mapping, enum cells may hold the Chinese label instead of the code, and the rater-row sheets are appended
 * to their subjects' arrays by period and id.
 */

type Schema = Record<string, unknown>;

/** The mapping, with the template's 期间 / 编号 columns used when the given ones are not in the sheet. */
export function templateMapping(m: ColumnMapping, headers: string[]): ColumnMapping {
  const pick = (given: string, fallback: string) => (!headers.includes(given) && headers.includes(fallback) ? fallback : given);
  return { ...m, period: pick(m.period, PERIOD_HEADER), id: pick(m.id, ID_HEADER) };
}

/** A header as people retype it: no spaces, any of - · . between the parts of a nested title, letters in one case. */
function plain(h: string): string {
  return h.replace(/\s+/g, '').replace(/[-－—–·•．.]/g, '·').toLowerCase();
}

/** The header without a trailing unit in brackets: 自评·班子建设（分） → 自评·班子建设. */
function withoutUnit(h: string): string {
  return h.replace(/[（(][^（）()]*[）)]$/, '');
}

/**
 * Input path → header, for the template's columns the sheet has: by the header as the template writes it, by the
 * Chinese title with or without its unit and whatever separator between nested titles (自评·班子建设, 自评-班子建设),
 * or by the English name: the dotted path (self.leadership) or its last part when no other field has it.
 * Headers in `taken` (the period and id columns) are never fields.
 */
export function recognisedFields(layout: TemplateLayout, headers: string[], taken: Set<string> = new Set()): Record<string, string> {
  const byKey = new Map<string, string>();
  const lastParts = new Map<string, number>();
  for (const c of layout.columns) {
    const last = c.path.split('.').pop()!.toLowerCase();
    lastParts.set(last, (lastParts.get(last) ?? 0) + 1);
  }
  const add = (key: string, path: string) => {
    if (key && !byKey.has(key)) byKey.set(key, path);
  };
  for (const c of layout.columns) add(plain(c.header), c.path);
  for (const c of layout.columns) {
    add(plain(withoutUnit(c.header)), c.path);
    add(plain(c.path), c.path);
    const last = c.path.split('.').pop()!.toLowerCase();
    if (lastParts.get(last) === 1) add(last, c.path);
  }
  const out: Record<string, string> = {};
  for (const h of headers) {
    if (!h || taken.has(h)) continue;
    const key = plain(h);
    const path = byKey.get(key) ?? byKey.get(plain(withoutUnit(h)));
    if (path && !(path in out)) out[path] = h;
  }
  return out;
}

/** Enum codes by their Chinese label, per input path (the template lists "village（行政村）"; either is accepted). */
export function labelCodes(layout: TemplateLayout): Map<string, Map<string, unknown>> {
  const out = new Map<string, Map<string, unknown>>();
  const add = (path: string, labels: Map<unknown, string>) => {
    if (!labels.size) return;
    const m = new Map<string, unknown>();
    for (const [code, label] of labels) {
      m.set(label, code);
      m.set(`${String(code)}（${label}）`, code);
    }
    out.set(path, m);
  };
  for (const c of layout.columns) add(c.path, c.labels);
  for (const sh of layout.sheets) for (const c of sh.columns) add(c.path ? `${sh.field}[].${c.path}` : `${sh.field}[]`, c.labels);
  return out;
}

export function fromLabel(codes: Map<string, unknown> | undefined, cell: unknown): unknown {
  if (!codes || typeof cell !== 'string') return cell;
  const code = codes.get(cell.trim());
  return code === undefined ? cell : code;
}

interface Origin {
  /** `/periods/i/subjects/j/<field>/<k>` of the item a sheet row became. */
  pointer: string;
  row: number;
  sheet: string;
  /** Item path (dotted, relative) → header. */
  columns: Record<string, string>;
}

/** Where an item sheet's rows went: reports their cell errors, and finds the row of an engine error inside an item. */
export interface ItemSheets {
  errors: ImportError[];
  locate(e: KpError): ImportError | null;
}

/**
 * Appends each item sheet's rows to the array field of the subject with the same period and id, in sheet
 * order. `subjectAt` gives that subject and its pointer. Absent sheets leave the arrays as the first sheet set them.
 */
export function attachItemSheets(
  layout: TemplateLayout,
  input: Schema,
  table: Table,
  mapping: ColumnMapping,
  subjectAt: (period: string, id: string) => { pointer: string; subject: Record<string, unknown> } | null,
  everySubject: () => Iterable<Record<string, unknown>>,
): ItemSheets {
  const errors: ImportError[] = [];
  const origins: Origin[] = [];
  const codes = labelCodes(layout);
  for (const sh of layout.sheets) {
    const sheet = table.sheets?.[sh.name];
    if (!sheet) continue;
    const at = (h: string) => sheet.headers.indexOf(h);
    const periodAt = at(mapping.period) >= 0 ? at(mapping.period) : at(PERIOD_HEADER);
    const idAt = at(mapping.id) >= 0 ? at(mapping.id) : at(ID_HEADER);
    const column = (h: string) => `${sh.name}!${h}`;
    if (periodAt < 0 || idAt < 0) {
      const h = periodAt < 0 ? PERIOD_HEADER : ID_HEADER;
      errors.push({ row: null, column: column(h), pointer: `/${sh.field.split('.').join('/')}`, kind: 'InvalidInput', message: { 'zh-CN': `工作表“${sh.name}”缺少列 "${h}"`, en: `the sheet "${sh.name}" has no column "${h}"` } });
      continue;
    }
    const itemSchema = schemaAt(input, [...sh.field.split('.'), '0']);
    const cols = sh.columns.filter((c) => at(c.header) >= 0).map((c) => ({ c, i: at(c.header), schema: c.path ? schemaAt(itemSchema ?? {}, c.path.split('.')) : itemSchema }));
    const headers = Object.fromEntries(sh.columns.map((c) => [c.path, c.header]));
    for (const r of sheet.rows) {
      const period = String(r.cells[periodAt] ?? '').trim();
      const id = String(r.cells[idAt] ?? '').trim();
      const found = subjectAt(period, id);
      if (!found) {
        errors.push({ row: r.row, column: column(ID_HEADER), pointer: '', kind: 'InvalidInput', message: { 'zh-CN': `工作表“${sh.name}”第 ${r.row} 行：期间 ${period} 中没有编号为 "${id}" 的对象`, en: `sheet "${sh.name}" row ${r.row}: period ${period} has no subject "${id}"` } });
        continue;
      }
      const path = sh.field.split('.');
      let list = path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), found.subject);
      if (!Array.isArray(list)) setPath(found.subject, path, (list = []));
      const k = (list as unknown[]).length;
      const pointer = `${found.pointer}/${path.join('/')}/${k}`;
      let item: unknown = sh.scalar ? undefined : {};
      for (const { c, i, schema } of cols) {
        const key = c.path ? `${sh.field}[].${c.path}` : `${sh.field}[]`;
        const v = coerce(fromLabel(codes.get(key), r.cells[i]), schema, c.path ? `${pointer}/${c.path.split('.').join('/')}` : pointer);
        if (v.error) errors.push({ row: r.row, column: column(c.header), pointer: v.error.path, kind: v.error.kind, message: v.error.message });
        else if (v.value !== undefined) {
          if (sh.scalar) item = v.value;
          else setPath(item as Record<string, unknown>, c.path.split('.'), v.value);
        }
      }
      (list as unknown[]).push(item);
      origins.push({ pointer, row: r.row, sheet: sh.name, columns: headers });
    }
    // A required list with no rows on its sheet is empty (no additions this year), not missing.
    const path = sh.field.split('.');
    const parent = schemaAt(input, path.slice(0, -1));
    if (((parent?.required as string[] | undefined) ?? []).includes(path[path.length - 1])) {
      const last = path[path.length - 1];
      for (const subject of everySubject()) {
        const owner = path.slice(0, -1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), subject);
        if (owner && typeof owner === 'object' && !Array.isArray((owner as Record<string, unknown>)[last])) (owner as Record<string, unknown>)[last] = [];
      }
    }
  }
  return {
    errors,
    locate(e) {
      const o = origins.find((x) => e.path === x.pointer || e.path.startsWith(`${x.pointer}/`));
      if (!o) return null;
      const rest = e.path.slice(o.pointer.length).split('/').filter(Boolean).join('.');
      const header = o.columns[rest] ?? o.columns[''];
      return { row: o.row, column: header ? `${o.sheet}!${header}` : o.sheet, pointer: e.path, kind: e.kind, message: e.message };
    },
  };
}
