import type { Pack } from '../engine';
import { enumWord } from '../engine/explain/words';

/**
 * Where each input field goes in the fill-in workbook (template.ts writes it, import.ts reads it back):
 * the first sheet has a period column, an id column and one column per scalar field, headed by its Chinese
 * title with the unit ("支部总评·政治素质（分）"; nested titles joined by ·); each array of rater rows gets a sheet of its own, one row
 * per rater, linked to its subject by the same period and id columns.
 */

type Schema = Record<string, any>;

export const PERIOD_HEADER = '期间';
export const ID_HEADER = '编号';
export const GUIDE_SHEET = '填写说明';

export interface TemplateColumn {
  /** Dotted input path (relative to the array item on an item sheet). */
  path: string;
  header: string;
  /** The field's Chinese name and its English name (the last path segment). */
  title: string;
  schema: Schema;
  required: boolean;
  /** Enum value → Chinese label, where the pack says one ("village 行政村" in the description). */
  labels: Map<unknown, string>;
}

export interface TemplateSheet {
  /** The array's input path. */
  field: string;
  name: string;
  title: string;
  columns: TemplateColumn[];
  /** An array of plain values (one column, the array's own title) rather than of objects. */
  scalar: boolean;
}

export interface TemplateLayout {
  columns: TemplateColumn[];
  sheets: TemplateSheet[];
}

/** The zh-CN part of a title written "中文 / English", or the whole title. */
export function zhTitle(s: Schema | undefined, fallback: string): string {
  const t = typeof s?.title === 'string' ? s.title : typeof s?.title?.['zh-CN'] === 'string' ? s.title['zh-CN'] : '';
  // "政治素质 / Political quality": drop the trailing parts without Chinese; "集体嘉奖 / 个人嘉奖" stays whole.
  const parts = t.split(' / ');
  while (parts.length > 1 && !/[\u3400-\u9fff]/.test(parts[parts.length - 1])) parts.pop();
  return parts.join(' / ').trim() || fallback;
}

/** The field's unit: `unit` (the designer's) or `x-unit`, else a unit written after a number in the description ("0–20 分"). */
export function unitOf(s: Schema): string {
  for (const u of [s.unit, s['x-unit']]) {
    if (typeof u === 'string' && u) return u;
    if (u && typeof u['zh-CN'] === 'string') return u['zh-CN'];
  }
  const m = /\d\s*(分|元|次|人|个|项|票|%|％)/.exec(String(s.description ?? ''));
  return m ? m[1] : '';
}

/** Enum labels from the description's "code 中文, code 中文" list (as the seed packs write them), or `x-enumLabels`. */
export function enumLabels(s: Schema): Map<unknown, string> {
  const out = new Map<unknown, string>();
  if (!Array.isArray(s.enum)) return out;
  const given = s['x-enumLabels'] ?? s.enumLabels;
  if (given && typeof given === 'object') {
    for (const v of s.enum) {
      const l = given[String(v)];
      if (typeof l === 'string') out.set(v, l);
      else if (l && typeof l['zh-CN'] === 'string') out.set(v, l['zh-CN']);
    }
    if (out.size) return out;
  }
  const text = String(s.description ?? '');
  for (const v of s.enum) {
    const m = new RegExp(`(?:^|[\\s,，;；])${String(v).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+([^\\s,，;；/]+)`).exec(text);
    if (m && /[\u4e00-\u9fff]/.test(m[1])) out.set(v, m[1]);
  }
  if (out.size) return out;
  // codes the explanations already name in Chinese (county 县级, standard 标准), as they word them
  for (const v of s.enum) {
    if (typeof v !== 'string') continue;
    const w = enumWord({ input: {} } as Pack, null, v, 'zh-CN');
    if (!w.startsWith('“')) out.set(v, w);
  }
  return out;
}

const SHEET_NAME_BAD = /[\\/?*[\]:]/g;

export function templateLayout(pack: Pack): TemplateLayout {
  const columns: TemplateColumn[] = [];
  const sheets: TemplateSheet[] = [];
  const leaves = (s: Schema, path: string[], titles: string[], required: boolean, into: TemplateColumn[], onArray?: (s: Schema, path: string[], title: string) => void) => {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const req = new Set<string>(s.required ?? []);
    for (const [k, sub] of Object.entries(props)) {
      if (path.length === 0 && k === 'id') continue;
      const p = [...path, k];
      const title = zhTitle(sub, k);
      const types = ([] as string[]).concat(sub.type ?? []);
      if ((types.includes('object') || sub.properties) && !sub.enum) leaves(sub, p, [...titles, title], required && req.has(k), into, onArray);
      else if ((types.includes('array') || sub.items) && onArray) onArray(sub, p, title);
      else into.push(column(sub, p.join('.'), [...titles, title], required && req.has(k), k));
    }
  };
  leaves(pack.input as Schema, [], [], true, columns, (s, path, title) => {
    const items = (Array.isArray(s.items) ? s.items[0] : s.items) ?? {};
    const own: TemplateColumn[] = [];
    const scalar = !(items.properties || ([] as string[]).concat(items.type ?? []).includes('object'));
    if (scalar) own.push(column(items, '', [title], true, path[path.length - 1]));
    else leaves(items, [], [], true, own);
    sheets.push({ field: path.join('.'), name: title, title, columns: own, scalar });
  });
  uniqueHeaders(columns);
  for (const sh of sheets) uniqueHeaders(sh.columns);
  // Sheet names: at most 31 characters, none of \ / ? * [ ] :, unique and not one the workbook already uses.
  const taken = new Set<string>(['scopes', GUIDE_SHEET]);
  for (const sh of sheets) {
    let name = sh.name.replace(SHEET_NAME_BAD, '_').slice(0, 31) || sh.field.slice(0, 31);
    if (taken.has(name)) name = `${name.slice(0, 24)}-${sh.field}`.slice(0, 31);
    taken.add(name);
    sh.name = name;
  }
  return { columns, sheets };
}

function column(s: Schema, path: string, titles: string[], required: boolean, english: string): TemplateColumn {
  const unit = unitOf(s);
  const header = `${titles.join('·')}${unit ? `（${unit}）` : ''}`;
  return { path, header, title: titles[titles.length - 1] ?? english, schema: s, required, labels: enumLabels(s) };
}

/** Two fields with the same Chinese header (the same item under two parents with equal titles) get their path added. */
function uniqueHeaders(cols: TemplateColumn[]): void {
  const seen = new Map<string, number>();
  for (const c of cols) seen.set(c.header, (seen.get(c.header) ?? 0) + 1);
  for (const c of cols) {
    if (c.header === PERIOD_HEADER || c.header === ID_HEADER || (seen.get(c.header) ?? 0) > 1) c.header = `${c.header}·${c.path}`;
  }
}
