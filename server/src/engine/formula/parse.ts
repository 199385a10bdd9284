import { FormulaError, located } from './error';
import { FORBIDDEN_SEGMENTS, type JsonLogic, UNSUPPORTED_FUNCTIONS, lookupFunction } from './functions';
import { type Token, lex } from './lexer';

/** Where a name is read: at the top of the formula, or inside the body of map/filter/… over an array. */
export interface NameContext {
  /** The English name of the array whose items the body reads; null when it is not a known array input. */
  array: string | null;
  /** Inside reduce(), where the item is `current`. */
  reduce: boolean;
}

/** Turns the names of a formula into English var paths (see names.ts); throws FormulaError when it cannot. */
export interface NameResolver {
  resolve(token: Token, ctx: NameContext | undefined): string;
  /** The array input whose items `logic` yields (a var of an array input, or a filter of one). */
  arrayOf(logic: JsonLogic): string | null;
}

const SCOPED = new Set(['map', 'filter', 'all', 'some', 'none', 'reduce']);

const COMPARISONS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=']);
// Formulas are short; the limit turns a pathological input into a FormulaError instead of a stack overflow,
// and keeps parsed trees shallow enough for the printer's own limit.
const MAX_NESTING = 100;

/**
 * Compiles formula text to JSON Logic. Throws FormulaError with the offset of the first problem.
 * Without a resolver, names are taken as written (English var paths).
 */
export function parseFormula(text: string, resolver?: NameResolver): JsonLogic {
  const tokens = lex(text);
  if (tokens[0].kind === 'eof') throw new FormulaError(0, text.length, 'The formula is empty', '公式为空');
  const parser = new Parser(tokens, resolver);
  const result = parser.expression();
  parser.expectEnd();
  return result;
}

function describe(t: Token): { en: string; zh: string } {
  switch (t.kind) {
    case 'eof': return { en: 'the end of the formula', zh: '公式结尾' };
    case 'num': return { en: `the number ${t.raw}`, zh: `数字 ${t.raw}` };
    case 'str': return { en: `the string ${t.raw}`, zh: `字符串 ${t.raw}` };
    default: return { en: `'${t.raw}'`, zh: `“${t.raw}”` };
  }
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly lambdas: NameContext[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly resolver?: NameResolver,
  ) {}

  private name(t: Token): string {
    return this.resolver ? this.resolver.resolve(t, this.lambdas[this.lambdas.length - 1]) : t.value;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private advance(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private isOp(value: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.value === value;
  }

  /** Every recursion that can nest without bound passes through here. */
  private nested<T>(f: () => T): T {
    if (++this.depth > MAX_NESTING) {
      const t = this.peek();
      throw located(t.offset, t.length, 'The formula is nested too deeply', '公式嵌套层数过多');
    }
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind === 'eof') return;
    if (t.kind === 'op' && t.value === ')') throw located(t.offset, t.length, "Unmatched ')'", '有多余的右括号');
    const d = describe(t);
    throw located(t.offset, t.length, `Expected an operator or the end of the formula but found ${d.en}`, `应为运算符或公式结尾，却是${d.zh}`);
  }

  expression(): JsonLogic {
    return this.nested(() => this.or());
  }

  private or(): JsonLogic {
    return this.chain('or', () => this.and());
  }

  private and(): JsonLogic {
    return this.chain('and', () => this.not());
  }

  /** `a or b or c` → one n-ary node; a parenthesised operand stays nested, so printing can keep it. */
  private chain(op: string, operand: () => JsonLogic): JsonLogic {
    const parts = [operand()];
    while (this.isOp(op)) {
      this.advance();
      parts.push(operand());
    }
    return parts.length === 1 ? parts[0] : { [op]: parts };
  }

  private not(): JsonLogic {
    // `not(` is a function call (a primary), like every other name followed by '('.
    if (this.isOp('!') || (this.isOp('not') && !this.isOp('(', 1))) {
      this.advance();
      return { '!': [this.nested(() => this.not())] };
    }
    return this.comparison();
  }

  private comparison(): JsonLogic {
    const left = this.additive();
    const first = this.peek();
    if (first.kind !== 'op' || !COMPARISONS.has(first.value)) return left;
    this.advance();
    const middle = this.additive();
    const second = this.peek();
    if (second.kind !== 'op' || !COMPARISONS.has(second.value)) return { [first.value]: [left, middle] };
    const between = (o: string) => o === '<' || o === '<=';
    if (between(first.value) && second.value === first.value) {
      this.advance();
      const right = this.additive();
      const third = this.peek();
      if (third.kind !== 'op' || !COMPARISONS.has(third.value)) return { [first.value]: [left, middle, right] };
      this.chainError(third, false);
    }
    return this.chainError(second, between(first.value) && between(second.value));
  }

  /** `mixed`: a <= x < b, which JSON Logic has no single operator for. */
  private chainError(t: Token, mixed: boolean): never {
    const hint = mixed ? '; write a <= x and x < b instead' : '';
    const hintZh = mixed ? '；请改写为 a <= x and x < b' : '';
    throw located(t.offset, t.length,
      `Comparisons cannot be chained with '${t.raw}'`,
      `的比较运算符“${t.raw}”不能连用；只允许 a < b < c 或 a <= b <= c${hintZh}`,
      `: only a < b < c or a <= b <= c is allowed${hint}`);
  }

  private additive(): JsonLogic {
    return this.leftAssoc(['+', '-'], '+', () => this.multiplicative());
  }

  private multiplicative(): JsonLogic {
    return this.leftAssoc(['*', '/', '%'], '*', () => this.unary());
  }

  /** Left-associative binary operators, where a run of `flat` (+ or *) becomes one n-ary node. */
  private leftAssoc(ops: string[], flat: string, operand: () => JsonLogic): JsonLogic {
    let left = operand();
    let run: JsonLogic[] | null = null;
    let wraps = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !ops.includes(t.value)) return left;
      this.advance();
      const right = operand();
      if (t.value === flat && run) {
        run.push(right);
        continue;
      }
      // `a - b - c - …` nests without recursing here, but the printer will recurse on it.
      if (++wraps + this.depth > MAX_NESTING) {
        throw located(t.offset, t.length, 'The formula is nested too deeply', '公式嵌套层数过多');
      }
      if (t.value === flat) {
        run = [left, right];
        left = { [flat]: run };
      } else {
        run = null;
        left = { [t.value]: [left, right] };
      }
    }
  }

  private unary(): JsonLogic {
    if (this.isOp('+')) {
      this.advance();
      return this.nested(() => this.unary());
    }
    if (!this.isOp('-')) return this.primary();
    this.advance();
    const t = this.peek();
    if (t.kind === 'num') {
      this.advance();
      // JSON has no -0, so `-0` must be 0 for the printed text to read back the same tree.
      return t.num === 0 ? 0 : -t.num;
    }
    return { '-': [this.nested(() => this.unary())] };
  }

  private primary(): JsonLogic {
    const t = this.peek();
    switch (t.kind) {
      case 'num':
        this.advance();
        return t.num;
      case 'str':
        this.advance();
        return t.value;
      case 'kw':
        this.advance();
        return t.value === 'true' ? true : t.value === 'false' ? false : null;
      case 'path':
        this.advance();
        return this.isOp('(') ? this.call(t) : { var: this.name(t) };
      case 'op':
        if (t.value === '(') return this.parenthesised();
        if (t.value === '[') return this.array();
        // and(…) or(…) not(…) 且(…) 或(…) 非(…), spelled as words (not && || !).
        if (t.word && this.isOp('(', 1)) {
          this.advance();
          return this.call(t);
        }
        if (t.value === 'not' || t.value === '!') {
          throw located(t.offset, t.length, `'${t.raw}' cannot be used here; write (not …) in parentheses`, `不能使用“${t.raw}”；请写成带括号的 (not …)`);
        }
    }
    const d = describe(t);
    if (t.kind === 'eof') throw located(t.offset, 0, 'Expected an expression, but the formula ends', '公式意外结束，缺少表达式');
    throw located(t.offset, t.length, `Expected an expression but found ${d.en}`, `应为表达式，却是${d.zh}`);
  }

  private parenthesised(): JsonLogic {
    const open = this.advance();
    const inner = this.expression();
    this.close(open, ')', '', '');
    return inner;
  }

  private array(): JsonLogic[] {
    const open = this.advance();
    const items = this.list(open, ']');
    return items.args;
  }

  /** Comma-separated expressions up to the closing bracket; `end` is that bracket's offset + 1. */
  private list(open: Token, closer: string, lambda?: (first: JsonLogic) => NameContext): { args: JsonLogic[]; end: number } {
    const args: JsonLogic[] = [];
    // The second argument of map/filter/… is read per item: its names are the items' fields.
    const next = (): JsonLogic => {
      if (!lambda || args.length !== 1) return this.expression();
      this.lambdas.push(lambda(args[0]));
      try {
        return this.expression();
      } finally {
        this.lambdas.pop();
      }
    };
    if (!this.isOp(closer)) {
      args.push(next());
      while (this.isOp(',')) {
        this.advance();
        args.push(next());
      }
    }
    const close = this.close(open, closer, "',' or ", '逗号或');
    return { args, end: close.offset + close.length };
  }

  private close(open: Token, closer: string, altEn: string, altZh: string): Token {
    const t = this.peek();
    if (this.isOp(closer)) return this.advance();
    const name = closer === ')' ? { en: "')'", zh: '右括号' } : { en: "']'", zh: '右方括号' };
    const where = `, to close '${open.raw}' at character ${open.offset + 1}`;
    const whereZh = `（对应第 ${open.offset + 1} 个字符处的“${open.raw}”）`;
    if (t.kind === 'eof') throw located(t.offset, 0, `Missing ${name.en}`, `缺少${name.zh}${whereZh}`, where);
    const d = describe(t);
    throw located(t.offset, t.length, `Expected ${altEn}${name.en} but found ${d.en}`, `应为${altZh}${name.zh}${whereZh}，却是${d.zh}`, where);
  }

  private call(name: Token): JsonLogic {
    const open = this.advance();
    const f = name.kind === 'path' && !name.simple ? undefined : lookupFunction(name.value);
    const scoped = f !== undefined && SCOPED.has(f.op);
    const lambda = (first: JsonLogic): NameContext => ({ array: this.resolver?.arrayOf(first) ?? null, reduce: f?.op === 'reduce' });
    const { args, end } = this.list(open, ')', scoped ? lambda : undefined);
    const span = end - name.offset;
    if (!f) {
      if (UNSUPPORTED_FUNCTIONS.has(name.value.toLowerCase())) {
        throw located(name.offset, name.length, `The function '${name.raw}' is not supported`, `的函数“${name.raw}”不受支持`);
      }
      throw located(name.offset, name.length, `Unknown function '${name.raw}'`, `的函数“${name.raw}”未知`);
    }
    if (args.length < f.minArgs || args.length > f.maxArgs) {
      const range = f.minArgs === f.maxArgs ? `${f.minArgs}` : f.maxArgs === Infinity ? `at least ${f.minArgs}` : `${f.minArgs} to ${f.maxArgs}`;
      const rangeZh = f.minArgs === f.maxArgs ? `需要 ${f.minArgs} 个` : f.maxArgs === Infinity ? `至少需要 ${f.minArgs} 个` : `需要 ${f.minArgs} 到 ${f.maxArgs} 个`;
      throw located(name.offset, span, `Wrong number of arguments for ${name.raw}()`,
        `的函数 ${name.raw}() ${rangeZh}参数，实际为 ${args.length} 个`, `: it takes ${range}, got ${args.length}`);
    }
    if (f.op === 'var') return this.variable(name, args, span);
    return { [f.op]: args };
  }

  private variable(name: Token, args: JsonLogic[], span: number): JsonLogic {
    const path = args[0];
    // A computed path could not be checked for forbidden segments (or shown in the editor as a name).
    if (typeof path !== 'string') {
      throw located(name.offset, span, 'var() takes a quoted path as its first argument, e.g. var("a.b")', '的 var() 第一个参数必须是带引号的路径，如 var("a.b")');
    }
    const bad = path.split('.').find((s) => FORBIDDEN_SEGMENTS.has(s));
    if (bad !== undefined) {
      throw located(name.offset, span, `The name segment '${bad}' is not allowed`, `的名称片段“${bad}”不允许使用`);
    }
    return args.length === 1 ? { var: path } : { var: [path, args[1]] };
  }
}
