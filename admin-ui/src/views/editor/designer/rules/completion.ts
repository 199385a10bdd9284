/**
 * What the formula bar offers while typing: the names of the scope by their Chinese labels (English names
 * too) and the functions by their Chinese aliases. Pure: FormulaBar renders it, the spec checks it.
 */
import { isIdentifier } from '@engine/formula/functions';
import type { FormulaName, FormulaScope } from './formulaApi';

export interface Suggestion {
  /** What the completion inserts in place of the word. */
  insert: string;
  /** What the list shows first (the Chinese label, or the function). */
  label: string;
  /** The second line: English name, unit and kind in Chinese. */
  detail: string;
  kind: FormulaName['kind'] | 'function';
}

const KIND_TEXT: Record<Suggestion['kind'], string> = { input: '输入项', item: '每行的项', parameter: '参数', rule: '规则', function: '函数' };
const KIND_ORDER: Record<Suggestion['kind'], number> = { rule: 0, input: 1, parameter: 2, item: 3, function: 4 };
const WORD_BEFORE = /[A-Za-z_$\u4e00-\u9fff][A-Za-z0-9_$.\u4e00-\u9fff]*$/;

/** The word that ends at the caret, and where it starts (null when the caret is not after a word). */
export function wordAt(text: string, caret: number): { word: string; start: number } | null {
  const m = WORD_BEFORE.exec(text.slice(0, caret));
  if (!m) return null;
  // a word that continues after the caret is being edited in the middle: still complete what is before
  return { word: m[0], start: caret - m[0].length };
}

function describe(n: FormulaName, scope: FormulaScope): string {
  const parts = [n.name];
  if (n.unit) parts.push(`单位：${n.unit}`);
  if (n.kind === 'item' && n.array) {
    const arr = scope.names.find((a) => a.name === n.array);
    parts.push(`${arr?.label || n.array}${KIND_TEXT.item}`);
  } else parts.push(KIND_TEXT[n.kind]);
  return parts.join(' · ');
}

/** Suggestions for `word`: prefix matches first, then containing matches; rules, inputs, parameters, items, functions. */
export function suggest(scope: FormulaScope, word: string, aliases: Readonly<Record<string, string>>, functions: readonly string[], limit = 30): Suggestion[] {
  if (!word) return [];
  const w = word.toLowerCase();
  const scored: { s: Suggestion; score: number }[] = [];
  for (const n of scope.names) {
    const byLabel = n.label ? (n.label.startsWith(word) ? 0 : n.label.includes(word) ? 2 : -1) : -1;
    const byName = n.name.toLowerCase().startsWith(w) ? 1 : -1;
    const score = [byLabel, byName].filter((x) => x >= 0).sort()[0];
    if (score === undefined) continue;
    // a label a word cannot hold (（…）, ·, spaces) is written in 【…】, as the compiler reads it
    const insert = byLabel < 0 || !n.label ? n.name : isIdentifier(n.label) ? n.label : `【${n.label}】`;
    if (insert === word) continue;
    scored.push({ s: { insert, label: n.label || n.name, detail: describe(n, scope), kind: n.kind }, score });
  }
  for (const [zh, en] of Object.entries(aliases)) {
    if (zh.startsWith(word) && zh !== word) scored.push({ s: { insert: `${zh}(`, label: zh, detail: `${en} · ${KIND_TEXT.function}`, kind: 'function' }, score: 0 });
  }
  for (const f of functions) {
    if (f.startsWith(w) && f !== w && f !== 'var') scored.push({ s: { insert: `${f}(`, label: f, detail: KIND_TEXT.function, kind: 'function' }, score: 1 });
  }
  const seen = new Set<string>();
  return scored
    .sort((a, b) => a.score - b.score || KIND_ORDER[a.s.kind] - KIND_ORDER[b.s.kind] || a.s.label.localeCompare(b.s.label, 'zh-CN'))
    .map((x) => x.s)
    .filter((s) => (seen.has(s.insert) ? false : (seen.add(s.insert), true)))
    .slice(0, limit);
}

/** The text after accepting a suggestion for the word starting at `start` and ending at `caret`, and the new caret. */
export function applySuggestion(text: string, start: number, caret: number, insert: string): { text: string; caret: number } {
  // replace the whole word under the caret, including its part after the caret
  const rest = /^[A-Za-z0-9_$.\u4e00-\u9fff]*/.exec(text.slice(caret))![0];
  const after = text.slice(caret + rest.length);
  const glue = insert.endsWith('(') && after.startsWith('(') ? insert.slice(0, -1) : insert;
  return { text: text.slice(0, start) + glue + after, caret: start + glue.length };
}
