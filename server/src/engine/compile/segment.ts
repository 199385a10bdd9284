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
}

export interface CompiledSegment {
  source: string;
  run: (r: any, s: any, period: string, T: unknown[] | null, H: Set<string> | null) => any;
  types: Map<string, Code['type']>;
}

const js = (v: unknown): string => JSON.stringify(v) ?? 'null';
const asBool = (c: Code) => (c.type === 'bool' ? c.code : `$t(${c.code})`);

function bandTest(b: BandRow, x: string, lowerBounds: boolean): string {
  if (lowerBounds) return b.from === null ? 'true' : `${x} >= ${b.from}`;
  const parts = [b.from !== null ? `${x} >= ${b.from}` : '', b.to !== null ? `${x} < ${b.to}` : ''].filter(Boolean);
  return parts.join(' && ') || 'true';
}

/** Generates one segment; `first` builds and returns the record with every slot in `allSlots`. */
export function compileSegment(rules: SegmentRule[], comp: SegmentCompiler, allSlots: string[], first: boolean, traced: boolean): CompiledSegment {
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
        const prior = locals.get(sr.priorSlot!) ?? `r[${js(sr.priorSlot)}]`;
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

  let tail: string;
  if (first) {
    tail = `return { id: s.id, ${allSlots.map((s) => `${js(s)}: ${locals.get(s) ?? 'null'}`).join(', ')} };`;
  } else {
    tail = [...locals.entries()].map(([slot, l]) => `r[${js(slot)}] = ${l};`).join('\n');
  }
  const source = `${comp.hoisted.join('\n')}\nreturn function (r, s, $period, T, H) {\nvar $x;\n${lines.join('\n')}\n${tail}\n};`;
  const run = instantiate(source, comp.budget) as CompiledSegment['run'];
  return { source, run, types };
}

/** Runs a compiled segment over a period's subjects. */
export function segmentStep(seg: CompiledSegment, first: boolean, label: string): Step {
  return {
    label,
    run(ctx: PeriodCtx) {
      const { subjects, records, traces, hits, period } = ctx;
      const fn = seg.run;
      for (let i = 0; i < subjects.length; i++) {
        const out = fn(records[i], subjects[i], period, traces ? traces[i] : null, hits);
        if (first) records[i] = out;
      }
    },
  };
}
