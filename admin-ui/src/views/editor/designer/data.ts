/**
 * The designer's tables and the pack document, both ways. Pure functions (no Vue), tested in data.spec.ts:
 *   - input JSON Schema ↔ field rows (nested rows for groups and rater rows),
 *   - parameters ↔ parameter rows,
 *   - tests ↔ example-subject rows,
 *   - a blank scheme and a copy of a template.
 * A row keeps the original JSON it came from (`raw`); writing a row back starts from that JSON and changes only
 * what the table edits, so keys the table cannot show are never lost.
 */

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export const KEBAB_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

let seq = 0;
const nextKey = () => `k${++seq}`;

// ---------------------------------------------------------------------------------------------------------------
// Titles: input fields carry a string title, in the seed packs "中文 / English"; rule and parameter labels are
// { "zh-CN", "en" } objects.

export function titleZh(title: unknown): string {
  if (isObj(title)) return String(title['zh-CN'] ?? title.en ?? '');
  if (typeof title !== 'string') return '';
  const i = title.indexOf(' / ');
  return i >= 0 ? title.slice(0, i) : title;
}

function titleEn(title: unknown): string {
  if (isObj(title)) return String(title.en ?? '');
  if (typeof title !== 'string') return '';
  const i = title.indexOf(' / ');
  return i >= 0 ? title.slice(i + 3) : '';
}

/** A new title from an edited Chinese name, keeping the English part (and the object form) of the old one. */
function withTitleZh(old: unknown, zh: string): unknown {
  if (isObj(old)) return { ...old, 'zh-CN': zh };
  const en = titleEn(old);
  return en ? `${zh} / ${en}` : zh;
}

// ---------------------------------------------------------------------------------------------------------------
// Input fields

export type FieldType = 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'object' | 'string' | 'other';
/** The types an author picks from; the others come only from imported documents and stay as they are. */
export const EDITABLE_TYPES: FieldType[] = ['number', 'integer', 'boolean', 'enum', 'array', 'object', 'string'];

export interface FieldRow {
  key: string;
  name: string;
  title: string;
  type: FieldType;
  min: number | null;
  max: number | null;
  unit: string;
  required: boolean;
  /** The values of an enum, separated by commas (numbers stay numbers). */
  enumText: string;
  /** The fields of a group (object) or of one rater row (array items). */
  fields: FieldRow[];
  /** The property schema this row was read from (empty for a new row). */
  raw: Obj;
  /** What the row said when it was read, to tell an edit from an untouched value. */
  orig: { title: string; type: FieldType; enumText: string } | null;
}

/** Keys a row edits itself; any other key of the property schema is shown as "advanced". */
const HANDLED_KEYS = new Set(['type', 'title', 'minimum', 'maximum', 'unit', 'enum', 'properties', 'required', 'items']);
const HANDLED_ITEM_KEYS = new Set(['type', 'properties', 'required']);

export function fieldTypeOf(s: Obj): FieldType {
  if (Array.isArray(s.enum)) return 'enum';
  if (s.type === 'number' || s.type === 'integer' || s.type === 'boolean' || s.type === 'string' || s.type === 'object') return s.type;
  if (s.type === 'array' && isObj(s.items) && s.items.type === 'object') return 'array';
  return 'other';
}

export const formatEnum = (values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

export function parseEnum(text: string): unknown[] {
  return text
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s === 'true' ? true : s === 'false' ? false : s));
}

function rowOf(name: string, s: Obj, required: boolean): FieldRow {
  const type = fieldTypeOf(s);
  const title = titleZh(s.title);
  const enumText = Array.isArray(s.enum) ? formatEnum(s.enum) : '';
  const nested = type === 'object' ? s : type === 'array' ? (s.items as Obj) : null;
  return {
    key: nextKey(),
    name,
    title,
    type,
    min: typeof s.minimum === 'number' ? s.minimum : null,
    max: typeof s.maximum === 'number' ? s.maximum : null,
    unit: typeof s.unit === 'string' ? s.unit : '',
    required,
    enumText,
    fields: nested ? schemaToRows(nested) : [],
    raw: clone(s),
    orig: { title, type, enumText },
  };
}

/** The rows of an object schema's properties, in order. */
export function schemaToRows(schema: unknown): FieldRow[] {
  if (!isObj(schema) || !isObj(schema.properties)) return [];
  const req = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(schema.properties).map(([name, s]) => rowOf(name, isObj(s) ? s : {}, req.has(name)));
}

export function newFieldRow(type: FieldType = 'number'): FieldRow {
  return { key: nextKey(), name: '', title: '', type, min: null, max: null, unit: '', required: true, enumText: '', fields: [], raw: {}, orig: null };
}

/** The keys of a row's property schema the table does not show (edited in the JSON view). */
export function advancedKeys(row: FieldRow): string[] {
  const out = Object.keys(row.raw).filter((k) => !HANDLED_KEYS.has(k) || ((k === 'minimum' || k === 'maximum') && typeof row.raw[k] !== 'number'));
  if (row.type === 'array' && isObj(row.raw.items)) out.push(...Object.keys(row.raw.items).filter((k) => !HANDLED_ITEM_KEYS.has(k)).map((k) => `items.${k}`));
  if (row.type === 'other') out.push(...['type', 'items'].filter((k) => k in row.raw));
  return out;
}

function setOrDelete(o: Obj, key: string, v: unknown) {
  if (v === null || v === undefined || v === '') delete o[key];
  else o[key] = v;
}

/** Write the properties and required list of `target` (an object schema) from rows. */
function writeObject(target: Obj, rows: FieldRow[]) {
  const props: Obj = {};
  for (const r of rows) props[r.name] = rowToSchema(r);
  target.properties = props;
  const old = Array.isArray(target.required) ? (target.required as string[]) : null;
  const want = rows.filter((r) => r.required).map((r) => r.name);
  // keep the old order of names still required, then the new ones in row order
  const kept = old ? old.filter((n) => want.includes(n)) : [];
  const required = [...kept, ...want.filter((n) => !kept.includes(n))];
  if (required.length || old) target.required = required;
}

export function rowToSchema(r: FieldRow): Obj {
  const s = clone(r.raw);
  const typeChanged = !r.orig || r.orig.type !== r.type;
  if (!r.orig || r.orig.title !== r.title) setOrDelete(s, 'title', r.title ? withTitleZh(s.title, r.title) : '');
  if (typeChanged && r.type !== 'other') {
    delete s.enum;
    delete s.type;
    if (r.type !== 'object') delete s.properties;
    if (r.type !== 'object') delete s.required;
    if (r.type !== 'array') delete s.items;
    if (r.type !== 'enum') s.type = r.type;
  }
  if (r.type === 'enum' && (typeChanged || r.orig!.enumText !== r.enumText)) s.enum = parseEnum(r.enumText);
  const numeric = r.type === 'number' || r.type === 'integer';
  if (numeric || typeChanged) {
    // a bound read from a parameter ({ "$param": … }) is not a table value: it stays unless one is typed
    if (!(r.min === null && !typeChanged && s.minimum !== undefined && typeof s.minimum !== 'number')) setOrDelete(s, 'minimum', numeric ? r.min : null);
    if (!(r.max === null && !typeChanged && s.maximum !== undefined && typeof s.maximum !== 'number')) setOrDelete(s, 'maximum', numeric ? r.max : null);
  }
  setOrDelete(s, 'unit', r.unit);
  if (r.type === 'object') writeObject(s, r.fields);
  if (r.type === 'array') {
    const items = isObj(s.items) ? s.items : {};
    items.type = 'object';
    writeObject(items, r.fields);
    s.items = items;
  }
  return s;
}

/** The subject's input schema from the rows; every other key of the old schema (allOf, additionalProperties…) stays. */
export function rowsToSchema(rows: FieldRow[], old?: unknown): Obj {
  const s: Obj = isObj(old) ? clone(old) : { type: 'object' };
  s.type = 'object';
  writeObject(s, rows);
  return s;
}

/** Problems of the rows (names missing, repeated or not identifiers), as Chinese messages by row path. */
export function fieldProblems(rows: FieldRow[], at = ''): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const where = `${at}第 ${i + 1} 行`;
    if (!NAME.test(r.name)) out.push(`${where}：英文名须以字母开头，只含字母、数字和下划线`);
    else if (seen.has(r.name)) out.push(`${where}：英文名 ${r.name} 重复`);
    seen.add(r.name);
    if (r.min !== null && r.max !== null && r.min > r.max) out.push(`${where}：最小值大于最大值`);
    if (r.type === 'enum' && parseEnum(r.enumText).length === 0) out.push(`${where}：选项至少要有一个`);
    if (r.type === 'array' || r.type === 'object') out.push(...fieldProblems(r.fields, `${where}·${r.title || r.name}·`));
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Parameters

export interface ParamRow {
  key: string;
  name: string;
  label: string;
  /** The value as the author types it: "90" or "60, 70, 80, 90" (other values as JSON). */
  valueText: string;
  unit: string;
  min: number | null;
  max: number | null;
  assumption: boolean;
  /** 允许地方调整: a deployment may set its own value, within localMin–localMax (both empty: the parameter's min–max). */
  local: boolean;
  localMin: number | null;
  localMax: number | null;
  raw: Obj;
  origValueText: string | null;
  origLabel: string | null;
}

export function formatParamValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v.join(', ');
  return JSON.stringify(v);
}

/** The value of a typed parameter: a number, a list of numbers, or any JSON. Throws a Chinese message. */
export function parseParamValue(text: string): unknown {
  const t = text.trim();
  if (t === '') throw new Error('请填写默认值');
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  const parts = t.replace(/^\[|\]$/g, '').split(/[,，、\s]+/).filter(Boolean);
  if (parts.length && parts.every((p) => /^-?\d+(\.\d+)?$/.test(p))) return parts.map(Number);
  try {
    return JSON.parse(t);
  } catch {
    throw new Error(`无法识别的默认值：${t}（填一个数，或用逗号分隔的几个数）`);
  }
}

export function paramsToRows(params: unknown): ParamRow[] {
  if (!isObj(params)) return [];
  return Object.entries(params).map(([name, p]) => {
    const d = isObj(p) ? p : {};
    const valueText = formatParamValue(d.value);
    const label = titleZh(d.label);
    return {
      key: nextKey(),
      name,
      label,
      valueText,
      unit: typeof d.unit === 'string' ? d.unit : '',
      min: typeof d.min === 'number' ? d.min : null,
      max: typeof d.max === 'number' ? d.max : null,
      assumption: d.assumption === true,
      local: d.local !== undefined && d.local !== false,
      localMin: isObj(d.local) && typeof d.local.min === 'number' ? d.local.min : null,
      localMax: isObj(d.local) && typeof d.local.max === 'number' ? d.local.max : null,
      raw: clone(d),
      origValueText: valueText,
      origLabel: label,
    };
  });
}

export function newParamRow(): ParamRow {
  return { key: nextKey(), name: '', label: '', valueText: '0', unit: '', min: null, max: null, assumption: false, local: false, localMin: null, localMax: null, raw: {}, origValueText: null, origLabel: null };
}

/** The parameter definitions from rows; a value that does not parse keeps the old value (the table shows the error). */
export function rowsToParams(rows: ParamRow[]): Obj {
  const out: Obj = {};
  for (const r of rows) {
    const d = clone(r.raw);
    if (r.valueText !== r.origValueText) {
      try {
        d.value = parseParamValue(r.valueText);
      } catch {
        if (!('value' in d)) d.value = 0;
      }
    }
    if (r.label !== r.origLabel || !isObj(d.label)) {
      const old = isObj(d.label) ? d.label : {};
      d.label = { 'zh-CN': r.label || r.name, en: typeof old.en === 'string' && old.en ? old.en : r.name || r.label };
    }
    setOrDelete(d, 'unit', r.unit);
    setOrDelete(d, 'min', r.min);
    setOrDelete(d, 'max', r.max);
    if (r.assumption) d.assumption = true;
    else delete d.assumption;
    if (!r.local) delete d.local;
    else d.local = r.localMin !== null || r.localMax !== null ? { min: r.localMin, max: r.localMax } : true;
    out[r.name] = d;
  }
  return out;
}

export function paramProblems(rows: ParamRow[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const where = `第 ${i + 1} 个参数`;
    if (!PARAM_NAME.test(r.name)) out.push(`${where}：英文名须以字母开头，只含字母、数字、下划线和点`);
    else if (seen.has(r.name)) out.push(`${where}：英文名 ${r.name} 重复`);
    seen.add(r.name);
    let value: unknown;
    try {
      value = parseParamValue(r.valueText);
    } catch (e) {
      out.push(`${where}：${(e as Error).message}`);
      return;
    }
    if (r.local) out.push(...localProblems(r, value).map((p) => `${where}：${p}`));
  });
  return out;
}

/** What the server's local checks would say, while typing: numbers only, a whole range holding the default. */
function localProblems(r: ParamRow, value: unknown): string[] {
  const nums = typeof value === 'number' ? [value] : Array.isArray(value) && value.length && value.every((x) => typeof x === 'number') ? (value as number[]) : null;
  if (!nums) return ['只有数字或数字列表可以允许地方调整'];
  const own = r.localMin === null && r.localMax === null;
  const min = own ? r.min : r.localMin;
  const max = own ? r.max : r.localMax;
  if (min === null || max === null) return [own ? '允许地方调整时须填写最小值和最大值（或地方调整的范围）' : '地方调整的范围须同时填写下限和上限'];
  if (min > max) return [`地方调整的范围 ${min} 到 ${max} 为空`];
  const out: string[] = [];
  if (r.min !== null && min < r.min) out.push(`地方调整下限 ${min} 低于最小值 ${r.min}`);
  if (r.max !== null && max > r.max) out.push(`地方调整上限 ${max} 高于最大值 ${r.max}`);
  const outside = nums.filter((x) => x < min || x > max);
  if (outside.length) out.push(`默认值 ${outside.join('、')} 不在地方调整范围 ${min} 到 ${max} 之内`);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Tests: one row per example subject (a test case with one period and one subject); other cases stay as written.

export interface TestRow {
  key: string;
  name: string;
  period: string;
  id: string;
  /** Input values by field name, as typed ("" = absent); arrays and objects as JSON text. */
  inputs: Record<string, string>;
  /** Expected outputs by output name, as typed ("" = not checked). */
  expect: Record<string, string>;
  raw: Obj;
}

export type TestEntry = { kind: 'row'; row: TestRow } | { kind: 'raw'; test: Obj };

export function formatCell(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** A typed cell: numbers, true/false (是/否), null, JSON arrays and objects; anything else is a string. */
export function parseCell(text: string): unknown {
  const t = text.trim();
  if (t === '是') return true;
  if (t === '否') return false;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false' || t === 'null' || /^[[{"]/.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return t;
    }
  }
  return text;
}

function tableable(t: Obj): boolean {
  const input = isObj(t.input) ? t.input : null;
  const periods = input && Array.isArray(input.periods) ? input.periods : null;
  if (!periods || periods.length !== 1 || !isObj(periods[0])) return false;
  const p = periods[0] as Obj;
  if (!Array.isArray(p.subjects) || p.subjects.length !== 1 || !isObj(p.subjects[0])) return false;
  if (Object.keys(p).some((k) => k !== 'period' && k !== 'subjects')) return false;
  if (Object.keys(input!).some((k) => k !== 'periods')) return false;
  if (Object.keys(t).some((k) => !['name', 'cite', 'input', 'expect'].includes(k))) return false;
  const subject = p.subjects[0] as Obj;
  if (t.expect !== undefined) {
    if (!Array.isArray(t.expect) || t.expect.length > 1) return false;
    const e = t.expect[0];
    if (e !== undefined && (!isObj(e) || e.period !== p.period || e.id !== subject.id || !isObj(e.outputs))) return false;
  }
  return true;
}

export function testsToEntries(tests: unknown): TestEntry[] {
  if (!Array.isArray(tests)) return [];
  return tests.map((t): TestEntry => {
    if (!isObj(t) || !tableable(t)) return { kind: 'raw', test: t as Obj };
    const p = ((t.input as Obj).periods as Obj[])[0];
    const { id, ...fields } = (p.subjects as Obj[])[0];
    const outputs = Array.isArray(t.expect) && t.expect[0] ? ((t.expect[0] as Obj).outputs as Obj) : {};
    return {
      kind: 'row',
      row: {
        key: nextKey(),
        name: String(t.name ?? ''),
        period: String(p.period ?? ''),
        id: String(id ?? ''),
        inputs: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, formatCell(v)])),
        expect: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, formatCell(v)])),
        raw: clone(t),
      },
    };
  });
}

export function newTestRow(period: string, n: number): TestRow {
  return { key: nextKey(), name: `示例 ${n}`, period, id: `s${n}`, inputs: {}, expect: {}, raw: {} };
}

export function rowToTest(r: TestRow): Obj {
  const t = clone(r.raw);
  t.name = r.name || r.id;
  const subject: Obj = { id: r.id };
  for (const [k, v] of Object.entries(r.inputs)) if (v !== '') subject[k] = parseCell(v);
  t.input = { periods: [{ period: r.period, subjects: [subject] }] };
  const outputs: Obj = {};
  for (const [k, v] of Object.entries(r.expect)) if (v !== '') outputs[k] = parseCell(v);
  if (Object.keys(outputs).length || Array.isArray(t.expect)) t.expect = Object.keys(outputs).length ? [{ period: r.period, id: r.id, outputs }] : [];
  return t;
}

export function entriesToTests(entries: TestEntry[]): Obj[] {
  return entries.map((e) => (e.kind === 'row' ? rowToTest(e.row) : clone(e.test)));
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs and names

/** Names a rule defines (the candidates for outputs), in rule order. */
export function ruleNames(doc: unknown): string[] {
  if (!isObj(doc) || !Array.isArray(doc.rules)) return [];
  const out: string[] = [];
  for (const r of doc.rules) {
    if (!isObj(r)) continue;
    if (typeof r.name === 'string' && r.name) out.push(r.name);
    if (typeof r.blockedName === 'string' && r.blockedName) out.push(r.blockedName);
  }
  return [...new Set(out)];
}

/** A rule's Chinese label, else its name. */
export function ruleLabel(doc: unknown, name: string): string {
  if (isObj(doc) && Array.isArray(doc.rules)) {
    const r = doc.rules.find((x) => isObj(x) && x.name === name) as Obj | undefined;
    if (r && isObj(r.label) && r.label['zh-CN']) return String(r.label['zh-CN']);
  }
  return name;
}

// ---------------------------------------------------------------------------------------------------------------
// New schemes

export type PeriodKind = 'year' | 'quarter' | 'bimonth';

export interface BlankScheme {
  id: string;
  title: string;
  locality: string;
  period: PeriodKind;
  subjectKind: string;
  subjectLabel: string;
}

const i18n = (zh: string, en?: string) => ({ 'zh-CN': zh, en: en && en.trim() ? en : zh });

/**
 * The smallest document the schema and the engine accept: one number input (得分, 0–100), one value rule
 * (总分 = 得分), that rule as the output, and one example subject. The author renames and extends them.
 */
export function blankScheme(b: BlankScheme): Obj {
  return {
    $schema: '../../schemas/rule-pack.schema.json',
    id: b.id,
    version: '1.0.0',
    title: i18n(b.title),
    source: { document: '', title: b.title },
    locality: i18n(b.locality),
    period: b.period,
    subject: { kind: b.subjectKind, label: i18n(b.subjectLabel, b.subjectKind) },
    input: { type: 'object', required: ['points'], properties: { points: { type: 'number', title: '得分', minimum: 0, maximum: 100 } } },
    parameters: {},
    rules: [{ kind: 'value', name: 'total', label: i18n('总分', 'Total'), expr: { var: 'points' }, formula: { expr: 'points' } }],
    outputs: ['total'],
    tests: [
      {
        name: '示例 1',
        input: { periods: [{ period: examplePeriodOf(b.period), subjects: [{ id: 's1', points: 80 }] }] },
        expect: [{ period: examplePeriodOf(b.period), id: 's1', outputs: { total: 80 } }],
      },
    ],
  };
}

export function examplePeriodOf(kind: PeriodKind | string, year = 2024): string {
  if (kind === 'quarter') return `${year}-Q1`;
  if (kind === 'bimonth') return `${year}-B1`;
  return String(year);
}

/** A published pack as the start of a new one: new id and title, version 1.0.0, everything else (tests too) kept. */
export function copyFromTemplate(template: unknown, id: string, title: string): Obj {
  const d = clone(isObj(template) ? template : {});
  d.id = id;
  d.version = '1.0.0';
  const old = isObj(d.title) ? d.title : {};
  d.title = { 'zh-CN': title, en: title === old['zh-CN'] && typeof old.en === 'string' ? old.en : title };
  return d;
}

export interface ImportProblem {
  path: string;
  message: string;
}

/** Read an imported file: JSON, an object, with an id; problems in Chinese by pointer. */
export function readImported(text: string): { doc: Obj | null; problems: ImportProblem[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { doc: null, problems: [{ path: '/', message: `文件不是有效的 JSON：${(e as Error).message}` }] };
  }
  if (!isObj(doc)) return { doc: null, problems: [{ path: '/', message: '文件内容必须是一个 JSON 对象（方案文档）' }] };
  const problems: ImportProblem[] = [];
  if (typeof doc.id !== 'string' || !KEBAB_ID.test(doc.id)) problems.push({ path: '/id', message: '方案标识须为小写字母、数字和连字符（如 village-stars）' });
  return { doc, problems };
}

/** A pointer under /document (the validate endpoint) as a pointer into the document. */
export const stripDocument = (path: string) => (path === '/document' ? '' : path.startsWith('/document/') ? path.slice('/document'.length) : path);

/** The designer section a pointer belongs to, to jump there from a problem. */
export function sectionOf(pointer: string): 'basic' | 'inputs' | 'parameters' | 'rules' | 'outputs' | 'tests' | null {
  const top = pointer.split('/')[1] ?? '';
  if (['id', 'version', 'title', 'description', 'locality', 'period', 'subject', 'source'].includes(top)) return 'basic';
  if (top === 'input' || top === 'scopes') return 'inputs';
  if (top === 'parameters' || top === 'weightGroups') return 'parameters';
  if (top === 'rules') return 'rules';
  if (top === 'outputs' || top === 'summary') return 'outputs';
  if (top === 'tests') return 'tests';
  return null;
}
