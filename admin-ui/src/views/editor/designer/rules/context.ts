/** What every card and kind form reads from RulesSection: the document, its formula scope, read-only. */
import { inject, type ComputedRef, type InjectionKey } from 'vue';
import type { FormulaScope } from './formulaApi';

export type Obj = Record<string, any>;

export interface RulesContext {
  doc: Obj;
  scope: ComputedRef<FormulaScope>;
  readOnly: ComputedRef<boolean>;
}

export const RULES_CONTEXT: InjectionKey<RulesContext> = Symbol('designer-rules');

export function useRulesContext(): RulesContext {
  const ctx = inject(RULES_CONTEXT);
  if (!ctx) throw new Error('rule forms must be used inside RulesSection');
  return ctx;
}

/** The zh-CN label of a rule, parameter or schema title. */
export function zhOf(label: unknown): string {
  if (label && typeof label === 'object' && typeof (label as Obj)['zh-CN'] === 'string') return (label as Obj)['zh-CN'];
  return typeof label === 'string' ? label : '';
}

/** A typed value back from a text box: numbers stay numbers, true/false booleans, '' null, anything else a string. */
export function parseValue(s: string): unknown {
  const t = s.trim();
  if (t === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true') return true;
  if (t === 'false') return false;
  return t;
}

export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
