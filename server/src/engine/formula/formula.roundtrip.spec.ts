import * as fc from 'fast-check';
import { FORMULA_FUNCTIONS, FormulaError, parseFormula, printFormula } from './index';

/*
 * Round-trip properties. The text generator is a grammar of its own, written independently of the
 * printer (random whitespace, optional spellings, full-width punctuation, redundant parentheses), so
 * that the printer is checked against what staff may type, not against itself.
 */

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const KEYWORDS = ['and', 'or', 'not', 'true', 'false', 'null'];
const CALLABLE = Object.entries(FORMULA_FUNCTIONS).filter(([name]) => name !== 'var');

// ---- formula text ---------------------------------------------------------------------------------

const ws = fc.constantFrom('', '', '', ' ', ' ', '  ', '\t', '\n', '\u3000', '\r\n');
const ws1 = fc.constantFrom(' ', ' ', '  ', '\n', '\u3000');
const around = (op: fc.Arbitrary<string>, spaced = ws) => fc.tuple(spaced, op, spaced).map(([l, o, r]) => l + o + r);

const identStart = fc.constantFrom('a', 'b', 'x', 'Z', '_', '$', '得', '分', '龥');
const identPart = fc.constantFrom('a', 'q', 'Z', '_', '$', '0', '9', '总', '一');
const identifier = fc.tuple(identStart, fc.string({ unit: identPart, maxLength: 4 })).map(([s, r]) => s + r);
const firstSegment = identifier.filter((s) => !KEYWORDS.includes(s) && !FORBIDDEN.has(s));
const digits = fc.oneof(fc.nat(40).map(String), fc.constant('007'));
const laterSegment = fc.oneof(
  identifier.filter((s) => !FORBIDDEN.has(s)).map((s) => `.${s}`),
  fc.constantFrom(...KEYWORDS).map((s) => `.${s}`),
  digits.map((d) => `.${d}`),
  digits.map((d) => `[${d}]`),
);
const pathText = fc.tuple(firstSegment, fc.array(laterSegment, { maxLength: 3 })).map(([f, r]) => f + r.join(''));

const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('', '\\', "'", '"', '\n', '（，）'));
const stringText = fc.tuple(anyString, fc.boolean()).map(([s, single]) =>
  single ? `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(s));
const pathString = fc.oneof(pathText.map((p) => p.replace(/\[(\d+)\]/g, '.$1')), anyString)
  .filter((p) => !p.split('.').some((s) => FORBIDDEN.has(s)));

const numberText = fc.oneof(
  fc.nat().map(String),
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('.5', '0.50', '1E3', '1e-3', '2.5e+2', '007'),
);

const depthIdentifier = fc.createDepthIdentifier();
const join = (parts: string[], seps: string[]) => parts.reduce((acc, p, i) => acc + seps[i - 1] + p);
/** One to three operands, mostly one, so that the tree does not explode. */
const joined = (operand: fc.Arbitrary<string>, op: fc.Arbitrary<string>) =>
  fc.oneof(
    { arbitrary: operand, weight: 4 },
    { arbitrary: fc.array(operand, { minLength: 2, maxLength: 3 }).chain((parts) =>
      fc.array(op, { minLength: parts.length - 1, maxLength: parts.length - 1 }).map((seps) => join(parts, seps))), weight: 1 },
  );

const open = fc.constantFrom('(', '(', '（');
const close = fc.constantFrom(')', ')', '）');
const comma = around(fc.constantFrom(',', ',', '，'));

const { formula } = fc.letrec<{ formula: string; and: string; not: string; cmp: string; add: string; mul: string; unary: string; primary: string }>((tie) => ({
  formula: fc.tuple(ws, joined(tie('and'), around(fc.constantFrom('or', '||'), ws1)), ws).map((p) => p.join('')),
  and: joined(tie('not'), around(fc.constantFrom('and', '&&'), ws1)),
  not: fc.oneof({ depthIdentifier, maxDepth: 3 },
    tie('cmp'),
    fc.tuple(fc.oneof(fc.constant('!'), ws1.map((w) => `not${w}`)), tie('not')).map(([p, x]) => p + x)),
  cmp: fc.oneof(
    { arbitrary: tie('add'), weight: 3 },
    fc.tuple(tie('add'), around(fc.constantFrom('==', '!=', '===', '!==', '<', '<=', '>', '>=', '=', '<>')), tie('add')).map((p) => p.join('')),
    fc.tuple(tie('add'), around(fc.constantFrom('<', '<=')), tie('add'), tie('add')).map(([x, o, y, z]) => x + o + y + o + z),
  ),
  add: joined(tie('mul'), around(fc.constantFrom('+', '-'))),
  mul: joined(tie('unary'), around(fc.constantFrom('*', '/', '%'))),
  unary: fc.oneof({ depthIdentifier, maxDepth: 3 },
    { arbitrary: tie('primary'), weight: 4 },
    fc.tuple(fc.constantFrom('-', '+'), ws, tie('unary')).map((p) => p.join(''))),
  primary: fc.oneof({ depthIdentifier, maxDepth: 3 },
    numberText, stringText, fc.constantFrom('true', 'false', 'null'), pathText, pathText, pathText,
    fc.tuple(open, tie('formula'), close).map((p) => p.join('')),
    fc.tuple(fc.array(tie('formula'), { maxLength: 3 }), comma).map(([xs, c]) => `[${xs.join(c)}]`),
    fc.tuple(pathString, fc.option(tie('formula')), open, close, comma).map(([p, d, o, c, sep]) =>
      `var${o}${JSON.stringify(p)}${d === null ? '' : sep + d}${c}`),
    fc.tuple(fc.constantFrom(...CALLABLE), fc.boolean(), ws, open, close, comma).chain(([[name, f], upper, w, o, c, sep]) => {
      const n = Math.min(f.maxArgs, f.minArgs + 2);
      return fc.array(tie('formula'), { minLength: f.minArgs, maxLength: n })
        .map((args) => `${upper ? name.toUpperCase() : name}${w}${o}${args.join(sep)}${c}`);
    }),
  ),
}));

// ---- JSON Logic trees in the canonical shapes the parser emits --------------------------------------

type Logic = unknown;
const { logic } = fc.letrec<{ logic: Logic }>((tie) => {
  const node = tie('logic');
  const args = (min: number, max: number) => fc.array(node, { minLength: min, maxLength: max });
  const op = (name: string, min: number, max: number) => args(min, max).map((a) => ({ [name]: a }));
  const pathLeaf = fc.oneof(pathText.map((p) => p.replace(/\[(\d+)\]/g, '.$1')), pathString);
  return {
    logic: fc.oneof({ depthIdentifier, maxDepth: 4 },
      fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
        fc.integer(), anyString, fc.boolean(), fc.constant(null),
        pathLeaf.map((p) => ({ var: p })),
      ),
      op('or', 2, 4), op('and', 1, 4), op('!', 1, 1), op('!!', 1, 1),
      fc.tuple(fc.constantFrom('==', '!=', '===', '!==', '<', '<=', '>', '>='), args(2, 2)).map(([o, a]) => ({ [o]: a })),
      fc.tuple(fc.constantFrom('<', '<='), args(3, 3)).map(([o, a]) => ({ [o]: a })),
      op('+', 2, 4), op('*', 2, 4), op('-', 1, 2), op('/', 2, 2), op('%', 2, 2),
      fc.constantFrom(...CALLABLE.filter(([name]) => !['and', 'or', 'not', 'bool'].includes(name)))
        .chain(([, f]) => op(f.op, f.minArgs, Math.min(f.maxArgs, f.minArgs + 2))),
      args(0, 3),
      fc.tuple(pathLeaf, node).map(([p, d]) => ({ var: [p, d] })),
    ),
  };
});

// ---- properties -----------------------------------------------------------------------------------

describe('round trip', () => {
  it('text → logic → text → logic is stable, and printing is idempotent', () => {
    fc.assert(fc.property(formula, (text) => {
      const parsed = parseFormula(text);
      const printed = printFormula(parsed);
      expect(parseFormula(printed)).toEqual(parsed);
      expect(printFormula(parseFormula(printed))).toBe(printed);
    }), { numRuns: 2000 });
  });

  it('logic → text → logic is the identity on the parser image', () => {
    fc.assert(fc.property(logic, (tree) => {
      expect(parseFormula(printFormula(tree))).toEqual(tree);
    }), { numRuns: 2000 });
  });

  it('arbitrary input either parses and round-trips or fails with a located FormulaError', () => {
    const piece = fc.constantFrom('a', 'b.c', 'x[1]', '1', '.5', '"s"', "'t", '\\', '+', '-', '*', '/', '%', '<', '>', '=', '!',
      '&&', '||', ' and ', ' or ', 'not ', '(', ')', '（', '）', '[', ']', ',', '，', ' ', '\u3000', 'if(', 'min(', 'var(',
      'round(', 'foo(', 'true', 'null', '.', '__proto__', '得分', '😀', '\n');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), (text) => {
      let parsed: unknown;
      try {
        parsed = parseFormula(text);
      } catch (e) {
        expect(e).toBeInstanceOf(FormulaError);
        const err = e as FormulaError;
        expect(err.offset).toBeGreaterThanOrEqual(0);
        expect(err.offset + err.length).toBeLessThanOrEqual(text.length);
        expect(err.messageZh).toMatch(/字符处|公式为空/);
        return;
      }
      expect(parseFormula(printFormula(parsed))).toEqual(parsed);
    }), { numRuns: 3000 });
  });
});
