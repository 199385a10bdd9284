/**
 * Explanations and value words in the admin UI: a thin layer over the engine's explain module
 * (server/src/engine/explain, bundled via @engine), so the try panel, results, the 公示 notice and the
 * simulation say exactly what the API (`?explain=zh-CN`) and `rules eval --explain` say.
 */
import { explainName, explainSubject } from '@engine/explain/explain';
import { formatNumber as engineNumber, labelText as engineLabel, nameLabel as engineName, valueText } from '@engine/explain/words';
import { printFormula } from '@engine/formula/print';
import { outputText } from '@engine/explain/proposal';
import type { Pack, SubjectResult, TraceEntry as EngineTrace } from '@engine/types';
import type { TraceEntry } from '@/api/packs';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parts of a pack document the words come from (the stored document, possibly being edited). */
export interface ExplainPack {
  rules?: { name: string; kind: string; label?: unknown; decidedBy?: unknown; proposalWhen?: unknown }[];
  parameters?: Record<string, { label?: unknown }>;
  input?: unknown;
  outputs?: string[];
  valueLabels?: Record<string, Record<string, unknown>>;
  period?: string;
  subject?: unknown;
}

type Locale = 'zh-CN' | 'en';
const loc = (l: string): Locale => (l === 'en' ? 'en' : 'zh-CN');

/** A pack document with the defaults the engine's words expect, whatever state the editor left it in. */
function asPack(p: ExplainPack): Pack {
  return {
    rules: [],
    parameters: {},
    input: {},
    outputs: [],
    subject: { kind: 'subject', label: { 'zh-CN': '对象', en: 'subject' } },
    period: 'year',
    ...(p as object),
  } as unknown as Pack;
}

/** A label in the UI language: I18nText objects, or schema titles written "中文 / English". */
export function labelText(label: unknown, locale: string): string {
  return engineLabel(label, loc(locale));
}

/** Numbers without float noise (0.30000000000000004 → 0.3). */
export function formatNumber(n: number): string {
  return engineNumber(n);
}

/** A bare value in words (no pack): 是/否, 无, numbers without noise. */
export function formatScalar(v: unknown, locale: string): string {
  return valueText(asPack({}), null, v, loc(locale));
}

/** Is this output a star grade without labels of its own (shown as 4★)? */
function isStars(pack: ExplainPack, name: string): boolean {
  const r = pack.rules?.find((x) => x.name === name);
  return name === 'stars' || (r?.kind === 'bands' && /星级|stars?\b/i.test(labelText(r?.label, 'zh-CN')));
}

/**
 * An output's value in words: the pack's value label (优秀, not excellent), 是/否, a number with its unit; a value
 * the document leaves to someone's decision as a proposal ("建议撤职，待矿党委批准"). `outputs`: the subject's
 * other outputs, which a rule's `proposalWhen` may read.
 */
export function formatOutput(pack: ExplainPack, name: string, v: unknown, locale: string, outputs?: Record<string, unknown>): string {
  if (typeof v === 'number' && Number.isInteger(v) && !pack.valueLabels?.[name]?.[String(v)] && isStars(pack, name)) return `${v}★`;
  return outputText(asPack(pack), name, v, loc(locale), outputs ?? {});
}

/** The label of a name: a rule's label, a parameter's label, an input's schema title (never a code in Chinese). */
export function nameLabel(pack: ExplainPack, name: string, locale: string): string {
  return engineName(asPack(pack), name, loc(locale));
}

/** One sentence per output of a traced result, split into the sentence and its cite (shown apart, not on hover). */
export function explainResult(
  pack: ExplainPack,
  result: { id: string; outputs: Record<string, unknown>; trace?: TraceEntry[] },
  locale: string,
  opts: { period?: string; peers?: { id: string; outputs: Record<string, unknown>; trace?: TraceEntry[] }[] } = {},
): Record<string, { sentence: string; cite: string }> {
  const ex = explainSubject(asPack(pack), result as SubjectResult, { locale: loc(locale), period: opts.period, peers: opts.peers as SubjectResult[] | undefined });
  return Object.fromEntries(Object.entries(ex).map(([k, s]) => [k, splitCite(s)]));
}

/** "…，定为四星级。依据：……" → { sentence: "…，定为四星级。", cite: "……" }. */
export function splitCite(s: string): { sentence: string; cite: string } {
  for (const mark of ['依据：', ' Source: ']) {
    const i = s.indexOf(mark);
    if (i >= 0) return { sentence: s.slice(0, i).trim(), cite: s.slice(i + mark.length).trim() };
  }
  return { sentence: s, cite: '' };
}

/** The sentence explaining one output (with its cite), from a trace and the output's final value. */
export function explainOutput(pack: ExplainPack, trace: TraceEntry[], name: string, finalValue: unknown, locale: string): string {
  const outputs: Record<string, unknown> = {};
  for (const e of trace) outputs[e.rule] = e.value;
  outputs[name] = finalValue;
  return explainName(asPack(pack), { id: '', outputs, trace: trace as EngineTrace[] }, name, { locale: loc(locale) });
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
      if (typeof v === 'number' || typeof v === 'string' || v === null) return v;
    }
    return logic;
  }
  if (SCOPED.has(op) && Array.isArray(arg)) return { [op]: [substitute(arg[0], values), ...arg.slice(1)] };
  return { [op]: Array.isArray(arg) ? arg.map((x) => substitute(x, values)) : substitute(arg, values) };
}

function prettyOps(text: string): string {
  return text.replace(/ \* /g, '×').replace(/ >= /g, ' ≥ ').replace(/ <= /g, ' ≤ ').replace(/ != /g, ' ≠ ');
}

/** The formula of a trace entry with the numbers it read put in ("0.1×90 + 0.3×85 + 0.6×95"), for the step list. */
export function substitutedFormula(e: TraceEntry): string | null {
  const values: Obj = { ...(e.inputs ?? {}), ...(e.parameters ?? {}), ...(e.values ?? {}) };
  if (e.expr !== undefined && e.expr !== null) {
    try {
      return prettyOps(printFormula(substitute(e.expr, values)));
    } catch {
      /* no formula form: fall through to the stored text */
    }
  }
  if (!e.formula) return null;
  return prettyOps(
    e.formula.replace(/"[^"]*"|'[^']*'|[A-Za-z_$][\w$]*(?:\.[\w$]+)*/g, (tok) => {
      if (tok.startsWith('"') || tok.startsWith("'")) return tok;
      const v = values[tok];
      return typeof v === 'number' ? formatNumber(v) : tok;
    }),
  );
}

/**
 * Every step of the trace for the expandable step list: the label, the step's own sentence (the engine's
 * explanation of that rule value) and its cite, shown beside it.
 */
export function traceLines(pack: ExplainPack, trace: TraceEntry[], locale: string): { rule: string; label: string; text: string; cite?: string }[] {
  const outputs: Record<string, unknown> = {};
  for (const e of trace) outputs[e.rule] = e.value;
  const p = asPack(pack);
  return trace.map((e, k) => {
    const upto = trace.slice(0, k + 1) as EngineTrace[];
    const s = splitCite(explainName(p, { id: '', outputs: { ...outputs, [e.rule]: e.value }, trace: upto }, e.rule, { locale: loc(locale) }));
    return { rule: e.rule, label: nameLabel(pack, e.rule, locale), text: s.sentence, cite: s.cite || e.cite || undefined };
  });
}
