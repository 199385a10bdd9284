/**
 * The Chinese names of a pack: what an author may write in a formula instead of the English var path.
 * A name resolves to the English name first, then to the zh-CN title of an input field (nested object
 * fields and the fields of array items included), or the zh-CN label of a parameter or a rule.
 * Self-contained (no imports outside this folder) so the admin UI can bundle it.
 */
import { FormulaError, located } from './error';
import { KEYWORDS, WORD_OPERATORS, isIdentifier, type JsonLogic } from './functions';
import type { Segment, Token } from './lexer';
import { parseFormula, type NameContext, type NameResolver } from './parse';
import { printFormula, printFormulaWith } from './print';

/** Same shape as the engine's KpError (errors.ts), declared here so this folder stays self-contained. */
export interface FormulaProblem {
  kind: 'DuplicateLabel';
  path: string;
  message: { 'zh-CN': string; en: string };
}

export interface FormulaName {
  /** The English var path it compiles to, e.g. "self.teamBuilding", "weights.self", "score". */
  name: string;
  /** The exact zh-CN title or label it is known by, e.g. "组织建设". */
  label: string;
  /** 'item' = a field of the items of an array input (read inside map/filter/… over that array). */
  kind: 'input' | 'item' | 'parameter' | 'rule';
  /** JSON Pointer of the declaring node, e.g. "/input/properties/self/properties/teamBuilding", "/parameters/weights.self", "/rules/3". */
  pointer: string;
  /** For kind 'item': the English name of the array input it belongs to ("peers"). */
  array?: string;
  unit?: string;
}

export interface FormulaScope {
  names: FormulaName[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The zh-CN part of a title or label: an i18n object's "zh-CN", or a schema title written "中文 / English"
 * (the text before the first "/" that is followed by a Latin letter; "集体嘉奖 / 个人嘉奖" stays whole).
 */
export function zhLabel(label: unknown): string | undefined {
  let s: unknown = label;
  if (isObj(label)) s = label['zh-CN'];
  if (typeof s !== 'string') return undefined;
  if (!isObj(label)) {
    const m = /\s*\/\s*(?=[A-Za-z])/.exec(s);
    if (m) s = (s as string).slice(0, m.index);
  }
  const t = (s as string).trim();
  return t ? t : undefined;
}

/** Labels compare after width folding (（ = (, ０ = 0), so a quoted label may be typed either way. */
export function labelKey(label: string): string {
  return label.normalize('NFKC').trim();
}

/** Names an author may use in formulas of this document, and DuplicateLabel errors (one per clash). Never throws. */
export function formulaScopeOf(doc: unknown): { scope: FormulaScope; errors: FormulaProblem[] } {
  const names: FormulaName[] = [];
  const d = isObj(doc) ? doc : {};
  const unitOf = (s: Obj): string | undefined => (typeof s.unit === 'string' ? s.unit : typeof s['x-unit'] === 'string' ? (s['x-unit'] as string) : undefined);

  const walk = (schema: unknown, prefix: string, at: string, array: string | undefined, depth: number): void => {
    if (!isObj(schema) || !isObj(schema.properties) || depth > 20) return;
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (!isObj(sub)) continue;
      const name = prefix ? `${prefix}.${key}` : key;
      const pointer = `${at}/properties/${esc(key)}`;
      const label = zhLabel(sub.title);
      const unit = unitOf(sub);
      if (label !== undefined) {
        names.push({ name, label, kind: array === undefined ? 'input' : 'item', pointer, ...(array !== undefined ? { array } : {}), ...(unit ? { unit } : {}) });
      }
      if (isObj(sub.properties)) walk(sub, name, pointer, array, depth + 1);
      // Arrays inside items are left out: their items would need a second level of item names.
      else if (sub.type === 'array' && array === undefined && isObj(sub.items)) walk(sub.items, '', `${pointer}/items`, name, depth + 1);
    }
  };
  walk(d.input, '', '/input', undefined, 0);

  if (isObj(d.parameters)) {
    for (const [name, p] of Object.entries(d.parameters)) {
      const label = isObj(p) ? zhLabel(p.label) : undefined;
      if (label === undefined) continue;
      const unit = typeof (p as Obj).unit === 'string' ? ((p as Obj).unit as string) : undefined;
      names.push({ name, label, kind: 'parameter', pointer: `/parameters/${esc(name)}`, ...(unit ? { unit } : {}) });
    }
  }
  if (Array.isArray(d.rules)) {
    d.rules.forEach((r, i) => {
      if (!isObj(r) || typeof r.name !== 'string') return;
      const label = zhLabel(r.label);
      if (label !== undefined) names.push({ name: r.name, label, kind: 'rule', pointer: `/rules/${i}` });
    });
  }
  const scope: FormulaScope = { names };
  return { scope, errors: duplicateLabels(scope) };
}

/** The namespace a name lives in: the top level, or the items of one array. */
const namespaceOf = (n: FormulaName): string => (n.kind === 'item' ? `item:${n.array ?? ''}` : 'top');

/**
 * The label that tells a nested field from its cousins: its parents' labels joined by "." ("支部自评.班子建设").
 * Falls back to the field's own label when a parent has none.
 */
function qualifiedLabel(n: FormulaName, byName: Map<string, FormulaName>): string {
  if (n.kind !== 'input' && n.kind !== 'item') return n.label;
  const segs = n.name.split('.');
  const parts: string[] = [];
  for (let k = 1; k < segs.length; k++) {
    const parent = byName.get(`${namespaceOf(n)}|${segs.slice(0, k).join('.')}`);
    if (!parent) return n.label;
    parts.push(parent.label);
  }
  return [...parts, n.label].join('.');
}

function duplicateLabels(scope: FormulaScope): FormulaProblem[] {
  const byName = indexByName(scope);
  const seen = new Map<string, FormulaName>();
  const errors: FormulaProblem[] = [];
  for (const n of scope.names) {
    const q = qualifiedLabel(n, byName);
    const key = `${namespaceOf(n)}|${labelKey(q)}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, n);
      continue;
    }
    errors.push({
      kind: 'DuplicateLabel',
      path: n.pointer,
      message: {
        'zh-CN': `中文名“${q}”重复：${first.pointer} 与 ${n.pointer} 同名，公式无法区分，请修改其中一个`,
        en: `the Chinese name "${q}" is used twice: ${first.pointer} and ${n.pointer}; formulas cannot tell them apart, rename one`,
      },
    });
  }
  return errors;
}

function indexByName(scope: FormulaScope): Map<string, FormulaName> {
  const m = new Map<string, FormulaName>();
  for (const n of scope.names) if (!m.has(`${namespaceOf(n)}|${n.name}`)) m.set(`${namespaceOf(n)}|${n.name}`, n);
  return m;
}

const ASCII_SEGMENT = /^[A-Za-z0-9_$]+$/;

interface Index {
  byName: Map<string, FormulaName>;
  /** namespace|labelKey(qualified label) → names */
  qualified: Map<string, FormulaName[]>;
  /** namespace|labelKey(own label) → names, for nested fields whose qualified label differs */
  short: Map<string, FormulaName[]>;
  arrays: Map<string, FormulaName | undefined>;
  qualifiedOf: Map<FormulaName, string>;
}

const indexes = new WeakMap<FormulaScope, Index>();

function indexOf(scope: FormulaScope): Index {
  let ix = indexes.get(scope);
  if (ix) return ix;
  const byName = indexByName(scope);
  const qualified = new Map<string, FormulaName[]>();
  const short = new Map<string, FormulaName[]>();
  const qualifiedOf = new Map<FormulaName, string>();
  const add = (m: Map<string, FormulaName[]>, k: string, n: FormulaName) => {
    const l = m.get(k);
    if (l) l.push(n);
    else m.set(k, [n]);
  };
  const arrays = new Map<string, FormulaName | undefined>();
  for (const n of scope.names) {
    const q = qualifiedLabel(n, byName);
    qualifiedOf.set(n, q);
    add(qualified, `${namespaceOf(n)}|${labelKey(q)}`, n);
    if (q !== n.label) add(short, `${namespaceOf(n)}|${labelKey(n.label)}`, n);
    if (n.kind === 'item' && n.array !== undefined && !arrays.has(n.array)) arrays.set(n.array, byName.get(`top|${n.array}`));
  }
  ix = { byName, qualified, short, arrays, qualifiedOf };
  indexes.set(scope, ix);
  return ix;
}

/** The qualified label ("支部自评.班子建设") of a name of the scope. */
export function qualifiedLabelOf(scope: FormulaScope, n: FormulaName): string {
  return indexOf(scope).qualifiedOf.get(n) ?? n.label;
}

const describeArray = (ix: Index, array: string): string => ix.arrays.get(array)?.label ?? array;

/** The resolver the parser uses for a scope. */
export function scopeResolver(scope: FormulaScope): NameResolver {
  const ix = indexOf(scope);

  const lookup = (ns: string, segs: Segment[]): FormulaName[] => {
    const ascii = segs.every((s) => !s.quoted && ASCII_SEGMENT.test(s.text));
    if (ascii) {
      const n = ix.byName.get(`${ns}|${segs.map((s) => s.text).join('.')}`);
      return n ? [n] : [];
    }
    const key = `${ns}|${labelKey(segs.map((s) => s.text).join('.'))}`;
    return ix.qualified.get(key) ?? ix.short.get(key) ?? [];
  };

  const resolve = (t: Token, ctx: NameContext | undefined): string => {
    const segs = t.segments.length ? t.segments : [{ text: t.value, offset: t.offset, length: t.length, quoted: false }];
    const allAscii = segs.every((s) => !s.quoted && ASCII_SEGMENT.test(s.text));
    const ns = ctx === undefined ? 'top' : ctx.array === null ? 'item:?' : `item:${ctx.array}`;
    const itemPrefix = ctx?.reduce ? 'current.' : '';
    // English first: an English path is kept as written (the engine checks it against the pack).
    if (allAscii) return t.value;

    for (let k = segs.length; k >= 1; k--) {
      const found = lookup(ns, segs.slice(0, k));
      if (found.length > 1) throw ambiguous(t, segs.slice(0, k), found);
      if (found.length === 1) {
        let path = found[0].name;
        for (const s of segs.slice(k)) {
          if (!s.quoted && ASCII_SEGMENT.test(s.text)) {
            path += `.${s.text}`;
            continue;
          }
          const child = ix.qualified.get(`${ns}|${labelKey(`${qualifiedLabelOf(scope, ix.byName.get(`${ns}|${path}`) ?? found[0])}.${s.text}`)}`);
          if (!child || child.length !== 1) throw unknown(s.offset, s.length, s.text);
          path = child[0].name;
        }
        return ctx === undefined ? path : itemPrefix + path;
      }
    }
    throw misplaced(t, segs, ctx);
  };

  const unknown = (offset: number, length: number, word: string): FormulaError =>
    located(offset, length, `Unknown name '${word}'`, `出现未知的名称“${word}”`);

  const ambiguous = (t: Token, segs: Segment[], found: FormulaName[]): FormulaError => {
    const word = segs.map((s) => s.text).join('.');
    const options = found.map((n) => qualifiedLabelOf(scope, n));
    return located(t.offset, t.length,
      `The name '${word}' is ambiguous (${found.map((n) => n.pointer).join(', ')}); write ${options.join(' or ')}`,
      `的名称“${word}”有歧义（${found.map((n) => n.pointer).join('、')}），请写成 ${options.join(' 或 ')}`);
  };

  /** Not a name here: say where it would have been one (outside vs inside map/filter/…), else unknown. */
  const misplaced = (t: Token, segs: Segment[], ctx: NameContext | undefined): FormulaError => {
    const word = segs.map((s) => s.text).join('.');
    if (ctx !== undefined && lookup('top', segs).length) {
      const where = ctx.array === null ? '' : `“${describeArray(ix, ctx.array)}”`;
      return located(t.offset, t.length,
        `'${word}' cannot be used inside map/filter/…: there a name is a field of each item${ctx.array ? ` of '${ctx.array}'` : ''}`,
        `的“${word}”不能在 map、filter 等函数的第二个参数中使用：那里的名称是数组${where}每一项的字段`);
    }
    if (ctx === undefined || ctx.array === null) {
      for (const array of ix.arrays.keys()) {
        if (array !== ctx?.array && lookup(`item:${array}`, segs).length) {
          return located(t.offset, t.length,
            `'${word}' is a field of each item of '${array}': use it inside map(${array}, …) or filter(${array}, …)`,
            `的“${word}”是“${describeArray(ix, array)}”每一项的字段，只能在 map(${describeArray(ix, array)}, …)、filter 等函数的第二个参数中使用`);
        }
      }
    }
    return unknown(t.offset, t.length, word);
  };

  const arrayOf = (logic: JsonLogic): string | null => {
    if (!isObj(logic)) return null;
    const keys = Object.keys(logic);
    if (keys.length !== 1) return null;
    const arg = logic[keys[0]];
    if (keys[0] === 'var') {
      const p = Array.isArray(arg) ? arg[0] : arg;
      return typeof p === 'string' && ix.arrays.has(p) ? p : null;
    }
    if (keys[0] === 'filter' && Array.isArray(arg)) return arrayOf(arg[0]);
    return null;
  };

  return { resolve, arrayOf };
}

/**
 * Compiles formula text to JSON Logic with English var names. With a scope, a name resolves to the English
 * name first, then to a zh-CN label; unknown Chinese names, ambiguous labels and item fields used outside
 * map/filter/… throw FormulaError. Without a scope, names are kept as written.
 */
export function compileFormula(text: string, scope?: FormulaScope): JsonLogic {
  return parseFormula(text, scope ? scopeResolver(scope) : undefined);
}

/** Stable JSON, for checking that printed text reads back as the same logic. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** One label as formula text: bare when it lexes as a single name, else in 【…】 (or 「…」). */
function labelText(label: string): string | undefined {
  if (isIdentifier(label) && !KEYWORDS.has(label) && !Object.prototype.hasOwnProperty.call(WORD_OPERATORS, label)) return label;
  if (!label.includes('】')) return `【${label}】`;
  if (!label.includes('」')) return `「${label}」`;
  return undefined;
}

/**
 * Prints JSON Logic as formula text using zh-CN labels where the scope has them (and Chinese function aliases
 * when zh is true). Falls back to printFormula when the labelled text would not read back as the same logic.
 */
export function printFormulaLabelled(logic: JsonLogic, scope: FormulaScope, opts: { zh?: boolean } = {}): string {
  const ix = indexOf(scope);
  const resolver = scopeResolver(scope);
  const unique = (ns: string, key: string, n: FormulaName): boolean => {
    const found = ix.qualified.get(`${ns}|${labelKey(key)}`) ?? ix.short.get(`${ns}|${labelKey(key)}`);
    return found !== undefined && found.length === 1 && found[0] === n;
  };
  /** The labels of a nested field and its parents, outermost first. */
  const parts = (n: FormulaName, ns: string): string[] | undefined => {
    const segs = n.name.split('.');
    const out: string[] = [];
    for (let k = 1; k <= segs.length; k++) {
      const p = ix.byName.get(`${ns}|${segs.slice(0, k).join('.')}`);
      if (!p) return undefined;
      out.push(p.label);
    }
    return out;
  };
  const nameText = (n: FormulaName, ns: string): string | undefined => {
    if (unique(ns, n.label, n)) return labelText(n.label);
    const ps = parts(n, ns);
    if (!ps || !unique(ns, ps.join('.'), n)) return undefined;
    const texts = ps.map(labelText);
    return texts.every((t) => t !== undefined) ? texts.join('.') : undefined;
  };
  const name = (path: string, ctx: NameContext | undefined): string | undefined => {
    let ns = 'top';
    let p = path;
    if (ctx !== undefined) {
      if (ctx.array === null) return undefined;
      ns = `item:${ctx.array}`;
      if (ctx.reduce) {
        if (!p.startsWith('current.')) return undefined;
        p = p.slice('current.'.length);
      }
    }
    const segs = p.split('.');
    for (let k = segs.length; k >= 1; k--) {
      const n = ix.byName.get(`${ns}|${segs.slice(0, k).join('.')}`);
      if (!n) continue;
      const rest = segs.slice(k);
      if (!rest.every((s) => ASCII_SEGMENT.test(s) && (/^\d+$/.test(s) || isIdentifier(s)))) return undefined;
      const t = nameText(n, ns);
      return t === undefined ? undefined : [t, ...rest].join('.');
    }
    return undefined;
  };
  try {
    const text = printFormulaWith(logic, { name, arrayOf: (l) => resolver.arrayOf(l as JsonLogic), zh: opts.zh });
    if (stable(compileFormula(text, scope)) === stable(logic)) return text;
  } catch {
    // falls back to the canonical text below
  }
  return printFormula(logic);
}
