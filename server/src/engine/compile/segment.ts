import type { Rule } from '../types';
import type { Code, ExprContext } from './expr';
import { gen, instantiate } from './expr';
import type { BudgetCell } from './runtime';
import type { PeriodCtx, Step } from './context';

/**
 * Code generation for subject-kind rules (value, bands, veto, ladder): a run of them becomes one
 * straight-line function per subject. The traced twin also pushes one trace entry per rule and
 * records coverage hits.
 */

export interface BandRow {
  from: number | null;
  to: number | null;
  value: unknown;
}

export interface SegmentRule {
  index: number;
  rule: Rule;
  /** Slot of the rule's own value (for a veto: the boolean "it fired"). */
  slot: string;
  /** Veto only: the slot of the target's value before and after this veto. */
  priorSlot?: string;
  targetSlot?: string;
  /** Bands only: rows with parameters resolved. */
  bands?: BandRow[];
  /** Bands only: lower-bound list (highest wins) rather than explicit ranges. */
  lowerBounds?: boolean;
}

export interface ReadInfo {
  cls: 'inputs' | 'parameters' | 'values';
  code: string;
}

export interface SegmentCompiler {
  /** An expression context for rule `index`; values already computed in this segment are `locals` (slot → JS local). */
  exprContext(index: number, at: string, locals: Map<string, string>, reads: Map<string, ReadInfo>): ExprContext;
  hoisted: string[];
  hoist(code: string): string;
  /** Static types of slots, shared across segments so later code can use plain JS operators. */
  types: Map<string, Code['type']>;
  /** The pack's budget cell (`$B` in the generated code). */
  budget: BudgetCell;
  /** The code that reads a slot computed before this segment: `r["slot"]` for an output, its column otherwise. */
  readSlot(slot: string): string;
}

/** Where the segment's values go, known once the whole pack is compiled (which non-output values are read later). */
export interface SlotLayout {
  /** The pack's outputs, in order: the keys of each record (the output object). */
  outputs: string[];
  isOutput(slot: string): boolean;
  /** The column of a non-output slot that something after its segment reads; undefined when nothing does. */
  column(slot: string): number | undefined;
  /** How many columns a period needs. */
  columns(): number;
}

export interface CompiledSegment {
  source: string;
  /** `$i` and `$X` reach the columns of non-output values; `W` (first segment) adds `id` to the record. */
  run: (r: any, s: any, period: string, T: unknown[] | null, H: Set<string> | null, i: number, X: unknown[][], W: boolean) => any;
  types: Map<string, Code['type']>;
  /** Generates the segment's tail and instantiates it: called once every slot's layout is known. */
  finish(layout: SlotLayout): void;
}

const js = (v: unknown): string => JSON.stringify(v) ?? 'null';
const asBool = (c: Code) => (c.type === 'bool' ? c.code : `$t(${c.code})`);

function bandTest(b: BandRow, x: string, lowerBounds: boolean): string {
  if (lowerBounds) return b.from === null ? 'true' : `${x} >= ${b.from}`;
  const parts = [b.from !== null ? `${x} >= ${b.from}` : '', b.to !== null ? `${x} < ${b.to}` : ''].filter(Boolean);
  return parts.join(' && ') || 'true';
}

/**
 * Generates one segment; `first` builds and returns the record: the output object, outputs not yet computed null.
 * Values a later step reads that are not outputs go to their columns. The function is made by `finish`.
 */
export function compileSegment(rules: SegmentRule[], comp: SegmentCompiler, first: boolean, traced: boolean): CompiledSegment {
  const lines: string[] = [];
  const locals = new Map<string, string>();
  const types = comp.types;
  let n = 0;
  const local = () => `v${n++}`;

  for (const sr of rules) {
    const { rule, index } = sr;
    const at = `/rules/${index}`;
    const reads = new Map<string, ReadInfo>();
    const ctx = comp.exprContext(index, at, locals, reads);
    const v = local();
    let fired = 'null';
    let exprConst = 'null';
    let formula: string | null = null;
    switch (rule.kind) {
      case 'value': {
        const c = gen(rule.expr, ctx, `${at}/expr`);
        lines.push(`var ${v} = ${rule.round !== undefined ? `$round(${c.code}, ${rule.round})` : c.code};`);
        types.set(sr.slot, rule.round !== undefined ? 'num' : c.type);
        if (traced) lines.push(`if (H && $t(${v})) H.add(${js(at)});`);
        exprConst = comp.hoist(`Object.freeze(${js(rule.expr)})`);
        formula = rule.formula?.expr ?? null;
        break;
      }
      case 'bands': {
        const c = gen(rule.of, ctx, `${at}/of`);
        const x = local();
        lines.push(`var ${x} = ${c.code};`);
        const rows = sr.bands!;
        // Lower bounds: the highest band that holds wins; explicit ranges: the first that holds.
        const order = sr.lowerBounds ? rows.map((_, i) => rows.length - 1 - i) : rows.map((_, i) => i);
        let code = js(rule.below ?? null);
        for (let k = order.length - 1; k >= 0; k--) code = `(${bandTest(rows[order[k]], x, !!sr.lowerBounds)}) ? ${js(rows[order[k]].value)} : ${code}`;
        lines.push(`var ${v} = ${code};`);
        const vt = new Set([...rows.map((b) => typeof b.value), typeof (rule.below ?? null)]);
        types.set(sr.slot, vt.size === 1 && vt.has('number') ? 'num' : 'any');
        if (traced) {
          const tbl = comp.hoist(`Object.freeze(${js(rows)})`);
          const bi = local();
          let idx = '-1';
          for (let k = order.length - 1; k >= 0; k--) idx = `(${bandTest(rows[order[k]], x, !!sr.lowerBounds)}) ? ${order[k]} : ${idx}`;
          lines.push(`var ${bi} = ${idx};`);
          lines.push(`if (H) H.add(${js(at)} + '#' + (${bi} < 0 ? 'below' : ${bi}));`);
          fired = `{ of: ${x}, band: ${bi} < 0 ? null : ${tbl}[${bi}] }`;
        }
        exprConst = comp.hoist(`Object.freeze(${js(rule.of)})`);
        formula = rule.formula?.of ?? null;
        break;
      }
      case 'veto': {
        const w = gen(rule.when, ctx, `${at}/when`);
        const val = gen(rule.value, ctx, `${at}/value`);
        const prior = locals.get(sr.priorSlot!) ?? comp.readSlot(sr.priorSlot!);
        const tv = local();
        lines.push(`var ${v} = ${asBool(w)};`);
        lines.push(`var ${tv} = ${v} ? ${val.code} : ${prior};`);
        locals.set(sr.targetSlot!, tv);
        types.set(sr.slot, 'bool');
        const pt = types.get(sr.priorSlot!) ?? 'any';
        types.set(sr.targetSlot!, val.type === pt ? pt : 'any');
        if (traced) {
          lines.push(`if (H && ${v}) H.add(${js(at)});`);
          fired = `${v} ? { target: ${js(rule.target)}, from: ${prior}, to: ${tv} } : null`;
        }
        exprConst = comp.hoist(`Object.freeze(${js(rule.when)})`);
        formula = rule.formula?.when ?? null;
        break;
      }
      case 'ladder': {
        const ok = local();
        lines.push(`var ${v} = ${js(rule.below)}, ${ok} = true;`);
        const failed = local();
        if (traced) lines.push(`var ${failed} = null;`);
        rule.levels.forEach((level, li) => {
          const checks = level.checks.map((c, ci) => ({ id: c.id, code: asBool(gen(c.expr, ctx, `${at}/levels/${li}/checks/${ci}/expr`)) }));
          if (traced) {
            // Evaluate every check of the first failing level so the trace names them all.
            const f = local();
            lines.push(`if (${ok}) { var ${f} = []; ${checks.map((c) => `if (!(${c.code})) ${f}.push(${js(c.id)});`).join(' ')} if (${f}.length) { ${ok} = false; ${failed} = { level: ${js(level.value)}, failedChecks: ${f} }; } else { ${v} = ${js(level.value)}; if (H) H.add(${js(`${at}#${li}`)}); } }`);
          } else {
            lines.push(`if (${ok} && ${checks.map((c) => `(${c.code})`).join(' && ')}) ${v} = ${js(level.value)}; else ${ok} = false;`);
          }
        });
        const vt = new Set([...rule.levels.map((l) => typeof l.value), typeof rule.below]);
        types.set(sr.slot, vt.size === 1 && vt.has('number') ? 'num' : 'any');
        if (traced) fired = `{ level: ${v}, nextLevelFailed: ${failed} }`;
        break;
      }
      default:
        throw new Error(`rule kind ${rule.kind} is not a subject rule`);
    }
    locals.set(sr.slot, v);
    if (traced) {
      const cls = (c: ReadInfo['cls']) => {
        const entries = [...reads.entries()].filter(([, r]) => r.cls === c);
        return entries.length ? `{ ${entries.map(([p, r]) => `${js(p)}: ${r.code}`).join(', ')} }` : 'undefined';
      };
      lines.push(
        `if (T) T.push({ rule: ${js(rule.name)}, kind: ${js(rule.kind)}, value: ${v}, expr: ${exprConst}, formula: ${js(formula)}, inputs: ${cls('inputs')}, parameters: ${cls('parameters')}, values: ${cls('values')}, fired: ${fired}, cite: ${js(rule.cite ?? null)} });`,
      );
    }
  }

  const seg: CompiledSegment = {
    source: '',
    run: null as unknown as CompiledSegment['run'],
    types,
    finish(layout) {
      const stores: string[] = [];
      for (const [slot, l] of locals) {
        if (layout.isOutput(slot)) {
          if (!first) stores.push(`r[${js(slot)}] = ${l};`);
          continue;
        }
        const k = layout.column(slot);
        if (k !== undefined) stores.push(`$X[${k}][$i] = ${l};`);
      }
      if (first) {
        const fields = layout.outputs.map((o) => `${js(o)}: ${locals.get(o) ?? 'null'}`).join(', ');
        stores.push(`return W ? { id: s.id, ${fields} } : { ${fields} };`);
      }
      seg.source = `${comp.hoisted.join('\n')}\nreturn function (r, s, $period, T, H, $i, $X, W) {\nvar $x;\n${lines.join('\n')}\n${stores.join('\n')}\n};`;
      seg.run = instantiate(seg.source, comp.budget) as CompiledSegment['run'];
    },
  };
  return seg;
}

/** Runs a compiled segment over a period's subjects; the first creates the records and the period's columns. */
export function segmentStep(seg: CompiledSegment, first: boolean, label: string, layout: SlotLayout): Step & { segment: { segment: CompiledSegment; first: boolean } } {
  return {
    label,
    segment: { segment: seg, first },
    run(ctx: PeriodCtx) {
      const { subjects, records, traces, hits, period } = ctx;
      const n = subjects.length;
      if (first && !ctx.x) ctx.x = newColumns(layout.columns(), n);
      const X = ctx.x!;
      const fn = seg.run;
      if (first) {
        const W = ctx.outputsOnly !== true;
        for (let i = 0; i < n; i++) records[i] = fn(null, subjects[i], period, traces ? traces[i] : null, hits, i, X, W);
      } else {
        for (let i = 0; i < n; i++) fn(records[i], subjects[i], period, traces ? traces[i] : null, hits, i, X, false);
      }
    },
  };
}

/** The columns of a period's non-output values. */
export function newColumns(k: number, n: number): unknown[][] {
  const X = new Array<unknown[]>(k);
  for (let c = 0; c < k; c++) X[c] = new Array<unknown>(n).fill(null);
  return X;
}
