/**
 * Proposals: where a document leaves a decision to someone ("由党支部报监狱党委批准同意后…", "可追加"), the
 * engine's value is a proposal for them. A rule says so with `decidedBy` (and, optionally, `proposalWhen`);
 * every place that shows the value writes it "建议作为不合格党员处理，待监狱党委批准".
 * Pure: the server, the exports and the admin UI call the same functions.
 */
import type { I18nText, Pack, Rule } from '../types';
import { evaluateLogic, UNKNOWN } from './phrase';
import { i18n, isObj, labelText, ruleOf, valueText, type Locale } from './words';

/** Is a value "something happened" (the default test of a proposal): not false, null, 0 or "none". */
function positive(v: unknown): boolean {
  return v !== false && v !== null && v !== undefined && v !== 0 && v !== 'none' && v !== '';
}

/**
 * Who must decide this output's value for this subject, or null when the value is not a proposal.
 * `outputs` are the subject's outputs (a `proposalWhen` may read any of them); the value itself is `value`.
 */
export function proposalOf(pack: Pack, name: string, value: unknown, outputs: Record<string, unknown> = {}): I18nText | null {
  const rule = ruleOf(pack, name);
  if (!rule?.decidedBy) return null;
  if (rule.proposalWhen === undefined) return positive(value) ? rule.decidedBy : null;
  const env = {
    pack,
    locale: 'zh-CN' as Locale,
    lookup: (n: string) => (n === name ? value : n in outputs ? outputs[n] : UNKNOWN),
  };
  const v = evaluateLogic(rule.proposalWhen, env);
  return v !== UNKNOWN && (Array.isArray(v) ? v.length > 0 : !!v) ? rule.decidedBy : null;
}

/** What is proposed, in words: the rule's label for a boolean (作为不合格党员处理), else the value's label (撤职). */
export function proposedThing(pack: Pack, name: string, value: unknown, locale: Locale): string {
  const rule = ruleOf(pack, name) as Rule | undefined;
  if (typeof value === 'boolean' && rule?.label) return labelText(rule.label, locale);
  return valueText(pack, name, value, locale);
}

/** "建议作为不合格党员处理，待监狱党委批准" / "Proposed: handled as an unqualified member, pending the prison party committee's approval". */
export function proposalText(thing: string, decidedBy: I18nText, locale: Locale): string {
  const who = i18n(decidedBy, locale);
  if (locale === 'en') return `Proposed: ${thing.charAt(0).toLowerCase()}${thing.slice(1)}, pending approval by ${who}`;
  return `建议${thing}，待${who}批准`;
}

/** An output's value in words, as a proposal when it is one: "建议撤职，待矿党委批准", else the plain value ("免职"). */
export function outputText(pack: Pack, name: string, value: unknown, locale: Locale, outputs: Record<string, unknown> = {}): string {
  const by = proposalOf(pack, name, value, outputs);
  if (!by) return valueText(pack, name, value, locale);
  return proposalText(proposedThing(pack, name, value, locale), by, locale);
}

/** The names of a pack's rules that may make proposals, with who decides: for column notes and the designer. */
export function deciders(pack: Pack): Record<string, I18nText> {
  const out: Record<string, I18nText> = {};
  for (const r of pack.rules) if (isObj(r.decidedBy)) out[r.name] = r.decidedBy;
  return out;
}
