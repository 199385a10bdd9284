/**
 * The names a pack author can refer to in expressions: input fields (dotted paths), parameters, rule names,
 * and the JSON Logic operators. Pure: fed to the editor's completion provider and tested on its own.
 */
import { FORMULA_FUNCTIONS } from '@engine/formula/functions';

export type NameKind = 'input' | 'parameter' | 'rule' | 'operator';

export interface PackName {
  label: string;
  kind: NameKind;
  detail: string;
}

/** Operators of JSON Logic usable in this engine (formula functions plus the symbolic ones). */
export const OPERATORS: readonly string[] = Object.freeze([
  ...new Set([
    'var', '==', '===', '!=', '!==', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '!', '!!', 'if', '?:', 'and', 'or',
    ...Object.values(FORMULA_FUNCTIONS).map((f) => f.op),
  ]),
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function zh(label: unknown): string {
  if (isObj(label)) return String(label['zh-CN'] ?? label.en ?? '');
  return typeof label === 'string' ? label : '';
}

/** Input field paths of a subject schema: `self`, `self.teamBuilding`, `peers`, `satisfaction` … */
export function inputPaths(schema: unknown, prefix = '', depth = 0): PackName[] {
  if (!isObj(schema) || depth > 4) return [];
  const props = isObj(schema.properties) ? schema.properties : {};
  const out: PackName[] = [];
  for (const [k, sub] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${k}` : k;
    const s = isObj(sub) ? sub : {};
    const type = Array.isArray(s.type) ? s.type.join('|') : String(s.type ?? (s.enum ? 'enum' : ''));
    out.push({ label: path, kind: 'input', detail: [zh(s.title) || String(s.description ?? ''), type].filter(Boolean).join(' · ') });
    if (s.type === 'object') out.push(...inputPaths(s, path, depth + 1));
  }
  return out;
}

/** Every name a pack document offers, deduplicated by label (first kind wins: input, parameter, rule). */
export function packNames(doc: unknown): PackName[] {
  if (!isObj(doc)) return [];
  const out: PackName[] = [...inputPaths(doc.input)];
  if (isObj(doc.parameters)) {
    for (const [k, p] of Object.entries(doc.parameters)) {
      const def = isObj(p) ? p : {};
      const value = JSON.stringify(def.value);
      out.push({ label: k, kind: 'parameter', detail: `${zh(def.label)} = ${value}${def.assumption ? '（假设值）' : ''}` });
    }
  }
  if (Array.isArray(doc.rules)) {
    for (const r of doc.rules) if (isObj(r) && typeof r.name === 'string') out.push({ label: r.name, kind: 'rule', detail: `${String(r.kind)} · ${zh(r.label)}` });
  }
  const seen = new Set<string>();
  return out.filter((n) => (seen.has(n.label) ? false : (seen.add(n.label), true)));
}
