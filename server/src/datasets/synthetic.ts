import { compilePack, validateEnvelope } from '../engine';
import type { Envelope, EnvelopePeriod, Pack } from '../engine/types';
import { SchemaSubjects, schemaPeriods } from './schema-synthetic';

/**
 * Synthetic data of any size for a pack, from its demo data: every leaf value is drawn from the demo's
 * values of the same field (empirical sampling per field), array lengths from the demo's lengths, and
 * which optional fields are present from a demo subject drawn as a template (so conditional schemas such
 * as "individual awards need a level" keep holding). Subject i of period p is a pure function of
 * (seed, p, i): any worker can generate any slice, in any order, without the rest.
 *
 * Without demo data (a scheme just made in the designer) the subjects come from the input schema alone
 * (see schema-synthetic.ts), ids S0001…, periods from the pack's period kind.
 */

export interface SyntheticSpec {
  /** Subject-periods in all; spread evenly over the demo's periods, the same ids in every period. */
  n: number;
  seed: number;
  /** Periods to use (default: the demo's, or those of schemaPeriods without demo data). */
  periods?: string[];
}

/** What a synthetic dataset stores: generated where it runs, from the demo data or (from: 'schema') the input schema. */
export interface SyntheticRecipe {
  n: number;
  seed: number;
  from?: 'demo' | 'schema';
  periods?: string[];
}

interface Model {
  /** Fields a conditional schema branches on (`if: { properties: { kind: … } }`): kept from the template. */
  pinned: Set<string>;
  leaves: Map<string, unknown[]>;
  lengths: Map<string, number[]>;
  templates: Record<string, unknown>[];
  scopes: Record<string, Record<string, unknown>>;
  /** Numeric demo values per field, sorted (built on first use). */
  sorted: Map<string, number[]>;
}

function mulberry32(a: number): () => number {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Top-level and nested field paths that `if` clauses of the input schema test. */
function conditionFields(schema: unknown, base = '', out = new Set<string>()): Set<string> {
  if (!schema || typeof schema !== 'object') return out;
  const s = schema as Record<string, unknown>;
  const cond = s.if as { properties?: Record<string, unknown> } | undefined;
  if (cond?.properties) for (const k of Object.keys(cond.properties)) out.add(base ? `${base}.${k}` : k);
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const sub of (s[key] as unknown[]) ?? []) conditionFields(sub, base, out);
  for (const [k, sub] of Object.entries((s.properties as Record<string, unknown>) ?? {})) conditionFields(sub, base ? `${base}.${k}` : k, out);
  return out;
}

function learn(demo: Envelope, pack: Pack): Model {
  const leaves = new Map<string, unknown[]>();
  const lengths = new Map<string, number[]>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const a = m.get(k);
    if (a) a.push(v);
    else m.set(k, [v]);
  };
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      push(lengths, path, v.length);
      for (const item of v) walk(item, `${path}[]`);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    } else push(leaves, path, v);
  };
  const templates: Record<string, unknown>[] = [];
  const scopes: Record<string, Record<string, unknown>> = {};
  for (const p of demo.periods) {
    for (const s of p.subjects) {
      const { id: _id, ...rest } = s;
      templates.push(rest);
      walk(rest, '');
    }
    Object.assign(scopes, p.scopes ?? {});
  }
  if (!templates.length) throw new Error('the demo data has no subjects to learn from');
  return { pinned: conditionFields(pack.input), leaves, lengths, templates, scopes, sorted: new Map() };
}

type Shape = (rnd: () => number, into?: Record<string, unknown>) => unknown;

function shapeOf(m: Model, tpl: unknown, path: string): Shape {
  if (Array.isArray(tpl)) {
    const lengths = m.lengths.get(path) ?? [tpl.length];
    const items = tpl.length ? tpl.map((t) => shapeOf(m, t, `${path}[]`)) : [shapeOf(m, null, `${path}[]`)];
    return (rnd) => {
      const n = lengths[Math.floor(rnd() * lengths.length)];
      const out = new Array(n);
      for (let j = 0; j < n; j++) out[j] = items[j % items.length](rnd);
      return out;
    };
  }
  if (tpl !== null && typeof tpl === 'object') {
    const keys = Object.keys(tpl);
    const parts = keys.map((k) => shapeOf(m, (tpl as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
    return (rnd, into) => {
      const out: Record<string, unknown> = into ?? {};
      for (let k = 0; k < keys.length; k++) out[keys[k]] = parts[k](rnd);
      return out;
    };
  }
  const pool = m.pinned.has(path) ? undefined : m.leaves.get(path);
  if (!pool) return () => tpl;
  const n = pool.length;
  if (typeof tpl === 'number' && pool.every((v) => typeof v === 'number')) {
    // Near the template: a demo value within ±SPREAD of the template value's place among the field's demo
    // values. Subjects keep their template's overall quality (a strong member stays strong on most items),
    // so output grades spread like the demo's instead of collapsing onto the mean.
    const sorted = sortedPool(m, path, pool as number[]);
    const lo = firstAbove(sorted, (v) => v >= tpl);
    const hi = firstAbove(sorted, (v) => v > tpl);
    const w = Math.max(1, Math.round(n * SPREAD));
    return (rnd) => {
      let j = Math.floor(lo + rnd() * Math.max(1, hi - lo) + (rnd() * 2 - 1) * w);
      if (j < 0) j = -j - 1;
      if (j >= n) j = 2 * n - j - 1;
      return sorted[Math.min(n - 1, Math.max(0, j))];
    };
  }
  if (tpl === null || tpl === undefined) return (rnd) => pool[Math.floor(rnd() * n)];
  // Other leaves keep the template's value or take any demo value: a mixture of two draws from the same
  // marginal, so each value stays as frequent as in the demo.
  return (rnd) => (rnd() < KEEP ? tpl : pool[Math.floor(rnd() * n)]);
}

/** How far from the template's place a numeric value is drawn, as a share of the field's demo values. */
const SPREAD = 0.1;
/** How often a non-numeric leaf keeps the template's value. */
const KEEP = 0.8;

/** The first index whose value passes a monotone test (binary search). */
function firstAbove(sorted: number[], pass: (v: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pass(sorted[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function sortedPool(m: Model, path: string, pool: number[]): number[] {
  let s = m.sorted.get(path);
  if (!s) m.sorted.set(path, (s = [...pool].sort((a, b) => a - b)));
  return s;
}

export class SyntheticGenerator {
  readonly periods: string[];
  readonly counts: number[];
  private readonly model: Model | null;
  private readonly schema: SchemaSubjects | null;
  private readonly width: number;
  /** One generator per demo subject (template), with the value pools of its fields resolved once. */
  private readonly shapes: Shape[];

  /** Set when the input schema relates fields to each other (if/not/allOf …): each subject is checked. */
  private readonly check: ((s: Record<string, unknown>, period: string) => boolean) | null;

  constructor(
    readonly pack: Pack,
    demo: Envelope | null,
    readonly spec: SyntheticSpec,
  ) {
    if (!Number.isInteger(spec.n) || spec.n < 0) throw new Error('n must be a non-negative integer');
    this.model = demo ? learn(demo, pack) : null;
    this.schema = demo ? null : new SchemaSubjects(pack, spec.seed);
    this.periods = spec.periods ?? (demo ? demo.periods.map((p) => p.period) : schemaPeriods(pack));
    const P = this.periods.length;
    this.counts = this.periods.map((_, p) => Math.floor(spec.n / P) + (p < spec.n % P ? 1 : 0));
    this.width = String(Math.max(1, ...this.counts)).length;
    const model = this.model;
    this.shapes = model ? model.templates.map((t) => shapeOf(model, t, '')) : [];
    this.check = null;
    if (/"(not|if|allOf|anyOf|oneOf|dependentRequired|dependentSchemas|dependencies)"\s*:/.test(JSON.stringify(pack.input))) {
      const c = compilePack(pack);
      const scopes = this.scopes();
      this.check = (s, period) => validateEnvelope(c, { periods: [scopes ? { period, subjects: [s], scopes } : { period, subjects: [s] }] }).length === 0;
    }
  }

  id(i: number): string {
    return this.schema ? `S${String(i + 1).padStart(Math.max(4, this.width), '0')}` : `s${String(i).padStart(this.width, '0')}`;
  }

  /** Subject i of period p: the same object every time it is asked for. */
  subject(p: number, i: number): { id: string } & Record<string, unknown> {
    const rnd = mulberry32(mix(this.spec.seed, p, i));
    const id = this.id(i);
    if (this.schema) return this.fromSchema(rnd, p, i, id);
    const t = Math.floor(rnd() * this.shapes.length);
    if (!this.check) return this.shapes[t](rnd, { id }) as { id: string };
    // Fields sampled one by one can break a rule across fields (not all ballots zero): redraw, and in the
    // end fall back to the demo subject itself, which is valid.
    for (let attempt = 0; attempt < 8; attempt++) {
      const s = this.shapes[t](rnd, { id }) as { id: string };
      if (this.check(s, this.periods[p])) return s;
    }
    return { id, ...structuredClone(this.model!.templates[t]) };
  }

  /**
   * A subject drawn from the input schema: its quality level is fixed by (seed, i) and drifts a little per
   * period, so a subject stays strong or weak over time and history rules (consecutive years) have runs to see.
   */
  private fromSchema(rnd: () => number, p: number, i: number, id: string): { id: string } & Record<string, unknown> {
    // sqrt: levels lean high, as assessment scores do, so more subjects land in the bands above a pass mark.
    const base = Math.sqrt(mulberry32(mix(this.spec.seed, 0x9a11, i))());
    const q = Math.min(1, Math.max(0, base + (rnd() - 0.5) * 0.1));
    let s = { id, ...this.schema!.subject(rnd, q) };
    // A schema that relates fields (at least one ballot) can fail at the extremes: retry nearer the middle.
    for (let attempt = 1; attempt < 8 && this.check && !this.check(s, this.periods[p]); attempt++) s = { id, ...this.schema!.subject(rnd, q + ((0.5 - q) * attempt) / 7) };
    return s;
  }

  /** The scope facts every generated subject may reference (the demo's, latest first-seen wins). */
  scopes(): Record<string, Record<string, unknown>> | undefined {
    if (this.schema) return this.schema.scopes();
    return Object.keys(this.model!.scopes).length ? this.model!.scopes : undefined;
  }

  /** Subjects [from, to) of period p, clamped to the period's count. */
  period(p: number, from = 0, to = Infinity): EnvelopePeriod {
    const end = Math.min(to, this.counts[p]);
    const subjects = [];
    for (let i = from; i < end; i++) subjects.push(this.subject(p, i));
    const scopes = this.scopes();
    return scopes ? { period: this.periods[p], subjects, scopes } : { period: this.periods[p], subjects };
  }

  envelope(): Envelope {
    return { periods: this.periods.map((_, p) => this.period(p)) };
  }

  /** The envelope as JSON text, a period and a subject at a time, for files far larger than memory allows as one string. */
  *json(): Generator<string> {
    yield '{"periods":[';
    for (let p = 0; p < this.periods.length; p++) {
      yield `${p ? ',' : ''}{"period":${JSON.stringify(this.periods[p])},"subjects":[`;
      for (let i = 0; i < this.counts[p]; i++) yield (i ? ',' : '') + JSON.stringify(this.subject(p, i));
      const scopes = this.scopes();
      yield `]${scopes ? `,"scopes":${JSON.stringify(scopes)}` : ''}}`;
    }
    yield ']}';
  }
}
