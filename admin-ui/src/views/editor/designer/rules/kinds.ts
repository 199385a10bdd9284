/**
 * The rule kinds the designer offers, their Chinese names, and the skeleton of a new rule of each kind.
 * Pure: RulesSection's add menu and its spec both use it.
 */
import type { Rule, RuleKind } from '@engine/types';

export const RULE_KINDS: readonly RuleKind[] = Object.freeze([
  'value', 'bands', 'veto', 'ladder', 'rank', 'group', 'quota', 'consecutive', 'windowCount', 'previous', 'movement', 'escalation',
] as RuleKind[]);

/** The name users know each kind by (zh-CN; the en locale has its own under designer.rules.kind.*). */
export const KIND_ZH: Readonly<Record<RuleKind, string>> = Object.freeze({
  value: '计算', bands: '分档', veto: '一票否决', ladder: '逐级达标', rank: '排名', group: '分组统计', quota: '名额',
  consecutive: '连续', windowCount: '期内次数', previous: '上期', movement: '升降', escalation: '追加',
});

/** Population and history kinds, for grouping the add menu. */
export const KIND_STAGE: Readonly<Record<RuleKind, 'subject' | 'population' | 'history'>> = Object.freeze({
  value: 'subject', bands: 'subject', veto: 'subject', ladder: 'subject',
  rank: 'population', group: 'population', quota: 'population',
  consecutive: 'history', windowCount: 'history', previous: 'history', movement: 'history', escalation: 'history',
});

const BASE_NAME: Readonly<Record<RuleKind, string>> = Object.freeze({
  value: 'value', bands: 'grade', veto: 'vetoed', ladder: 'level', rank: 'rank', group: 'groupFact', quota: 'granted',
  consecutive: 'streak', windowCount: 'timesInWindow', previous: 'previousValue', movement: 'movement', escalation: 'extraAwards',
});

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

type AnyRule = Record<string, unknown> & { name?: unknown; label?: unknown };

/** Every name a rule would clash with: rule names, quota blocked names, parameters and top-level inputs. */
export function takenNames(doc: { rules?: unknown; parameters?: unknown; input?: unknown }): Set<string> {
  const out = new Set<string>();
  for (const r of (Array.isArray(doc.rules) ? doc.rules : []) as AnyRule[]) {
    if (typeof r?.name === 'string') out.add(r.name);
    if (typeof r?.blockedName === 'string') out.add(r.blockedName);
  }
  if (doc.parameters && typeof doc.parameters === 'object') for (const k of Object.keys(doc.parameters)) out.add(k.split('.')[0]);
  const props = (doc.input as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (props && typeof props === 'object') for (const k of Object.keys(props)) out.add(k);
  return out;
}

function zhLabels(doc: { rules?: unknown }): Set<string> {
  const out = new Set<string>();
  for (const r of (Array.isArray(doc.rules) ? doc.rules : []) as AnyRule[]) {
    const l = (r?.label as { 'zh-CN'?: unknown } | undefined)?.['zh-CN'];
    if (typeof l === 'string') out.add(l);
  }
  return out;
}

/** A unique English name and Chinese label for a new rule: grade, grade2, grade3 … / 新分档, 新分档2 … */
export function newRuleName(kind: RuleKind, doc: { rules?: unknown; parameters?: unknown; input?: unknown }): { name: string; label: string } {
  const taken = takenNames(doc);
  const labels = zhLabels(doc);
  const base = BASE_NAME[kind];
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    const label = n === 1 ? `新${KIND_ZH[kind]}` : `新${KIND_ZH[kind]}${n}`;
    if (!taken.has(name) && !taken.has(`${name}Blocked`) && !labels.has(label)) return { name, label };
  }
}

/** The skeleton of a new rule: empty formulas (the designer and the server compile them), sensible defaults. */
export function newRule(kind: RuleKind, doc: { rules?: unknown; parameters?: unknown; input?: unknown }): Rule {
  const { name, label } = newRuleName(kind, doc);
  const rules = (Array.isArray(doc.rules) ? doc.rules : []) as AnyRule[];
  const firstOf = (kinds: string[]) => rules.find((r) => kinds.includes(String(r.kind)))?.name;
  const lastName = typeof rules[rules.length - 1]?.name === 'string' ? String(rules[rules.length - 1].name) : '';
  const base = { name, label: { 'zh-CN': label, en: name }, cite: '' };
  switch (kind) {
    case 'value':
      return { ...base, kind, formula: { expr: '' }, expr: null };
    case 'bands':
      return { ...base, kind, formula: { of: '' }, of: null, bounds: [60, 80], values: [1, 2], below: 0 };
    case 'veto':
      return { ...base, kind, formula: { when: '', value: '0' }, when: null, target: String(firstOf(['bands', 'ladder']) ?? lastName), value: 0 };
    case 'ladder':
      return { ...base, kind, levels: [{ value: 1, checks: [{ id: 'check1', formula: '', expr: null }] }], below: 0 };
    case 'rank':
      return { ...base, kind, formula: { 'by.0': '' }, by: [{ expr: null, order: 'desc' }], method: 'standard' };
    case 'group':
      return { ...base, kind, fn: 'count' };
    case 'quota':
      return {
        ...base, kind, formula: { candidate: '', 'order.0': '', 'quotas.0.applies': 'true', 'quotas.0.limit': '1' },
        candidate: null, order: [{ expr: null, order: 'desc' }], quotas: [{ id: 'quota1', applies: true, limit: 1 }], blockedName: `${name}Blocked`,
      };
    case 'consecutive':
      return { ...base, kind, formula: { when: '' }, when: null };
    case 'windowCount':
      return { ...base, kind, formula: { when: '' }, when: null, window: { calendarYear: true } };
    case 'previous':
      return { ...base, kind, of: lastName };
    case 'movement':
      return { ...base, kind, of: String(firstOf(['bands', 'ladder']) ?? lastName) };
    case 'escalation':
      return {
        ...base, kind, formula: { holder: '', level: '', date: '' }, holder: null, level: null, granted: String(firstOf(['quota']) ?? ''), date: null,
        windowYears: 3, steps: [{ from: 3, count: 3, to: 2 }],
      };
  }
}
