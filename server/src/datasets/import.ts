import { compilePack, kpError, validateEnvelope, type CompiledPack, type Envelope, type EnvelopePeriod, type KpError, type Pack } from '../engine';
import { ENVELOPE_LIMITS } from '../engine/evaluate/input';
import { autoFields, coerce, schemaAt, setPath, type ColumnMapping } from './mapping';
import type { Table } from './table';
import { attachItemSheets, fromLabel, labelCodes, recognisedFields, templateMapping } from './template-import';
import { templateLayout, type TemplateColumn } from './template-layout';

/** One problem of an import: the spreadsheet row and column, and the pointer into the envelope it became. */
export interface ImportError {
  row: number | null;
  column: string | null;
  pointer: string;
  /** The same pointer again: clients read `path` in every other error list of the API. */
  path?: string;
  kind: KpError['kind'];
  message: KpError['message'];
}

export interface ImportResult {
  /** Null when there was any error: an import with errors imports nothing. */
  envelope: Envelope | null;
  errors: ImportError[];
  subjects: number;
  /** Input path → column actually used. */
  fields: Record<string, string>;
}

/**
 * Turns a table into an envelope for the pack: rows grouped into periods (chronological), each mapped
 * column converted by the input schema, then the whole envelope validated by the engine, so every error
 * names its row, its column and its pointer. A sheet named `scopes` (xlsx), with a `key` column, an
 * optional `period` column and one column per scope fact, gives the scopes. The fill-in template's Chinese
 * headers, enum labels and rater-row sheets are read as template.ts writes them (template-import.ts).
 */
export function importTable(pack: Pack, table: Table, given: ColumnMapping, opts: { compiled?: CompiledPack } = {}): ImportResult {
  const errors: ImportError[] = [];
  const col = (name: string) => table.headers.indexOf(name);
  const input = pack.input as Record<string, unknown>;
  const mapping = templateMapping(given, table.headers);
  const layout = templateLayout(pack);
  const codes = labelCodes(layout);
  const fields = { ...recognisedFields(layout, table.headers, new Set([mapping.period, mapping.id])), ...autoFields(table.headers, input, new Set([mapping.period, mapping.id])), ...(mapping.fields ?? {}) };
  const missingColumn = (column: string, pointer: string) =>
    errors.push({ row: null, column, pointer, kind: 'InvalidInput', message: { 'zh-CN': `找不到列“${column}”`, en: `there is no column "${column}"` } });
  for (const c of [mapping.period, mapping.id]) if (col(c) < 0) missingColumn(c, c === mapping.id ? '/id' : '/period');
  const fieldCols = Object.entries(fields).map(([path, column]) => ({ path: path.split('.'), column, at: col(column), schema: schemaAt(input, path.split('.')) }));
  for (const f of fieldCols) {
    if (f.at < 0) missingColumn(f.column, `/${f.path.join('/')}`);
    else if (!f.schema) errors.push({ row: null, column: f.column, pointer: `/${f.path.join('/')}`, kind: 'InvalidInput', message: { 'zh-CN': `输入中没有字段 "${f.path.join('.')}"`, en: `the input has no field "${f.path.join('.')}"` } });
  }
  if (errors.length) return { envelope: null, errors: withPath(errors), subjects: 0, fields };
  // A required field without a column is one error naming the column the template would have, not one per row.
  const covered = (path: string) => Object.keys(fields).some((f) => path === f || path.startsWith(`${f}.`));
  const absent = new Set(layout.columns.filter((c) => c.required && !covered(c.path)).map((c) => c.path));
  for (const c of layout.columns) if (absent.has(c.path)) missingColumn(c.header, `/${c.path.split('.').join('/')}`);

  // Rows by period, in chronological order (period labels of one kind sort as text: 2024-Q1 < 2024-Q2).
  const byPeriod = new Map<string, { subjects: EnvelopePeriod['subjects']; rows: number[] }>();
  for (const r of table.rows) {
    const period = String(r.cells[col(mapping.period)] ?? '').trim();
    const id = String(r.cells[col(mapping.id)] ?? '').trim();
    const subject: Record<string, unknown> = { id };
    for (const f of fieldCols) {
      const c = coerce(fromLabel(codes.get(f.path.join('.')), r.cells[f.at]), f.schema, `/${f.path.join('/')}`);
      if (c.error) errors.push({ row: r.row, column: f.column, pointer: c.error.path, kind: c.error.kind, message: c.error.message });
      else if (c.value !== undefined) setPath(subject, f.path, c.value);
    }
    let p = byPeriod.get(period);
    if (!p) byPeriod.set(period, (p = { subjects: [], rows: [] }));
    p.subjects.push(subject as EnvelopePeriod['subjects'][number]);
    p.rows.push(r.row);
  }
  const order = [...byPeriod.keys()].sort();
  const index = new Map(order.flatMap((period, i) => byPeriod.get(period)!.subjects.map((s, j) => [`${period}\u0000${s.id}`, { pointer: `/periods/${i}/subjects/${j}`, subject: s }] as const)));
  const items = attachItemSheets(layout, input, table, mapping, (period, id) => index.get(`${period}\u0000${id}`) ?? null, () => [...index.values()].map((x) => x.subject));
  const scopes = readScopes(table, errors);
  const envelope: Envelope = {
    periods: order.map((period) => {
      const s = scopes.get(period) ?? scopes.get('');
      return s ? { period, subjects: byPeriod.get(period)!.subjects, scopes: s } : { period, subjects: byPeriod.get(period)!.subjects };
    }),
  };
  const subjects = table.rows.length;
  const cellErrors = [...relocate(errors, order, byPeriod), ...items.errors];
  // Cells that could not be read are left out of the subject; the engine then finds everything else,
  // and its "missing" report for those same cells is dropped as a repeat.
  const seen = new Set(cellErrors.map((e) => e.pointer));
  // ... and the engine's "missing" for such a field, or for the object holding only absent columns, is a repeat
  const inAbsentColumn = (e: KpError) => {
    const m = /^\/periods\/\d+\/subjects\/\d+\/(.+)$/.exec(e.path);
    if (!m) return false;
    const path = m[1].split('/').join('.');
    return absent.has(path) || [...absent].some((a) => a.startsWith(`${path}.`));
  };
  const problems = validateEvery(opts.compiled ?? compilePack(pack), envelope).filter((e) => !seen.has(e.path) && !inAbsentColumn(e));
  const expected = Object.fromEntries(layout.columns.map((c) => [c.path, c.header]));
  const optionsOf = new Map(layout.columns.filter((c) => Array.isArray(c.schema.enum)).map((c) => [fields[c.path] ?? c.header, c]));
  const all = [...cellErrors, ...problems.map((e) => items.locate(e) ?? locate(e, order, byPeriod, { ...expected, ...fields }, mapping))].map((e) => plainWords(e, optionsOf));
  all.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { envelope: all.length ? null : envelope, errors: withPath(all), subjects, fields };
}

function withPath(errors: ImportError[]): ImportError[] {
  return errors.map((e) => ({ row: e.row, column: e.column, pointer: e.pointer, path: e.pointer, kind: e.kind, message: e.message }));
}

const TYPE_WORDS: Record<string, string> = { integer: '整数', number: '数字', boolean: '是或否', string: '文本', object: 'JSON 对象', array: 'JSON 数组' };

/** The engine's messages in the words of a sheet: a cell, not a JSON field ("必填，不能为空" for a missing field). */
function plainWords(e: ImportError, optionsOf: Map<string, TemplateColumn>): ImportError {
  const zh = e.message['zh-CN'];
  const options = e.column ? optionsOf.get(e.column) : undefined;
  if (options && /^应为以下之一/.test(zh)) {
    const list = (options.schema.enum as unknown[]).map((v) => (options.labels.has(v) ? `${String(v)}（${options.labels.get(v)}）` : String(v)));
    return { ...e, message: { 'zh-CN': `应为以下之一：${list.join('、')}`, en: e.message.en } };
  }
  if (/^缺少必填字段 /.test(zh) && e.row !== null) return { ...e, message: { 'zh-CN': '必填，不能为空', en: 'required: the cell is empty' } };
  const t = /^类型应为 (\w+)/.exec(zh);
  if (t) return { ...e, message: { 'zh-CN': `应为${t[1].split(',').map((x) => TYPE_WORDS[x] ?? x).join('或')}`, en: e.message.en } };
  return e;
}

/** Subjects checked per call: the engine stops listing at ENVELOPE_LIMITS.maxErrors, an upload lists every error. */
const SLICE = 500;

/**
 * Every problem of an envelope, however many: periods and scopes once, then the subjects of each period in
 * slices (a slice that hits the engine's cap is halved until it does not), ids checked for repeats across the
 * whole period. Pointers are those of the whole envelope.
 */
export function validateEvery(c: CompiledPack, env: Envelope): KpError[] {
  const out = validateEnvelope(c, { ...env, periods: env.periods.map((p) => ({ ...p, subjects: [] })) });
  env.periods.forEach((p, i) => {
    const check = (from: number, to: number) => {
      const errs = validateEnvelope(c, { periods: [{ ...p, subjects: p.subjects.slice(from, to) }] });
      if (errs.length >= ENVELOPE_LIMITS.maxErrors && to - from > 1) {
        const mid = from + Math.floor((to - from) / 2);
        check(from, mid);
        check(mid, to);
        return;
      }
      for (const e of errs) {
        const m = /^\/periods\/0\/subjects\/(\d+)(.*)$/.exec(e.path);
        if (m && e.kind !== 'DuplicateSubject') out.push({ ...e, path: `/periods/${i}/subjects/${from + Number(m[1])}${m[2]}` });
      }
    };
    for (let k = 0; k < p.subjects.length; k += SLICE) check(k, Math.min(p.subjects.length, k + SLICE));
    const first = new Map<string, number>();
    p.subjects.forEach((s, j) => {
      if (typeof s?.id !== 'string' || !s.id) return;
      if (first.has(s.id)) out.push(kpError('DuplicateSubject', `/periods/${i}/subjects/${j}/id`, `编号“${s.id}”重复（本期已有）`, `subject id "${s.id}" appears twice in this period`));
      else first.set(s.id, j);
    });
  });
  return out;
}

/** Coercion errors were found per row before periods were known: give them their envelope pointers. */
function relocate(errors: ImportError[], order: string[], byPeriod: Map<string, { rows: number[] }>): ImportError[] {
  const where = new Map<number, string>();
  order.forEach((period, i) => byPeriod.get(period)!.rows.forEach((row, j) => where.set(row, `/periods/${i}/subjects/${j}`)));
  return errors.map((e) => (e.row === null ? e : { ...e, pointer: `${where.get(e.row) ?? ''}${e.pointer}` }));
}

/** Engine errors point into the envelope: find the row, and the column whose input path covers the pointer. */
function locate(e: KpError, order: string[], byPeriod: Map<string, { rows: number[] }>, fields: Record<string, string>, mapping: ColumnMapping): ImportError {
  const m = /^\/periods\/(\d+)(?:\/subjects\/(\d+)(\/.*)?)?/.exec(e.path);
  let row: number | null = null;
  let column: string | null = null;
  if (m && m[2] !== undefined) {
    row = byPeriod.get(order[Number(m[1])])?.rows[Number(m[2])] ?? null;
    const rest = (m[3] ?? '').split('/').filter(Boolean).join('.');
    if (rest === 'id') column = mapping.id;
    else {
      // The longest mapped path that is the pointer or a prefix of it (peers → peers.1.innovation), or one under it.
      let best = '';
      for (const path of Object.keys(fields)) {
        if ((rest === path || rest.startsWith(`${path}.`) || path.startsWith(`${rest}.`)) && path.length > best.length) best = path;
      }
      column = best ? fields[best] : null;
    }
  } else if (m) {
    row = byPeriod.get(order[Number(m[1])])?.rows[0] ?? null;
    column = mapping.period;
  }
  return { row, column, pointer: e.path, kind: e.kind, message: e.message };
}

function readScopes(table: Table, errors: ImportError[]): Map<string, Record<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, Record<string, unknown>>>();
  const sheet = table.sheets?.scopes;
  if (!sheet) return out;
  const key = sheet.headers.indexOf('key');
  const period = sheet.headers.indexOf('period');
  if (key < 0) {
    errors.push({ row: null, column: 'key', pointer: '/scopes', kind: 'InvalidInput', message: { 'zh-CN': 'scopes 表缺少 key 列', en: 'the scopes sheet has no key column' } });
    return out;
  }
  for (const r of sheet.rows) {
    const p = period >= 0 ? String(r.cells[period] ?? '') : '';
    const facts: Record<string, unknown> = {};
    sheet.headers.forEach((h, i) => {
      if (i === key || i === period || !h) return;
      const v = r.cells[i];
      if (v === null || v === '') return;
      facts[h] = typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    });
    const scopes = out.get(p) ?? {};
    scopes[String(r.cells[key])] = facts;
    out.set(p, scopes);
  }
  return out;
}
