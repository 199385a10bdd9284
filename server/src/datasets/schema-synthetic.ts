import { compilePack, type Json, type Pack } from '../engine';
import { resolveSchemaParams } from '../engine/evaluate/input';
import { periodFromIndex } from '../engine/evaluate/periods';
import { paramValue } from '../engine/compile/names';

/**
 * Synthetic subjects for a pack that has no demo data (a scheme just made in the designer), from its input
 * schema alone. Each subject gets a "quality" level in [0, 1]; every bounded number is placed at that
 * relative level ± NOISE of its range, so sums and weighted scores land across the whole scale (and across
 * the pack's bands) instead of piling up at the mean. Flags a veto or a negation reads, and counts a rule
 * compares with 0, are rarely set (RARE). Deterministic: every draw comes from the caller's random stream.
 */

type Schema = Record<string, any>;
export type Rnd = () => number;

/** How far a field strays from its subject's level, as a share of its range. */
const NOISE = 0.15;
/** How far subject levels are stretched beyond [0, 1] before clamping (about a tenth of subjects at each bound). */
const SPREAD = 1.3;
/** How often a veto-like flag is true, or a veto-like count is above its minimum. */
const RARE = 0.05;
/** How often an optional field is present. */
const OPTIONAL = 0.85;
/** Rater rows (arrays of objects) default to 3–8 items; arrays of plain values to 0–3. */
const ROWS = [3, 8];
const VALUES = [0, 3];
/** Distinct values of a free-text field (group keys such as a branch id), and scope keys. */
const POOL = 6;
/** The first generated period (year → "2026", quarter → "2026-Q1", bimonth → "2026-B1"). */
export const FIRST_YEAR = 2026;

const HISTORY_KINDS = new Set(['consecutive', 'windowCount', 'previous', 'movement', 'escalation']);

/** Periods for a schema-only dataset: three in a row when a history rule reads earlier periods, else one. */
export function schemaPeriods(pack: Pack): string[] {
  const count = pack.rules.some((r) => HISTORY_KINDS.has(r.kind)) ? 3 : 1;
  const per = pack.period === 'year' ? 1 : pack.period === 'quarter' ? 4 : 6;
  return Array.from({ length: count }, (_, k) => periodFromIndex(pack.period, FIRST_YEAR * per + k));
}

/**
 * What the rules say about the inputs, for drawing values that exercise them: flags a veto reads or a rule
 * negates (rare), counts a rule compares with 0 (mostly 0), numbers a veto compares with a threshold (mostly
 * on the safe side), and the order of enum values by how high a ladder level asks for them.
 */
export interface FieldHints {
  rareFlags: Set<string>;
  zeroCounts: Set<string>;
  vetoThresholds: Map<string, { fires: 'below' | 'above'; at: number; inclusive: boolean }>;
  enumOrder: Map<string, Map<string, number>>;
}

export function fieldHints(pack: Pack, params: Record<string, Json>): FieldHints {
  const out = new Set<string>();
  const zero = new Set<string>();
  const vars = (x: unknown, into: Set<string>) => {
    if (Array.isArray(x)) for (const y of x) vars(y, into);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if (k === 'var') into.add(String(Array.isArray(v) ? v[0] : v));
        else vars(v, into);
      }
    }
  };
  const negated = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(negated);
    if (!x || typeof x !== 'object') return;
    for (const [k, v] of Object.entries(x)) {
      const args = Array.isArray(v) ? v : [v];
      if (k === '!' || k === 'not') for (const a of args) if (a && typeof a === 'object' && 'var' in a) vars(a, out);
      if ((k === '==' || k === '===' || k === '!=' || k === '!==') && args.length === 2) {
        const [a, b] = args;
        if (a && typeof a === 'object' && 'var' in a && (b === 0 || b === false)) vars(a, zero);
        if (b && typeof b === 'object' && 'var' in b && (a === 0 || a === false)) vars(b, zero);
      }
      if (k === '!' || k === 'not') for (const a of args) if (a && typeof a === 'object' && 'var' in a) vars(a, zero);
      negated(v);
    }
  };
  const inputs = new Set(Object.keys(((pack.input as Schema).properties ?? {}) as object));
  const isInput = (x: unknown): x is { var: string } => !!x && typeof x === 'object' && typeof (x as any).var === 'string' && inputs.has((x as any).var.split('.')[0]);
  const numberOf = (x: unknown): number | undefined => {
    if (typeof x === 'number') return x;
    if (x && typeof x === 'object' && typeof (x as any).var === 'string') {
      const pv = paramValue(params, (x as any).var);
      if (pv.found && typeof pv.value === 'number') return pv.value;
    }
    return undefined;
  };
  const thresholds: FieldHints['vetoThresholds'] = new Map();
  const compare = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(compare);
    if (!x || typeof x !== 'object') return;
    for (const [k, v] of Object.entries(x)) {
      if (['<', '<=', '>', '>='].includes(k) && Array.isArray(v) && v.length === 2) {
        const [a, b] = v;
        const below = k === '<' || k === '<=';
        if (isInput(a) && numberOf(b) !== undefined) thresholds.set(a.var, { fires: below ? 'below' : 'above', at: numberOf(b)!, inclusive: k.length === 2 });
        if (isInput(b) && numberOf(a) !== undefined) thresholds.set(b.var, { fires: below ? 'above' : 'below', at: numberOf(a)!, inclusive: k.length === 2 });
      }
      compare(v);
    }
  };
  // Enum values a higher ladder level asks for rank higher: a good subject holds the values good levels need.
  const enumOrder: FieldHints['enumOrder'] = new Map();
  const credit = (x: unknown, weight: number) => {
    if (Array.isArray(x)) return x.forEach((y) => credit(y, weight));
    if (!x || typeof x !== 'object') return;
    for (const [k, v] of Object.entries(x)) {
      if ((k === 'in' || k === '==' || k === '===') && Array.isArray(v) && v.length === 2 && isInput(v[0])) {
        const m = enumOrder.get(v[0].var) ?? new Map<string, number>();
        for (const value of k === 'in' ? (Array.isArray(v[1]) ? v[1] : []) : [v[1]]) m.set(JSON.stringify(value), (m.get(JSON.stringify(value)) ?? 0) + weight);
        enumOrder.set(v[0].var, m);
      }
      credit(v, weight);
    }
  };
  for (const r of pack.rules as any[]) {
    if (r.kind === 'veto') {
      vars(r.when, out);
      compare(r.when);
    }
    if (r.kind === 'ladder') (r.levels ?? []).forEach((l: any, i: number) => credit((l.checks ?? []).map((c: any) => c.expr), i + 1));
    negated(r);
  }
  return { rareFlags: new Set([...out, ...zero]), zeroCounts: zero, vetoThresholds: thresholds, enumOrder };
}

export class SchemaSubjects {
  private readonly input: Schema;
  private readonly hints: FieldHints;
  private readonly ref: string | undefined;
  private readonly scopeKeys: string[];
  private readonly scopeFacts: Record<string, Record<string, unknown>> | undefined;

  constructor(
    readonly pack: Pack,
    seed: number,
    private readonly year = FIRST_YEAR,
  ) {
    const params = compilePack(pack).parameters as Record<string, Json>;
    this.input = resolveSchemaParams(pack.input, params) as Schema;
    this.hints = fieldHints(pack, params);
    this.ref = pack.scopes?.ref;
    if (pack.scopes) {
      this.scopeKeys = Array.from({ length: POOL }, (_, k) => `G${String(k + 1).padStart(2, '0')}`);
      const schema = resolveSchemaParams(pack.scopes.schema, params) as Schema;
      const rnd = stream(seed ^ 0x5c0e);
      this.scopeFacts = Object.fromEntries(this.scopeKeys.map((k) => [k, this.value(schema, '', rnd, rnd(), true) as Record<string, unknown>]));
    } else {
      this.scopeKeys = [];
      this.scopeFacts = undefined;
    }
  }

  scopes(): Record<string, Record<string, unknown>> | undefined {
    return this.scopeFacts;
  }

  /** One subject's inputs (without id) at quality level q. */
  subject(rnd: Rnd, q: number): Record<string, unknown> {
    return this.value(this.input, '', rnd, q, true) as Record<string, unknown>;
  }

  /**
   * A field's relative place in its range: the subject's level ± NOISE, stretched (SPREAD) so that the best
   * and the worst subjects sit exactly on the bounds (full marks, a perfect rate), which rules often test.
   */
  private level(rnd: Rnd, q: number): number {
    return Math.min(1, Math.max(0, (q - 0.5) * SPREAD + 0.5 + (rnd() * 2 - 1) * NOISE));
  }

  private value(s: Schema, path: string, rnd: Rnd, q: number, top = false): unknown {
    if (!s || typeof s !== 'object') return null;
    if (s.const !== undefined) return s.const;
    if (Array.isArray(s.enum) && s.enum.length) {
      const order = this.hints.enumOrder.get(path);
      if (!order) return s.enum[Math.floor(rnd() * s.enum.length)];
      const ranked = [...s.enum].sort((a, b) => (order.get(JSON.stringify(a)) ?? 0) - (order.get(JSON.stringify(b)) ?? 0));
      return ranked[Math.min(ranked.length - 1, Math.floor(this.level(rnd, q) * ranked.length))];
    }
    const types = ([] as string[]).concat(s.type ?? []).filter((t) => t !== 'null');
    const type = types[0] ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
    if (!type) {
      const branch = (s.anyOf ?? s.oneOf)?.[0];
      return branch ? this.value(branch, path, rnd, q) : null;
    }
    switch (type) {
      case 'boolean':
        return this.hints.rareFlags.has(path) ? rnd() < RARE : rnd() < 0.1 + 0.9 * this.level(rnd, q);
      case 'integer':
      case 'number':
        return this.number(s, path, type === 'integer', rnd, q);
      case 'string':
        return this.string(s, path, rnd);
      case 'array':
        return this.array(s, path, rnd, q);
      case 'object':
        return this.object(s, path, rnd, q, top);
      default:
        return null;
    }
  }

  private readonly numbers = new WeakMap<Schema, NumberMeta>();

  private number(s: Schema, path: string, integer: boolean, rnd: Rnd, q: number): number {
    let m = this.numbers.get(s);
    if (!m) this.numbers.set(s, (m = numberMeta(s, integer, this.hints.vetoThresholds.get(path), this.hints.zeroCounts.has(path))));
    const { lo, hi, step, decimals, veto } = m;
    let v: number;
    // An open-ended count a "== 0" check reads (incidents, cases): mostly its minimum.
    if (m.rareCount) v = rnd() < 1 - 4 * RARE ? lo : lo + 1 + Math.floor(rnd() * 3);
    else if (veto && rnd() >= RARE) v = veto[0] + (veto[1] - veto[0]) * this.level(rnd, q);
    else v = lo + (hi - lo) * this.level(rnd, q);
    v = Math.round(v / step) * step;
    if (v > hi) v -= step;
    if (v < lo) v += step;
    if (m.exMin !== undefined && v <= m.exMin) v = m.exMin + step;
    if (m.exMax !== undefined && v >= m.exMax) v = m.exMax - step;
    return integer ? Math.round(v) : Number(v.toFixed(decimals));
  }

  private string(s: Schema, path: string, rnd: Rnd): string {
    if (path === this.ref && this.scopeKeys.length) return this.scopeKeys[Math.floor(rnd() * this.scopeKeys.length)];
    const month = 1 + Math.floor(rnd() * 12);
    const day = 1 + Math.floor(rnd() * 28);
    const date = `${this.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (s.format === 'date') return date;
    const name = path.split('.').pop() || 'v';
    const k = 1 + Math.floor(rnd() * POOL);
    const candidates = [`${name}-${String(k).padStart(2, '0')}`, date, `${k}`.padStart(4, '0'), `S${String(k).padStart(4, '0')}`, 'a'];
    const re = typeof s.pattern === 'string' ? safeRegExp(s.pattern) : null;
    const fits = (c: string) => (!re || re.test(c)) && c.length >= (s.minLength ?? 0) && c.length <= (s.maxLength ?? Infinity);
    return candidates.find(fits) ?? candidates[0];
  }

  private array(s: Schema, path: string, rnd: Rnd, q: number): unknown[] {
    const items = (Array.isArray(s.items) ? s.items[0] : s.items) ?? {};
    const rows = items.type === 'object' || items.properties ? ROWS : VALUES;
    // The default size range, narrowed to minItems..maxItems where the schema sets them.
    const [least, most] = [s.minItems ?? 0, s.maxItems ?? Infinity];
    const min = Math.min(most, Math.max(least, rows[0]));
    const max = Math.min(most, Math.max(min, rows[1]));
    const n = min + Math.floor(rnd() * (max - min + 1));
    const out: unknown[] = [];
    for (let j = 0; j < n; j++) out.push(this.value(items, `${path}[]`, rnd, q));
    return out;
  }

  /** An object schema's fields with their paths, worked out once per schema node (subjects are generated by the million). */
  private readonly objects = new WeakMap<Schema, { fields: [string, Schema, string, boolean][]; conditionals: Schema[] }>();

  private object(s: Schema, path: string, rnd: Rnd, q: number, top: boolean): Record<string, unknown> {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const at = (k: string) => (path ? `${path}.${k}` : k);
    let meta = this.objects.get(s);
    if (!meta) {
      const required = new Set<string>(s.required ?? []);
      meta = {
        fields: Object.entries(props)
          .filter(([k]) => !(top && k === 'id'))
          .map(([k, sub]) => [k, sub, at(k), required.has(k)]),
        conditionals: [s, ...((s.allOf ?? []) as Schema[])].filter((c) => c && c.if),
      };
      this.objects.set(s, meta);
    }
    const out: Record<string, unknown> = {};
    for (const [k, sub, p, required] of meta.fields) if (required || rnd() < OPTIONAL) out[k] = this.value(sub, p, rnd, q);
    // if/then/else: a field the chosen branch requires is generated too (an individual award needs its level).
    for (const c of meta.conditionals) {
      const branch = matches(c.if, out) ? c.then : c.else;
      for (const k of (branch?.required ?? []) as string[]) {
        if (!(k in out)) out[k] = this.value({ ...(props[k] ?? {}), ...(branch.properties?.[k] ?? {}) }, at(k), rnd, q);
      }
    }
    for (const [k, deps] of Object.entries((s.dependentRequired ?? {}) as Record<string, string[]>)) {
      if (k in out) for (const d of deps) if (!(d in out) && props[d]) out[d] = this.value(props[d], at(d), rnd, q);
    }
    return out;
  }
}

interface NumberMeta {
  lo: number;
  hi: number;
  step: number;
  decimals: number;
  exMin?: number;
  exMax?: number;
  rareCount: boolean;
  /** The safe side of a veto threshold inside the range (satisfaction ≤ 0.6 vetoes → [0.61, 1]). */
  veto: [number, number] | null;
}

/** A number field's range and step, with the defaults for open ends (counts 0–20, scores 0–10 above a minimum). */
function numberMeta(s: Schema, integer: boolean, veto: { fires: 'below' | 'above'; at: number; inclusive: boolean } | undefined, zeroChecked: boolean): NumberMeta {
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
  const exMin = num(s.exclusiveMinimum);
  const exMax = num(s.exclusiveMaximum);
  let lo = num(s.minimum) ?? exMin;
  let hi = num(s.maximum) ?? exMax;
  const unbounded = hi === undefined;
  if (lo === undefined && hi === undefined) [lo, hi] = [0, integer ? 10 : 100];
  else if (hi === undefined) hi = lo! + (integer ? 20 : 10);
  else if (lo === undefined) lo = hi > 0 ? 0 : hi - 10;
  if (integer) [lo, hi] = [Math.ceil(lo! + (exMin === lo ? 1 : 0)), Math.floor(hi! - (exMax === hi ? 1 : 0))];
  const step = num(s.multipleOf) ?? (integer ? 1 : hi! - lo! <= 1 ? 0.01 : 0.1);
  const decimals = Math.min(10, Math.max(0, -Math.floor(Math.log10(step)) + 1));
  let safe: [number, number] | null = null;
  if (veto && veto.at > lo! && veto.at < hi!) safe = veto.fires === 'below' ? [veto.at + (veto.inclusive ? step : 0), hi!] : [lo!, veto.at - (veto.inclusive ? step : 0)];
  return { lo: lo!, hi: hi!, step, decimals, exMin, exMax, rareCount: unbounded && zeroChecked, veto: safe };
}

/** Whether an `if` clause of the simple kind (properties with const / enum) holds for a generated object. */
function matches(cond: Schema, o: Record<string, unknown>): boolean {
  for (const k of (cond.required ?? []) as string[]) if (!(k in o)) return false;
  for (const [k, c] of Object.entries((cond.properties ?? {}) as Record<string, Schema>)) {
    if (!(k in o)) continue;
    if (c.const !== undefined && o[k] !== c.const) return false;
    if (Array.isArray(c.enum) && !c.enum.includes(o[k])) return false;
  }
  return true;
}

function safeRegExp(p: string): RegExp | null {
  try {
    return new RegExp(p, 'u');
  } catch {
    return null;
  }
}

/** A seeded uniform stream (mulberry32). */
export function stream(a: number): Rnd {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
