/**
 * The one place the rule cards reach the browser formula compiler (server/src/engine/formula, shared with
 * the server and the CLI). Everything else in rules/ imports from here.
 */
import { compileFormula, FORMULA_ALIASES, FORMULA_FUNCTIONS, FormulaError, formulaScopeOf, printFormulaLabelled } from '@engine/formula';
import type { FormulaName, FormulaScope, JsonLogic } from '@engine/formula';

export type { FormulaName, FormulaScope, JsonLogic };
export { FORMULA_ALIASES, FORMULA_FUNCTIONS };

/** What the bar shows of a formula that does not compile: the Chinese message and the place in the text. */
export interface FormulaProblem {
  messageZh: string;
  offset: number;
  length: number;
}

/** Names an author may use in the formulas of this document (never throws). */
export function scopeOf(doc: unknown): FormulaScope {
  return formulaScopeOf(doc).scope;
}

/** Formula text → JSON Logic, or the problem in Chinese with its place in the text. */
export function compile(text: string, scope: FormulaScope): { logic: JsonLogic; error: null } | { logic: null; error: FormulaProblem } {
  try {
    return { logic: compileFormula(text, scope), error: null };
  } catch (e) {
    if (e instanceof FormulaError) return { logic: null, error: { messageZh: e.messageZh, offset: e.offset, length: e.length } };
    return { logic: null, error: { messageZh: String((e as Error)?.message ?? e), offset: 0, length: text.length } };
  }
}

/** JSON Logic → formula text with Chinese names and function aliases where the scope has them ('' when it has no formula form). */
export function printLabelled(logic: JsonLogic, scope: FormulaScope): string {
  try {
    return printFormulaLabelled(logic, scope, { zh: true });
  } catch {
    return '';
  }
}

/** Operators whose second argument (reduce: also its initial value stays outside) reads the items of the first. */
const ITEM_SCOPED: Record<string, readonly number[]> = { map: [1], filter: [1], all: [1], some: [1], none: [1], reduce: [1] };
const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The first segments a top-level var may start with in this document: the input's properties, `id`, `period`,
 * parameter names and the first segment of dotted ones (weights.self → weights), rule names.
 */
export function knownRootsOf(doc: unknown): Set<string> {
  const roots = new Set(['id', 'period']);
  const d = isPlain(doc) ? doc : {};
  const props = isPlain(d.input) && isPlain(d.input.properties) ? d.input.properties : {};
  for (const k of Object.keys(props)) roots.add(k);
  if (isPlain(d.parameters)) for (const k of Object.keys(d.parameters)) roots.add(k.split('.')[0]);
  if (Array.isArray(d.rules)) for (const r of d.rules) if (isPlain(r) && typeof r.name === 'string') roots.add(r.name);
  return roots;
}

/** The same from a formula scope alone (labelled names only), when the bar has no document at hand. */
export function knownRootsOfScope(scope: FormulaScope): Set<string> {
  const roots = new Set(['id', 'period']);
  for (const n of scope.names) if (n.kind !== 'item') roots.add(n.name.split('.')[0]);
  return roots;
}

/**
 * The var paths of compiled JSON Logic whose first segment none of `known` is (in order, each once). Vars read
 * inside map/filter/reduce/all/some/none read the item and are not looked at; non-constant paths are left to 检查.
 */
export function unknownNames(logic: unknown, known: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!isPlain(node)) return;
    const keys = Object.keys(node);
    if (keys.length !== 1) return;
    const op = keys[0];
    const raw = node[op];
    const args = Array.isArray(raw) ? raw : [raw];
    if (op === 'var') {
      const path = args[0];
      if (typeof path === 'string' && path !== '' && !known.has(path.split('.')[0]) && !found.includes(path)) found.push(path);
      args.slice(1).forEach(walk);
      return;
    }
    const skip = ITEM_SCOPED[op] ?? [];
    args.forEach((a, i) => {
      if (!skip.includes(i)) walk(a);
    });
  };
  walk(logic);
  return found;
}
