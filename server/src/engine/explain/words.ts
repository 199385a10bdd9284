/**
 * Words of a pack: labels of names (rules, parameters, inputs), units, values in words.
 * Pure: no framework imports (the admin UI bundles it).
 */
import type { I18nText, Pack, Rule } from '../types';
import { valueKey } from './domain';

export type Locale = 'zh-CN' | 'en';
type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const W = {
  'zh-CN': {
    yes: '是', no: '否', none: '无', sep: '，', semi: '；', stop: '。', and: '且', or: '或', not: '非', list: '、',
    basis: '依据：', colon: '：', space: ' ',
    period: { year: '年', quarter: '季度', bimonth: '期' } as Record<string, string>,
    thisPeriod: { year: '本年度', quarter: '本季度', bimonth: '本期' } as Record<string, string>,
  },
  en: {
    yes: 'yes', no: 'no', none: 'none', sep: ', ', semi: '; ', stop: '.', and: 'and', or: 'or', not: 'not', list: ', ',
    basis: 'Source: ', colon: ': ', space: ' ',
    period: { year: 'year', quarter: 'quarter', bimonth: 'two-month period' } as Record<string, string>,
    thisPeriod: { year: 'this year', quarter: 'this quarter', bimonth: 'this period' } as Record<string, string>,
  },
};

const UNIT_EN: Record<string, string> = { 分: 'points', 元: 'yuan', 人: 'people', 名: 'people', 次: 'times', 年: 'years', 个: '', 项: 'items', '%': '%' };

/** Common enum words of the seed documents (input values that the schema names only in English). */
const ENUM_WORDS: Record<string, string> = {
  none: '无', county: '县级', city: '市级', province: '省级', national: '国家级', standard: '标准', 'county-demo': '县级示范',
  branch: '党支部', member: '党员', collective: '集体', individual: '个人', full: '正式党员', probationary: '预备党员', activist: '入党积极分子',
  front: '一线', second: '二线', surface: '地面', district: '全区',
};

const CJK = /[\u3400-\u9fff]/;

/** A label in a language: I18nText, or a schema title written "中文 / English". */
export function labelText(label: unknown, locale: Locale): string {
  if (isObj(label)) return String((locale === 'en' ? label.en : label['zh-CN']) ?? label['zh-CN'] ?? label.en ?? '');
  if (typeof label !== 'string') return '';
  // "重点项（10项，满分45）/ Key items (…)": Chinese, then English after the last slash with no Chinese after it
  const m = /^(.*[\u3400-\u9fff）)][^/]*?)\s*\/\s*([^\u3400-\u9fff]+)$/.exec(label);
  if (m && !m[1].includes(' / ')) return (locale === 'en' ? m[2] : m[1]).trim();
  const parts = label.split(' / ');
  if (parts.length >= 2) {
    const zh = parts.filter((p) => CJK.test(p) && !/[A-Za-z]{3}/.test(p));
    const en = parts.filter((p) => /[A-Za-z]{3}/.test(p));
    if (locale === 'en') return (en[en.length - 1] ?? parts[parts.length - 1]).replace(/[\u3400-\u9fff]+\s*/g, '').trim();
    return (zh.length ? zh.join(' / ') : parts[0]).trim();
  }
  return label.trim();
}

/** Numbers without float noise (0.30000000000000004 → 0.3), at most 15 significant digits. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return String(Number(n.toPrecision(15)));
}

/** A number for a sentence: a mean like 98.8333333333333 reads "约 98.83" ("≈ 98.83"); others as they are. */
export function readableNumber(n: number, locale: Locale): string {
  const s = formatNumber(n);
  const dot = s.indexOf('.');
  if (dot < 0 || s.length - dot - 1 <= 4 || /e/i.test(s)) return s;
  return `${locale === 'en' ? '≈ ' : '约 '}${formatNumber(Number(n.toFixed(2)))}`;
}

export function ruleOf(pack: Pack, name: string): Rule | undefined {
  return pack.rules.find((r) => r.name === name);
}

export function quotaOfBlocked(pack: Pack, name: string) {
  return pack.rules.find((r) => r.kind === 'quota' && r.blockedName === name) as Extract<Rule, { kind: 'quota' }> | undefined;
}

/** The JSON Schema of an input path ("self.teamBuilding"), starting from a schema (the subject's, or an item's). */
export function schemaAt(root: unknown, path: string): Obj | undefined {
  let s: unknown = root;
  for (const seg of path.split('.')) {
    if (isObj(s) && isObj(s.properties)) s = s.properties[seg];
    else if (isObj(s) && isObj(s.items) && /^\d+$/.test(seg)) s = s.items;
    else return undefined;
  }
  return isObj(s) ? s : undefined;
}

/** The base parameter of a path: "starBands.3" → ["starBands", 3]. */
function paramOf(pack: Pack, name: string): { key: string; index: string | null } | null {
  if (pack.parameters[name]) return { key: name, index: null };
  const i = name.lastIndexOf('.');
  if (i > 0 && pack.parameters[name.slice(0, i)]) return { key: name.slice(0, i), index: name.slice(i + 1) };
  return null;
}

/** The words for a name: a rule's label, a parameter's label, an input's title (with its parent's), or (last) the name. */
export function nameLabel(pack: Pack, name: string, locale: Locale, itemSchema?: unknown, bare = false): string {
  const r = ruleOf(pack, name);
  if (r?.label) return labelText(r.label, locale);
  const q = quotaOfBlocked(pack, name);
  if (q) return locale === 'en' ? 'Quota that refused' : '受限名额';
  const p = paramOf(pack, name);
  if (p) {
    const base = labelText(pack.parameters[p.key].label, locale) || p.key;
    if (p.index === null) return base;
    const n = Number(p.index);
    return Number.isInteger(n) ? (locale === 'en' ? `${base} (item ${n + 1})` : `${base}（第 ${n + 1} 项）`) : base;
  }
  if (itemSchema) {
    const s = schemaAt(itemSchema, name);
    if (s?.title) return shortTitle(labelText(s.title, locale));
  }
  const segs = name.split('.');
  const s = schemaAt(pack.input, name);
  if (s?.title) {
    // a title that only lists the enum's words ("集体嘉奖 / 个人嘉奖") names the kind of thing
    const zhParts = typeof s.title === 'string' ? s.title.split(' / ').filter((p) => CJK.test(p)) : [];
    if (Array.isArray(s.enum) && zhParts.length === s.enum.length && zhParts.length > 1) return locale === 'en' ? labelText(s.title, 'en') || 'category' : '类别';
    const own = shortTitle(labelText(s.title, locale));
    if (segs.length > 1 && !bare) {
      const parent = schemaAt(pack.input, segs.slice(0, -1).join('.'));
      const pl = parent?.title ? labelText(parent.title, locale) : '';
      if (pl) return locale === 'en' ? `${pl}: ${own}` : `${pl}·${own}`;
    }
    return own;
  }
  if (name === 'id') return locale === 'en' ? 'id' : '编号';
  if (name === 'period') return locale === 'en' ? 'period' : '周期';
  if (name === 'key') return locale === 'en' ? 'scope' : '范围';
  if (name.startsWith('scope.')) return locale === 'en' ? name.slice(6) : scopeLabel(pack, name.slice(6));
  // an unlabelled rule or a dotted path: never an English name in Chinese text
  return locale === 'en' ? name : r ? '该项' : name;
}

/** "重点项（10项，满分45）" → "重点项": the hint in brackets is for the form, not for a sentence. */
function shortTitle(t: string): string {
  const m = /^(.+?)\s*[（(][^（）()]*[）)]$/.exec(t);
  return m && m[1].length >= 2 ? m[1] : t;
}

function scopeLabel(pack: Pack, fact: string): string {
  const s = schemaAt(pack.scopes?.schema, fact);
  return s?.title ? labelText(s.title, 'zh-CN') : fact === 'members' ? '党员人数' : '范围数据';
}

/** The unit of a name ("分", "元"), if the pack says one. */
export function unitOf(pack: Pack, name: string, locale: Locale, seen = new Set<string>(), itemSchema?: unknown): string {
  if (seen.has(name)) return '';
  seen.add(name);
  let u = '';
  const p = paramOf(pack, name);
  if (p) u = pack.parameters[p.key].unit ?? '';
  else {
    const r = ruleOf(pack, name);
    if (r?.kind === 'value') u = exprUnit(pack, r.expr, seen, itemSchema);
    else if (!r) {
      const s = (itemSchema ? schemaAt(itemSchema, name) : undefined) ?? schemaAt(pack.input, name);
      if (s && (s.type === 'number' || s.type === 'integer')) {
        const text = `${typeof s.description === 'string' ? s.description : ''} ${typeof s.title === 'string' ? s.title : ''}`;
        const m = /[0-9]\s*(分|元|人|名|次|年|%)/.exec(text) ?? /（(分|元|人|名|次|年)）/.exec(text);
        if (m) u = m[1];
      }
    }
  }
  if (locale === 'en') return u in UNIT_EN ? UNIT_EN[u] : CJK.test(u) ? '' : u;
  return u;
}

/** The unit of an expression: the unit of what it adds up (weights and counts carry none). */
function exprUnit(pack: Pack, e: unknown, seen: Set<string>, itemSchema?: unknown): string {
  if (!isObj(e)) return '';
  const op = Object.keys(e)[0];
  const arg = e[op];
  const args = Array.isArray(arg) ? arg : [arg];
  switch (op) {
    case 'var':
      return unitOf(pack, String(args[0]), 'zh-CN', seen, itemSchema);
    case '+': case '-': case 'max': case 'min': case 'round': case 'floor': case 'ceil': case 'abs': case 'sum': case 'mean': case '*':
      for (const a of args) {
        const u = exprUnit(pack, a, seen, itemSchema);
        if (u) return u;
      }
      return '';
    case '/':
      return typeof args[1] === 'number' ? exprUnit(pack, args[0], seen, itemSchema) : '';
    case 'if': {
      for (let i = 1; i < args.length; i += 2) {
        const u = exprUnit(pack, args[i], seen, itemSchema);
        if (u) return u;
      }
      return args.length % 2 === 1 ? exprUnit(pack, args[args.length - 1], seen, itemSchema) : '';
    }
    case 'map': {
      const arr = args[0];
      const items = isObj(arr) && 'var' in arr ? schemaAt(pack.input, String(arr.var))?.items : undefined;
      return exprUnit(pack, args[1], seen, items);
    }
    default:
      return '';
  }
}

/** Words for an input's enum value: from the pack's text around the enum, or a common word. */
export function enumWord(pack: Pack, path: string | null, value: string, locale: Locale): string {
  if (locale === 'en') return value;
  const s = path ? schemaAt(pack.input, path) : undefined;
  if (s && Array.isArray(s.enum)) {
    const enums = s.enum as unknown[];
    for (const text of [s.description, s.title]) {
      if (typeof text !== 'string') continue;
      const esc = value.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      const after = new RegExp(`(?:^|[\\s,，;；(（])${esc}\\s*[:：]?\\s*([\\u3400-\\u9fff（）]+)`).exec(text);
      if (after) return after[1];
      const before = new RegExp(`([\\u3400-\\u9fff]+)\\s+${esc}(?![\\w-])`).exec(text);
      if (before) return before[1];
      const zh = text.split(' / ').filter((p) => CJK.test(p) && !/[a-z]{3}/i.test(p));
      if (zh.length === enums.length) return zh[enums.indexOf(value)].trim();
    }
  }
  return ENUM_WORDS[value] ?? `“${value}”`;
}

/** A value in words: the pack's value label, 是/否, a number with its unit, or an enum word. */
export function valueText(pack: Pack, name: string | null, v: unknown, locale: Locale, opts: { unit?: boolean } = {}): string {
  const w = W[locale];
  const labels = name ? pack.valueLabels?.[name] : undefined;
  const l = labels?.[valueKey(v)];
  if (l) return labelText(l, locale);
  if (v === null || v === undefined) return w.none;
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (typeof v === 'number') {
    const u = opts.unit === false || !name ? '' : unitOf(pack, name, locale);
    return u ? `${readableNumber(v, locale)} ${u}`.replace(/ %$/, '%') : readableNumber(v, locale);
  }
  if (typeof v === 'string') {
    // a string value of an output without a label (should not happen for seed packs), or an input enum
    return name && (ruleOf(pack, name) || quotaOfBlocked(pack, name)) ? (locale === 'en' ? v : `“${v}”`) : enumWord(pack, name, v, locale);
  }
  if (Array.isArray(v)) return v.map((x) => valueText(pack, null, x, locale)).join(w.list);
  return locale === 'en' ? '(several values)' : '（多项数据）';
}

export function i18n(t: I18nText | undefined, locale: Locale): string {
  return t ? labelText(t, locale) : '';
}
