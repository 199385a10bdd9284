/**
 * Readable explanations of outputs from the engine's trace:
 * "4★，因为综合评价得分 91.5 ≥ 90；综合评价得分 = 0.1×90 + 0.3×85 + 0.6×95".
 * Pure (trace + pack in, text out) so it is tested without a browser.
 */
import { printFormula } from '@engine/formula/print';
import type { TraceEntry } from '@/api/packs';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ExplainPack {
  rules?: { name: string; kind: string; label?: unknown }[];
  parameters?: Record<string, { label?: unknown }>;
  input?: unknown;
}

const WORDS = {
  'zh-CN': { because: '，因为', then: '；', yes: '是', no: '否', below: '低于', veto: '一票否决', none: '无', and: '且', periods: '个周期' },
  en: { because: ', because ', then: '; ', yes: 'yes', no: 'no', below: 'below', veto: 'veto', none: 'none', and: 'and', periods: 'periods' },
};

function words(locale: string) {
  return locale === 'en' ? WORDS.en : WORDS['zh-CN'];
}

/** A label in the UI language: I18nText objects, or schema titles written "中文 / English". */
export function labelText(label: unknown, locale: string): string {
  if (isObj(label)) return String((locale === 'en' ? label.en : label['zh-CN']) ?? label['zh-CN'] ?? label.en ?? '');
  if (typeof label !== 'string') return '';
  const parts = label.split(' / ');
  return parts.length === 2 ? (locale === 'en' ? parts[1] : parts[0]).trim() : label;
}

/** Numbers without float noise (0.30000000000000004 → 0.3). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toFixed(6)));
}

export function formatScalar(v: unknown, locale: string): string {
  const w = words(locale);
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (v === null || v === undefined) return w.none;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function ruleOf(pack: ExplainPack, name: string) {
  return pack.rules?.find((r) => r.name === name);
}

/** Is this output a star grade (shown as 4★)? */
function isStars(pack: ExplainPack, name: string): boolean {
  const r = ruleOf(pack, name);
  // only a grade rule is shown in stars: "连续四星级以上年数" mentions stars but counts years
  return name === 'stars' || (r?.kind === 'bands' && /星级|stars?\b/i.test(labelText(r?.label, 'zh-CN')));
}

export function formatOutput(pack: ExplainPack, name: string, v: unknown, locale: string): string {
  if (typeof v === 'number' && Number.isInteger(v) && isStars(pack, name)) return `${v}★`;
  return formatScalar(v, locale);
}

/** The label of a name: a rule's label, a parameter's label, an input's schema title, or the name itself. */
export function nameLabel(pack: ExplainPack, name: string, locale: string): string {
  const r = ruleOf(pack, name);
  if (r?.label) return labelText(r.label, locale) || name;
  const p = pack.parameters?.[name];
  if (p?.label) return labelText(p.label, locale) || name;
  let s: unknown = pack.input;
  for (const seg of name.split('.')) s = isObj(s) && isObj(s.properties) ? s.properties[seg] : undefined;
  return (isObj(s) && labelText(s.title, locale)) || name;
}

const SCOPED = new Set(['map', 'filter', 'all', 'some', 'none', 'reduce']);

/** Replace every `var` the trace has a scalar value for by that value (not inside map/filter bodies). */
function substitute(logic: unknown, values: Obj): unknown {
  if (Array.isArray(logic)) return logic.map((x) => substitute(x, values));
  if (!isObj(logic)) return logic;
  const keys = Object.keys(logic);
  if (keys.length !== 1) return logic;
  const op = keys[0];
  const arg = logic[op];
  if (op === 'var') {
    const name = Array.isArray(arg) ? arg[0] : arg;
    if (typeof name === 'string' && name in values) {
      const v = values[name];
      if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || v === null) return v;
    }
    return logic;
  }
  if (SCOPED.has(op) && Array.isArray(arg)) return { [op]: [substitute(arg[0], values), ...arg.slice(1)] };
  return { [op]: Array.isArray(arg) ? arg.map((x) => substitute(x, values)) : substitute(arg, values) };
}

function prettyOps(text: string): string {
  return text.replace(/ \* /g, '×').replace(/ >= /g, ' ≥ ').replace(/ <= /g, ' ≤ ').replace(/ != /g, ' ≠ ');
}

/** The formula of a trace entry with the values it read put in: "0.1×90 + 0.3×85 + 0.6×95". */
export function substitutedFormula(e: TraceEntry): string | null {
  const values: Obj = { ...(e.inputs ?? {}), ...(e.parameters ?? {}), ...(e.values ?? {}) };
  if (e.expr !== undefined) {
    try {
      return prettyOps(printFormula(substitute(e.expr, values)));
    } catch {
      /* no formula form: fall through to the stored text */
    }
  }
  if (!e.formula) return null;
  // Text fallback: replace whole identifiers outside string literals.
  return prettyOps(
    e.formula.replace(/"[^"]*"|'[^']*'|[A-Za-z_$][\w$]*(?:\.[\w$]+)*/g, (tok) => {
      if (tok.startsWith('"') || tok.startsWith("'")) return tok;
      const v = values[tok];
      return typeof v === 'number' ? formatNumber(v) : typeof v === 'boolean' ? String(v) : tok;
    }),
  );
}

/** The one rule value an expression is just a reference to (`of: score`), if any. */
function singleRef(e: TraceEntry): string | null {
  if (isObj(e.expr) && 'var' in e.expr && typeof e.expr.var === 'string') return e.expr.var;
  const vals = Object.keys(e.values ?? {});
  if (e.formula && vals.length === 1 && e.formula.trim() === vals[0]) return vals[0];
  return null;
}

/** "得分 = 0.1×90 + 0.3×85 + 0.6×95" for a value rule; null when there is nothing to add. */
export function defineLine(pack: ExplainPack, e: TraceEntry, locale: string): string | null {
  const f = substitutedFormula(e);
  if (!f || f === formatScalar(e.value, 'en')) return null;
  return `${nameLabel(pack, e.rule, locale)} = ${f}`;
}

function lastEntry(trace: TraceEntry[], name: string): TraceEntry | undefined {
  for (let k = trace.length - 1; k >= 0; k--) if (trace[k].rule === name) return trace[k];
  return undefined;
}

/** Why a bands rule gave its value: the band's bound compared with the value it read. */
function bandReason(pack: ExplainPack, e: TraceEntry, locale: string): string | null {
  const fired = e.fired as { of?: unknown; band?: { from?: number | null; to?: number | null } } | null | undefined;
  if (!fired?.band) return null;
  const ref = singleRef(e);
  const what = ref ? nameLabel(pack, ref, locale) : substitutedFormula(e) ?? '';
  const of = formatScalar(fired.of, locale);
  const sp = locale === 'en' ? ' ' : '';
  const { from, to } = fired.band;
  if (from !== null && from !== undefined) return `${what}${sp} ${of} ≥ ${formatNumber(from)}`.replace(`${sp} `, ' ');
  if (to !== null && to !== undefined) return `${what} ${of} < ${formatNumber(to)}`;
  return null;
}

/**
 * One line explaining an output, following the trace one step back:
 * the band that fired (and how its input was computed), the veto that fired, or the formula of a value.
 */
export function explainOutput(pack: ExplainPack, trace: TraceEntry[], name: string, finalValue: unknown, locale: string): string {
  const w = words(locale);
  const head = formatOutput(pack, name, finalValue, locale);
  const veto = [...trace].reverse().find((e) => e.kind === 'veto' && isObj(e.fired) && e.fired.target === name);
  if (veto) {
    const f = substitutedFormula(veto);
    return `${head}${w.because}${nameLabel(pack, veto.rule, locale)}${f ? `：${f}` : ''}`;
  }
  const e = lastEntry(trace, name);
  if (!e) return head;
  const parts: string[] = [];
  if (e.kind === 'bands') {
    const reason = bandReason(pack, e, locale);
    if (reason) parts.push(reason);
    else if (e.fired === null || (isObj(e.fired) && !e.fired.band)) parts.push(`${nameLabel(pack, singleRef(e) ?? name, locale)} ${w.below}`);
    const ref = singleRef(e);
    const src = ref ? lastEntry(trace, ref) : undefined;
    if (src) {
      const line = defineLine(pack, src, locale);
      if (line) return `${head}${w.because}${parts.join('')}${w.then}${line}`;
    }
    return parts.length ? `${head}${w.because}${parts.join('')}` : head;
  }
  if (e.kind === 'veto') {
    const f = substitutedFormula(e);
    return f ? `${head}${w.because}${f}` : head;
  }
  if (e.kind === 'consecutive' || e.kind === 'windowCount') {
    const periods = isObj(e.fired) && Array.isArray(e.fired.periods) ? (e.fired.periods as unknown[]).join(', ') : '';
    return periods ? `${head}（${periods}）` : head;
  }
  const f = substitutedFormula(e);
  if (!f || f === formatScalar(e.value, 'en')) return head;
  // a number is its formula ("91.5 = 0.1×90 + …"); a yes/no or a label is read off its condition ("是：4 ≥ 3")
  return typeof finalValue === 'number' ? `${head} = ${f}` : `${head}：${f}`;
}

/** Every step of the trace as "label = formula-with-values = value", for the expandable trace list. */
export function traceLines(pack: ExplainPack, trace: TraceEntry[], locale: string): { rule: string; label: string; text: string; cite?: string }[] {
  return trace.map((e) => {
    const v = formatOutput(pack, e.rule, e.value, locale);
    if (e.kind === 'bands') {
      const reason = bandReason(pack, e, locale);
      return { rule: e.rule, label: nameLabel(pack, e.rule, locale), text: reason ? `${reason} → ${v}` : v, cite: e.cite };
    }
    const f = substitutedFormula(e);
    return { rule: e.rule, label: nameLabel(pack, e.rule, locale), text: f && f !== formatScalar(e.value, 'en') ? `${f} = ${v}` : v, cite: e.cite };
  });
}
