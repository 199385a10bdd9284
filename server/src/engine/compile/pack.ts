import { kpError, KpError, KpValidationError } from '../errors';
import type { I18nText, Json, Pack, Rule } from '../types';
import { RULE_KINDS } from '../diff/classify';
import type { Code, ExprContext, VarResolver } from './expr';
import { checkSize, gen, instantiate } from './expr';
import { buildSymbols, constCode, definedNames, paramValue, pathCode, schemaHasPath } from './names';
import { KIND_STAGE, planRules, quotaLimitSlots, ruleSlots } from './plan';
import { compileSegment, segmentStep, BandRow, CompiledSegment, ReadInfo, SegmentRule, SlotLayout } from './segment';
import type { OutputsFn, RecordFn, Step, StepEnv } from './context';
import { STEP_FACTORIES } from '../stages';
import { compileFusedSummary, compileSummary, SummaryFn, summaryNames, summaryReads } from '../stages/summary';
import { fuseSteps, type FusedRunner } from './fuse';
import { resolveParameters } from './parameters';
import { UNLIMITED, type BudgetCell } from './runtime';
import { dedupe, staticPackErrors } from '../validate/static';
import { buildInputValidator, InputValidator, inputSchemaErrors } from '../evaluate/input';

/** A pack compiled for one set of parameter values: plain functions, ready to evaluate envelopes. */
export interface CompiledPack {
  id: string;
  version: string;
  pack: Pack;
  parameters: Record<string, Json>;
  steps: Step[];
  tracedSteps: Step[];
  outputs: string[];
  summary: SummaryFn;
  validateInput: InputValidator;
  /** Coverage items: the rule pointer (#band / #level) and a label in both languages. */
  coverage: CoverageItem[];
  /** Generated JavaScript of the subject stage, for inspection. */
  source: string;
  /** A record's outputs as a fresh object with the pack's output keys, in order. */
  extractOutputs: (r: Record<string, unknown>) => Record<string, unknown>;
  /** The pack has history rules: evaluated periods are kept for the periods after them. */
  readsHistory: boolean;
  /** Where the compiled code reads the running evaluation's budget; evaluate() sets and restores it. */
  budgetCell: BudgetCell;
  /**
   * The untraced evaluation of one period (evaluate's fast path): the steps with runs of subject-by-subject steps
   * fused into one pass, the summary and the result wrappers made in the last pass; returns the summary.
   */
  runFast: FusedRunner;
}

const SUBJECT_KINDS = new Set(['value', 'bands', 'veto', 'ladder']);
const js = (v: unknown) => JSON.stringify(v) ?? 'null';

/** Compiles a pack once; throws KpValidationError listing every problem found. */
export function compilePack(pack: Pack, overrides?: Record<string, unknown>): CompiledPack {
  // Whatever validatePack refuses, compilePack refuses too: size and schema first, so no recursion below
  // meets a hostile document.
  const statics = staticPackErrors(pack);
  if (statics.blocking.length) throw new KpValidationError(statics.blocking, 'pack');
  const pr = resolveParameters(pack, overrides);
  if (pr.errors.length) throw new KpValidationError(dedupe([...(pr.overrideErrors ? [] : statics.semantic), ...pr.errors]), overrides && pr.overrideErrors ? 'parameters' : 'pack');
  const params = pr.values;
  const errors: KpError[] = [];
  const sym = buildSymbols(pack, params);
  errors.push(...sym.errors);
  const sReads = summaryReads(pack);
  const plan = planRules(pack, sym.values, sReads);
  errors.push(...plan.errors);
  for (const o of pack.outputs) {
    if (!sym.values.has(o)) errors.push(kpError('UnknownOutput', `/outputs/${pack.outputs.indexOf(o)}`, `输出 "${o}" 没有规则定义`, `output "${o}" is not defined by any rule`));
  }
  for (const [i, rule] of pack.rules.entries()) {
    for (const s of [...ruleSlots(rule, `/rules/${i}`), ...quotaLimitSlots(rule, `/rules/${i}`)]) {
      const e = checkSize(s.logic, s.at);
      if (e) errors.push(e);
    }
  }
  if (errors.length) throw new KpValidationError(dedupe([...errors, ...statics.semantic]), 'pack');

  // Slots: a name's final value lives in the slot of its name; versions before a veto in `name#<rule index>`.
  const chains = new Map<string, number[]>();
  for (const [name, v] of sym.values) chains.set(name, [v.index]);
  pack.rules.forEach((r, i) => r.kind === 'veto' && chains.get(r.target)?.push(i));
  const versionSlot = (name: string, nodeIndex: number) => {
    const c = chains.get(name)!;
    return c[c.length - 1] === nodeIndex ? name : `${name}#${nodeIndex}`;
  };
  /** The slot a reader (rule `reader`) sees for `name`. */
  const slotFor = (name: string, reader: number | null): string => {
    const c = chains.get(name)!;
    if (reader !== null) {
      const r = pack.rules[reader];
      if (r.kind === 'veto' && r.target === name) {
        const k = c.indexOf(reader);
        return versionSlot(name, c[k - 1]);
      }
    }
    return name;
  };
  const allSlots: string[] = [];
  for (const [name, c] of chains) {
    for (const i of c) allSlots.push(versionSlot(name, i));
  }
  for (const r of pack.rules) if (r.kind === 'veto') allSlots.push(r.name);
  void allSlots;
  const slotTypes = new Map<string, Code['type']>();

  const hoisted: string[] = [];
  const counter = { n: 0 };
  const budgetCell: BudgetCell = { b: UNLIMITED };
  const hoist = (code: string) => {
    const name = `$h${counter.n++}`;
    hoisted.push(`const ${name} = ${code};`);
    return name;
  };

  // Records are the output objects: an output's slot is a key of the record. A value that is not an output gets a
  // column of the period (PeriodCtx.x) when something after its segment reads it or a population or history step
  // writes it; otherwise it lives only in its segment's locals.
  const outputSet = new Set(pack.outputs);
  const columns = new Map<string, number>();
  const columnOf = (slot: string): number => {
    let k = columns.get(slot);
    if (k === undefined) columns.set(slot, (k = columns.size));
    return k;
  };
  const layout: SlotLayout = {
    outputs: pack.outputs,
    isOutput: (slot) => outputSet.has(slot),
    column: (slot) => columns.get(slot),
    columns: () => columns.size,
  };
  const readSlot = (slot: string): string => (outputSet.has(slot) ? `r[${js(slot)}]` : `($X === undefined ? undefined : $X[${columnOf(slot)}][$i])`);
  const pending: CompiledSegment[] = [];

  type Mode = 'record' | 'outputs' | 'limit' | 'summary';
  const sumNames = new Set(summaryNames(pack));
  const resolver = (reader: number | null, mode: Mode, locals: Map<string, string> | null, reads: Map<string, ReadInfo> | null, errs: KpError[]): VarResolver =>
    (path, at, nf) => {
      const segs = path.split('.');
      const head = segs[0];
      const rest = segs.slice(1);
      const sub = (base: string, type: Code['type']): Code => (rest.length ? { code: `$get(${base}, ${hoist(js(rest))}, ${nf})`, type: 'any' } : { code: base, type });
      const unknown = (zh: string, en: string) => {
        errs.push(kpError('UnknownVariable', at, zh, en));
        return null;
      };
      if (mode === 'limit') {
        if (head === 'key' && !rest.length) return { code: '$k', type: 'any' };
        if (head === 'scope') return sub('$sc', 'obj');
      }
      if (mode === 'summary' && sumNames.has(head)) {
        return sub(`$S[${js(head)}]`, 'any');
      }
      if (sym.values.has(head) && mode !== 'limit' && mode !== 'summary') {
        if (mode === 'outputs' && !pack.outputs.includes(head)) return unknown(`历史条件只能读取输出，"${head}" 不是输出`, `history conditions read outputs only; "${head}" is not an output`);
        const slot = mode === 'outputs' ? head : slotFor(head, reader);
        const base = mode === 'outputs' ? `o[${js(head)}]` : locals?.get(slot) ?? readSlot(slot);
        const c = sub(base, slotTypes.get(slot) ?? 'any');
        reads?.set(path, { cls: 'values', code: c.code });
        return c;
      }
      const pv = paramValue(params, path);
      if (pv.found) {
        const c = constCode(pv.value as Json, hoist);
        reads?.set(path, { cls: 'parameters', code: c.code });
        return c;
      }
      if (mode === 'record' && (head === 'id' || head === 'period') && !rest.length) {
        const c: Code = { code: head === 'id' ? 's.id' : '$period', type: 'str' };
        reads?.set(path, { cls: 'inputs', code: c.code });
        return c;
      }
      if (mode === 'record' && sym.inputs.has(head)) {
        if (!schemaHasPath(pack.input, segs)) return unknown(`输入中没有字段 "${path}"`, `the input has no field "${path}"`);
        const c = pathCode('s', segs, pack.input as any, true, nf, hoist);
        reads?.set(path, { cls: 'inputs', code: c.code });
        return c;
      }
      if (mode === 'outputs' && (sym.inputs.has(head) || head === 'id')) return unknown(`历史条件只能读取输出，"${path}" 是输入`, `history conditions read outputs only; "${path}" is an input`);
      return unknown(`未知变量 "${path}"（不是输入、参数或规则的值）`, `unknown variable "${path}" (not an input, a parameter or a rule's value)`);
    };

  const exprCtx = (reader: number | null, mode: Mode, at: string, locals: Map<string, string> | null, reads: Map<string, ReadInfo> | null): ExprContext => ({
    resolve: resolver(reader, mode, locals, reads, errors),
    hoisted,
    counter,
    errors,
    reads: new Set(),
    pointer: at,
  });

  const compileFn = (reader: number | null, mode: Mode, logic: unknown, at: string, params: string): any => {
    const c = gen(logic, exprCtx(reader, mode, at, null, null), at);
    if (errors.length) return () => null;
    return instantiate(`${hoisted.join('\n')}\nreturn function (${params}) { var $x; return ${c.code}; };`, budgetCell);
  };

  const num = (v: number | { $param: string }, at: string): number => {
    if (typeof v === 'number') return v;
    const pv = paramValue(params, v.$param);
    if (!pv.found || typeof pv.value !== 'number') {
      errors.push(kpError('UnknownParameter', at, `参数 "${v.$param}" 不存在或不是数字`, `parameter "${v.$param}" does not exist or is not a number`));
      return NaN;
    }
    return pv.value;
  };

  // Walk the plan: runs of subject-kind rules in the same stage become one compiled segment.
  const steps: Step[] = [];
  const tracedSteps: Step[] = [];
  const coverage: CoverageItem[] = [];
  let run: SegmentRule[] = [];
  let runStage = -1;
  const fastSegments: CompiledSegment[] = [];
  let firstDone = false;
  const flush = () => {
    if (!run.length) return;
    const first = !firstDone;
    const comp = {
      hoisted,
      hoist,
      types: slotTypes,
      budget: budgetCell,
      readSlot,
      exprContext: (index: number, at: string, locals: Map<string, string>, reads: Map<string, ReadInfo>) => exprCtx(index, 'record', at, locals, reads),
    };
    const fast = compileSegment(run, comp, first, false);
    const traced = compileSegment(run, comp, first, true);
    pending.push(fast, traced);
    fastSegments.push(fast);
    const label = run.map((r) => r.rule.name).join(',');
    steps.push(segmentStep(fast, first, label, layout));
    tracedSteps.push(segmentStep(traced, first, label, layout));
    firstDone = true;
    run = [];
  };
  for (const node of plan.order) {
    const { rule, index } = node;
    const at = `/rules/${index}`;
    addCoverage(rule, at, coverage, params);
    if (SUBJECT_KINDS.has(rule.kind)) {
      if (node.stage !== runStage) flush();
      runStage = node.stage;
      const sr: SegmentRule = { index, rule, slot: rule.kind === 'veto' ? rule.name : versionSlot(rule.name, index) };
      if (rule.kind === 'veto') {
        sr.priorSlot = slotFor(rule.target, index);
        sr.targetSlot = versionSlot(rule.target, index);
      }
      if (rule.kind === 'bands') {
        const b = bandRows(rule, params, at, errors);
        sr.bands = b.rows;
        sr.lowerBounds = b.lowerBounds;
      }
      run.push(sr);
      continue;
    }
    flush();
    if (!firstDone) {
      // No subject rule before the first population rule: build bare records.
      const fields = pack.outputs.map((o) => `${js(o)}: null`).join(', ');
      const mk = instantiate(`return function (r, s, $period, T, H, $i, $X, W) { return W ? { id: s.id, ${fields} } : { ${fields} }; };`) as CompiledSegment['run'];
      const seg: CompiledSegment = { source: '', run: mk, types: slotTypes, finish: () => undefined };
      steps.push(segmentStep(seg, true, 'records', layout));
      tracedSteps.push(segmentStep(seg, true, 'records', layout));
      firstDone = true;
    }
    const factory = STEP_FACTORIES[rule.kind];
    if (!factory) {
      errors.push(kpError('SchemaViolation', `${at}/kind`, `规则类型 "${rule.kind}" 尚未实现`, `rule kind "${rule.kind}" is not implemented`));
      continue;
    }
    const env: StepEnv = {
      pack,
      params,
      rule,
      index,
      at,
      slot: versionSlot(rule.name, index),
      slotOf: (name) => slotFor(name, index),
      slotColumn: (slot) => (outputSet.has(slot) ? -1 : columnOf(slot)),
      recordFn: (logic, p) => compileFn(index, 'record', logic, p, 'r, s, $period, $i, $X') as RecordFn,
      outputsFn: (logic, p) => compileFn(index, 'outputs', logic, p, 'o') as OutputsFn,
      limitFn: (logic, p) => compileFn(index, 'limit', logic, p, '$k, $sc'),
      num,
      errors,
    };
    steps.push(factory(env, false));
    tracedSteps.push(factory(env, true));
  }
  flush();
  if (!firstDone) {
    errors.push(kpError('SchemaViolation', '/rules', '规则包没有规则', 'the pack has no rules'));
  }
  // Formula and test checks go last: a broken expression's own error comes before "formula does not match".
  errors.push(...statics.semantic);
  const summary = compileSummary(pack, {
    recordFn: (logic, p) => compileFn(null, 'record', logic, p, 'r, s, $period, $i, $X') as RecordFn,
    figuresFn: (logic, p) => compileFn(null, 'summary', logic, p, '$S'),
    errors,
  });
  if (errors.length) throw new KpValidationError(dedupe(errors), 'pack');
  const summaryEnv = {
    recordFn: (logic: unknown, p: string) => compileFn(null, 'record', logic, p, 'r, s, $period, $i, $X') as RecordFn,
    figuresFn: (logic: unknown, p: string) => compileFn(null, 'summary', logic, p, '$S'),
    errors,
    recordCode: (logic: unknown, p: string) => gen(logic, exprCtx(null, 'record', p, null, null), p),
    instantiateAdd: (body: string) => instantiate(`${hoisted.join('\n')}\nreturn function (r, s, $period, $i, $X, A) { var $x;\n${body}\n};`, budgetCell) as any,
  };
  const fusedSummary = compileFusedSummary(pack, summaryEnv);
  if (errors.length) throw new KpValidationError(dedupe(errors), 'pack');
  // Every reader is compiled: the segments now know which of their values go to columns.
  for (const seg of pending) seg.finish(layout);
  const runFast = fuseSteps(steps, fusedSummary, layout);
  let validateInput: InputValidator;
  try {
    validateInput = buildInputValidator(pack, params);
  } catch (e) {
    throw new KpValidationError(inputSchemaErrors(pack, params, e as Error), 'pack');
  }
  return {
    id: pack.id,
    version: pack.version,
    pack,
    parameters: params,
    steps,
    tracedSteps,
    outputs: pack.outputs,
    summary,
    validateInput,
    coverage,
    source: fastSegments.map((f) => f.source).join('\n\n'),
    extractOutputs: instantiate(`return function (r) { return { ${pack.outputs.map((o) => `${js(o)}: r[${js(o)}]`).join(', ')} }; };`) as CompiledPack['extractOutputs'],
    readsHistory: pack.rules.some((r) => KIND_STAGE[r.kind] === 2),
    budgetCell,
    runFast,
  };
}

function bandRows(rule: Extract<Rule, { kind: 'bands' }>, params: Record<string, Json>, at: string, errors: KpError[]): { rows: BandRow[]; lowerBounds: boolean } {
  if (rule.ranges) return { rows: rule.ranges.map((r) => ({ from: r.from, to: r.to, value: r.value })), lowerBounds: false };
  let bounds: unknown = rule.bounds;
  if (bounds && !Array.isArray(bounds)) {
    const pv = paramValue(params, (bounds as { $param: string }).$param);
    if (!pv.found) {
      errors.push(kpError('UnknownParameter', `${at}/bounds/$param`, `参数 "${(bounds as any).$param}" 不存在`, `parameter "${(bounds as any).$param}" does not exist`));
      return { rows: [], lowerBounds: true };
    }
    bounds = pv.value;
  }
  if (!Array.isArray(bounds) || !bounds.every((b) => typeof b === 'number')) {
    errors.push(kpError('BandMismatch', `${at}/bounds`, '等级分界必须是数字数组', 'band bounds must be an array of numbers'));
    return { rows: [], lowerBounds: true };
  }
  const values = rule.values ?? [];
  return {
    rows: (bounds as number[]).map((b, i) => ({ from: b, to: i + 1 < bounds.length ? (bounds as number[])[i + 1] : null, value: values[i] as unknown })),
    lowerBounds: true,
  };
}

/** What a test must make happen at least once: the rule's pointer (#band, #level, #quota) and its words. */
export interface CoverageItem {
  id: string;
  label: I18nText;
}

/** The coverage items of a rule: what a test must make happen at least once, named in both languages. */
function addCoverage(rule: Rule, at: string, out: CoverageItem[], params: Record<string, Json>): void {
  const zh = (typeof rule.label === 'object' && rule.label && typeof rule.label['zh-CN'] === 'string' && rule.label['zh-CN'].trim()) || rule.name;
  const item = (id: string, z: string, en: string) => out.push({ id, label: { 'zh-CN': z, en } });
  switch (rule.kind) {
    case 'bands': {
      const n = rule.ranges ? rule.ranges.length : Array.isArray(rule.bounds) ? rule.bounds.length : ((paramValue(params, (rule.bounds as any)?.$param ?? '').value as unknown[]) ?? []).length;
      for (let i = 0; i < n; i++) item(`${at}#${i}`, `${zh}：第 ${i + 1} 档`, `${rule.name}: band ${i + 1}`);
      if (rule.below !== undefined && !rule.ranges) item(`${at}#below`, `${zh}：低于第 1 档`, `${rule.name}: below the first band`);
      break;
    }
    case 'ladder':
      rule.levels.forEach((l, i) => item(`${at}#${i}`, `${zh}：达到 ${js(l.value)} 级`, `${rule.name}: level ${js(l.value)}`));
      break;
    case 'quota':
      rule.quotas.forEach((q) => item(`${at}#${q.id}`, `${zh}：名额“${q.id}”已满而未获`, `${rule.name}: quota ${q.id} refuses`));
      item(at, `${zh}：获得名额`, `${rule.name}: granted`);
      break;
    default:
      item(at, `${zh}（${RULE_KINDS[rule.kind] ?? rule.kind}）`, `${rule.name} (${rule.kind})`);
  }
  void KIND_STAGE;
  void definedNames;
}
