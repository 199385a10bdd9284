import Ajv2020 from 'ajv/dist/2020';
import packSchema from '../../../../schemas/rule-pack.schema.json';
import { kpError, KpError, ptr } from '../errors';
import type { BandsRule, Pack } from '../types';
import { fromAjv } from '../evaluate/ajv-errors';
import { canonicalJson } from '../canonical';
import { compileFormula, formulaScopeOf } from '../formula/names';
import { formulaProblem, formulaSites, missingSlot } from '../formula/fill';
import { checkValueLabels } from '../explain/domain';
import { collectVars } from '../compile/plan';
import type { Rule } from '../types';
import { checkLocalDeclarations } from '../compile/local';

/** Documents deeper than this are refused before any recursive validator sees them. */
export const DOCUMENT_LIMITS = { depth: 100, nodes: 500_000, stringLength: 100_000, sourceTextLength: 200_000, keyLength: 200 };

let validator: ReturnType<Ajv2020['compile']> | null = null;
function schemaValidator() {
  if (!validator) validator = new Ajv2020({ allErrors: true, strict: false }).compile(packSchema);
  return validator;
}

/**
 * Checks that need no compilation: size, JSON Schema, then (on a schema-valid document) ranges, formulas
 * and test expectations. `blocking` errors mean the document cannot even be compiled.
 */
export function staticPackErrors(doc: unknown): { blocking: KpError[]; semantic: KpError[] } {
  const shape = checkShape(doc);
  if (shape.length) return { blocking: shape, semantic: [] };
  const v = schemaValidator();
  if (!v(doc)) return { blocking: fromAjv(v.errors, '', 'SchemaViolation'), semantic: [] };
  const pack = doc as Pack;
  const unfilled = missingKeyedExpr(pack);
  if (unfilled.length) return { blocking: unfilled, semantic: [] };
  const errors: KpError[] = [];
  pack.rules.forEach((r, i) => {
    if (r.kind === 'bands') errors.push(...checkRanges(r, `/rules/${i}`));
    if ((r.kind === 'previous' || r.kind === 'movement') && !pack.outputs.includes(r.of)) {
      errors.push(kpError('UnknownOutput', `/rules/${i}/of`, `历史规则只能读取输出，"${r.of}" 不是输出`, `history rules read outputs; "${r.of}" is not an output`));
    }
    errors.push(...checkProposal(pack, r, i));
  });
  errors.push(...checkFormulas(pack));
  errors.push(...checkTests(pack));
  errors.push(...checkValueLabels(pack));
  errors.push(...checkLocalDeclarations(pack));
  return { blocking: [], semantic: errors };
}

/**
 * A rank's `by` item or a quota's `order` item may leave out `expr` in the JSON Schema (the editor's JSON view
 * must accept a formula-only item, which saving fills from the rule's formula "by.0"/"order.0"); what reaches
 * the compiler must have it. An item with neither is missing its expr; one with only the formula was not filled.
 */
function missingKeyedExpr(pack: Pack): KpError[] {
  const errors: KpError[] = [];
  pack.rules.forEach((r, i) => {
    const key = r.kind === 'rank' ? 'by' : r.kind === 'quota' ? 'order' : null;
    if (!key) return;
    const items = (r as unknown as Record<string, { expr?: unknown }[]>)[key];
    const formula = (r as { formula?: Record<string, string> }).formula ?? {};
    items.forEach((item, j) => {
      if (item.expr !== undefined) return;
      const at = `/rules/${i}/${key}/${j}`;
      if (typeof formula[`${key}.${j}`] === 'string') {
        errors.push(kpError('FormulaMismatch', `/rules/${i}/formula/${key}.${j}`, `公式 "${key}.${j}" 尚未生成 JSON Logic：请先保存，由公式生成`, `the formula "${key}.${j}" has not been compiled into JSON Logic yet: save to fill it from the formula`));
      } else {
        errors.push(kpError('SchemaViolation', at + '/expr', '缺少必填字段 "expr"（或在规则的公式中写出此项）', 'required field "expr" is missing (or write this item in the rule\'s formula)'));
      }
    });
  });
  return errors;
}

/** Iterative size check: depth, node count and string length, so hostile documents fail fast. */
export function checkShape(doc: unknown): KpError[] {
  let nodes = 0;
  const stack: [unknown, string, number][] = [[doc, '', 0]];
  while (stack.length) {
    const [v, at, depth] = stack.pop()!;
    if (++nodes > DOCUMENT_LIMITS.nodes) return [kpError('ExpressionTooLarge', '', `规则包过大（超过 ${DOCUMENT_LIMITS.nodes} 个节点）`, `the pack is too large (over ${DOCUMENT_LIMITS.nodes} nodes)`)];
    // Named at the field that holds the nesting (/rules/0/expr), not 100 levels inside it.
    if (depth > DOCUMENT_LIMITS.depth) return [kpError('ExpressionTooLarge', at.split('/').slice(0, 4).join('/'), `嵌套过深（上限 ${DOCUMENT_LIMITS.depth} 层）`, `nested too deeply (max ${DOCUMENT_LIMITS.depth} levels)`)];
    // The pasted policy text is the one long string a pack carries.
    const maxLength = at === '/source/text' ? DOCUMENT_LIMITS.sourceTextLength : DOCUMENT_LIMITS.stringLength;
    if (typeof v === 'string' && v.length > maxLength) return [kpError('ExpressionTooLarge', at, `字符串过长（上限 ${maxLength} 个字符）`, `string too long (max ${maxLength} characters)`)];
    if (typeof v === 'number' && !Number.isFinite(v)) return [kpError('SchemaViolation', at, '数字必须是有限数', 'numbers must be finite')];
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${at}/${i}`, depth + 1]));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.length > DOCUMENT_LIMITS.keyLength) return [kpError('ExpressionTooLarge', at, `字段名过长（上限 ${DOCUMENT_LIMITS.keyLength} 个字符）`, `a field name is too long (max ${DOCUMENT_LIMITS.keyLength} characters)`)];
        stack.push([x, at + ptr(k), depth + 1]);
      }
    }
  }
  return [];
}

/** Explicit ranges must tile the line: no overlap, no gap between neighbours. */
function checkRanges(rule: BandsRule, at: string): KpError[] {
  if (!rule.ranges) return [];
  const errors: KpError[] = [];
  const rows = rule.ranges.map((r, i) => ({ ...r, i })).sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
  for (const r of rows) {
    if (r.from !== null && r.to !== null && !(r.to > r.from)) errors.push(kpError('BandOverlap', `${at}/ranges/${r.i}`, `区间 [${r.from}, ${r.to}) 为空`, `range [${r.from}, ${r.to}) is empty`));
  }
  for (let k = 1; k < rows.length; k++) {
    const a = rows[k - 1];
    const b = rows[k];
    const aTo = a.to ?? Infinity;
    const bFrom = b.from ?? -Infinity;
    if (bFrom < aTo) errors.push(kpError('BandOverlap', `${at}/ranges/${b.i}`, `区间 [${b.from}, ${b.to}) 与 [${a.from}, ${a.to}) 重叠`, `range [${b.from}, ${b.to}) overlaps [${a.from}, ${a.to})`));
    else if (bFrom > aTo) errors.push(kpError('BandGap', `${at}/ranges/${b.i}`, `区间 [${a.from}, ${a.to}) 与 [${b.from}, ${b.to}) 之间有空档`, `there is a gap between [${a.from}, ${a.to}) and [${b.from}, ${b.to})`));
  }
  return errors;
}


/**
 * Each formula text must compile (Chinese names resolved against the pack's labels) to exactly the JSON Logic
 * stored beside it. validatePack fills absent slots first; a stored slot that differs is reported here, and
 * saving the document replaces it with the formula's JSON Logic.
 */
function checkFormulas(pack: Pack): KpError[] {
  // Two names with one label are a validation error (issue 13): compilePack refuses them too, so a pack that
  // validatePack refuses can never be evaluated.
  const { scope, errors: clashes } = formulaScopeOf(pack);
  const errors: KpError[] = clashes.map((c) => kpError(c.kind, c.path, c.message['zh-CN'], c.message.en));
  for (const site of formulaSites(pack)) {
    const logic = site.target ? (site.target.parent as any)[site.target.key] : undefined;
    try {
      const compiled = compileFormula(site.text, scope);
      if (logic === undefined) errors.push(missingSlot(site));
      else if (canonicalJson(compiled) !== canonicalJson(logic)) {
        errors.push(kpError('FormulaMismatch', site.at, '公式与其 JSON Logic 不一致；保存时将按公式重新生成 JSON Logic', 'the formula does not match its JSON Logic; saving regenerates the JSON Logic from the formula'));
      }
    } catch (e) {
      errors.push(formulaProblem(e, site.at));
    }
  }
  return errors;
}

/** Test expectations must name outputs and summary figures that exist. */
function checkTests(pack: Pack): KpError[] {
  const errors: KpError[] = [];
  const sums = new Set((pack.summary ?? []).map((s) => s.name));
  (pack.tests ?? []).forEach((t, ti) => {
    (t.expect ?? []).forEach((x, xi) => {
      for (const o of Object.keys(x.outputs)) {
        if (!pack.outputs.includes(o)) errors.push(kpError('UnknownOutput', `/tests/${ti}/expect/${xi}/outputs${ptr(o)}`, `测试期望的 "${o}" 不是输出`, `the test expects "${o}", which is not an output`));
      }
    });
    (t.expectSummary ?? []).forEach((x, xi) => {
      for (const o of Object.keys(x.summary)) {
        if (!sums.has(o)) errors.push(kpError('UnknownOutput', `/tests/${ti}/expectSummary/${xi}/summary${ptr(o)}`, `测试期望的 "${o}" 不是汇总项`, `the test expects "${o}", which is not a summary figure`));
      }
    });
  });
  return errors;
}

export function dedupe(errors: KpError[]): KpError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.kind}|${e.path}|${e.message.en}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * A proposal (`decidedBy`) is shown wherever its value is: the rule must be an output (an escalation's extra
 * awards are shown in the summary), and `proposalWhen` reads outputs only, so results stored without their
 * trace still say which values are proposals.
 */
function checkProposal(pack: Pack, r: Rule, i: number): KpError[] {
  const errors: KpError[] = [];
  if ((r.decidedBy || r.proposalWhen !== undefined) && r.kind !== 'escalation' && !pack.outputs.includes(r.name)) {
    errors.push(kpError('UnknownOutput', `/rules/${i}/decidedBy`, `只有输出才能是待决定的建议，"${r.name}" 不是输出`, `only an output can be a proposal; "${r.name}" is not an output`));
  }
  if (r.proposalWhen !== undefined && !r.decidedBy) {
    errors.push(kpError('SchemaViolation', `/rules/${i}/proposalWhen`, '有“建议条件”的规则还须写明由谁决定（decidedBy）', 'proposalWhen needs decidedBy: who decides'));
  }
  if (r.proposalWhen !== undefined) {
    for (const v of new Set(collectVars(r.proposalWhen))) {
      const root = v.split('.')[0];
      if (root !== r.name && !pack.outputs.includes(root)) {
        errors.push(kpError('UnknownOutput', `/rules/${i}/proposalWhen`, `建议条件只能读取输出，"${v}" 不是输出`, `proposalWhen reads outputs only; "${v}" is not an output`));
      }
    }
  }
  return errors;
}
