import { FORMULA_FUNCTIONS, FormulaError, parseFormula, printFormula } from './index';

// json-logic-js ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsonLogic: { apply(logic: unknown, data?: unknown): unknown } = require('json-logic-js');

const v = (path: string) => ({ var: path });
const a = v('a');
const b = v('b');
const c = v('c');

function parseError(text: string): FormulaError {
  try {
    parseFormula(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FormulaError);
    return e as FormulaError;
  }
  throw new Error(`expected a FormulaError for ${JSON.stringify(text)}`);
}

describe('parseFormula', () => {
  it.each<[string, unknown]>([
    ['a + b * c', { '+': [a, { '*': [b, c] }] }],
    ['(a + b) * c', { '*': [{ '+': [a, b] }, c] }],
    ['a - b - c', { '-': [{ '-': [a, b] }, c] }],
    ['a - (b - c)', { '-': [a, { '-': [b, c] }] }],
    ['a + b + c', { '+': [a, b, c] }],
    ['a * b * c / 2 % 3', { '%': [{ '/': [{ '*': [a, b, c] }, 2] }, 3] }],
    ['a + b - c + 1', { '+': [{ '-': [{ '+': [a, b] }, c] }, 1] }],
    ['(a + b) + c', { '+': [{ '+': [a, b] }, c] }],
    ['not a > b and c', { and: [{ '!': [{ '>': [a, b] }] }, c] }],
    ['!a > b', { '!': [{ '>': [a, b] }] }],
    ['a or b and c', { or: [a, { and: [b, c] }] }],
    ['a || b || c && a', { or: [a, b, { and: [c, a] }] }],
    ['not not a', { '!': [{ '!': [a] }] }],
    ['a < b < c', { '<': [a, b, c] }],
    ['1 <= x <= 5', { '<=': [1, v('x'), 5] }],
    ['a = b', { '==': [a, b] }],
    ['a <> b', { '!=': [a, b] }],
    ['a === b', { '===': [a, b] }],
    ['a !== b', { '!==': [a, b] }],
    ['starBands[3]', v('starBands.3')],
    ['starBands.3', v('starBands.3')],
    ['weights.self', v('weights.self')],
    ['a[1].b[2]', v('a.1.b.2')],
    ['-5', -5],
    ['- 5', -5],
    ['-0', 0],
    ['- x', { '-': [v('x')] }],
    ['-(5)', { '-': [5] }],
    ['+x', v('x')],
    ['2 * -x', { '*': [2, { '-': [v('x')] }] }],
    ['.5 + 0.5 + 1e3 + 1E-3 + 12', { '+': [0.5, 0.5, 1000, 0.001, 12] }],
    ['得分 >= 90', { '>=': [v('得分'), 90] }],
    ['总分_2 + $x', { '+': [v('总分_2'), v('$x')] }],
    ['if（得分 >= 90，3，0）', { if: [{ '>=': [v('得分'), 90] }, 3, 0] }],
    ['a\u3000+\tb\n', { '+': [a, b] }],
    ['"a\\"b\\\\c\\n\\t\\u4e2d"', 'a"b\\c\n\t中'],
    ["'it\\'s \"x\"'", 'it\'s "x"'],
    ['true and false or null', { or: [{ and: [true, false] }, null] }],
    ['[1, a, "x"]', [1, a, 'x']],
    ['[]', []],
    ['var("a.b", 0)', { var: ['a.b', 0] }],
    ['var("a")', v('a')],
    ['var("")', v('')],
    ['min', v('min')],
    ['if(total >= 90, 3, total >= 80, 2, 0)',
      { if: [{ '>=': [v('total'), 90] }, 3, { '>=': [v('total'), 80] }, 2, 0] }],
    ['IF(a, 1, 2)', { if: [a, 1, 2] }],
    ['round(x)', { round: [v('x')] }],
    ['round(x, 2)', { round: [v('x'), 2] }],
    ['bool(x)', { '!!': [v('x')] }],
    ['and(a, b)', { and: [a, b] }],
    ['not(a) > b', { '>': [{ '!': [a] }, b] }],
    ['a == not(b)', { '==': [a, { '!': [b] }] }],
    ['map(peers, teamBuilding + performance)',
      { map: [v('peers'), { '+': [v('teamBuilding'), v('performance')] }] }],
    ['cat()', { cat: [] }],
    ['reduce(xs, current + accumulator, 0)', { reduce: [v('xs'), { '+': [v('current'), v('accumulator')] }, 0] }],
    ['0.1*selfTotal + 0.3*mean(peerTotals) + 0.6*committeeTotal', {
      '+': [{ '*': [0.1, v('selfTotal')] }, { '*': [0.3, { mean: [v('peerTotals')] }] }, { '*': [0.6, v('committeeTotal')] }],
    }],
  ])('%s', (text, expected) => {
    expect(parseFormula(text)).toEqual(expected);
  });

  it.each<[string, number, number, RegExp]>([
    ['1 +', 3, 0, /expected an expression/i],
    ['(a', 2, 0, /missing '\)'.*close '\(' at character 1/i],
    ['f(a, b', 6, 0, /missing '\)'/i],
    ['[1, 2', 5, 0, /missing '\]'/i],
    ['(a b)', 3, 1, /expected '\)' but found 'b'/i],
    ["'abc", 0, 4, /unterminated string/i],
    ['"a\\qb"', 2, 2, /unknown escape/i],
    ['"\\u12"', 1, 5, /\\u escape/i],
    ['foo(1)', 0, 3, /unknown function 'foo'/i],
    ['toString(1)', 0, 8, /unknown function 'toString'/i],
    ['constructor', 0, 11, /'constructor' is not allowed/i],
    ['log(1)', 0, 3, /not supported/i],
    ['method(a, "x")', 0, 6, /not supported/i],
    ['a.b(1)', 0, 3, /unknown function 'a\.b'/i],
    ['a.__proto__', 2, 9, /'__proto__' is not allowed/i],
    ['x + a.prototype.b', 6, 9, /'prototype' is not allowed/i],
    ['var("a.constructor")', 0, 20, /'constructor' is not allowed/i],
    ['var(a)', 0, 6, /quoted path/i],
    ['a < b > c', 6, 1, /cannot be chained/i],
    ['a <= x < b', 7, 1, /cannot be chained.*a <= x and x < b/i],
    ['a == b == c', 7, 2, /cannot be chained/i],
    ['a < b < c < d', 10, 1, /cannot be chained/i],
    ['a b', 2, 1, /expected an operator or the end/i],
    ['a)', 1, 1, /unmatched '\)'/i],
    ['round(1, 2, 3)', 0, 14, /takes 1 to 2, got 3/i],
    ['abs()', 0, 5, /takes 1, got 0/i],
    ['a + not b', 4, 3, /cannot be used here/i],
    ['1.5.3', 0, 5, /invalid number/i],
    ['12abc', 0, 5, /invalid number/i],
    ['1e999', 0, 5, /too large/i],
    ['a & b', 2, 1, /unexpected character '&'/i],
    ['a.3b', 2, 2, /invalid name segment/i],
    ['a[3', 3, 0, /expected '\]'/i],
    ['true.x', 0, 4, /keyword/i],
    ['f(1,)', 4, 1, /expected an expression but found '\)'/i],
    ['1 + 😀', 4, 2, /unexpected character '😀'/i],
  ])('%j fails at offset %i (length %i)', (text, offset, length, message) => {
    const e = parseError(text);
    expect([e.offset, e.length]).toEqual([offset, length]);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`at character ${offset + 1}`);
    expect(e.messageZh).toContain(`第 ${offset + 1} 个字符处`);
  });

  it('reports an empty formula over its whole (blank) text', () => {
    for (const text of ['', '  \u3000\n']) {
      const e = parseError(text);
      expect([e.offset, e.length, e.message, e.messageZh]).toEqual([0, text.length, 'The formula is empty', '公式为空']);
    }
  });

  it('reports the missing parenthesis in Chinese', () => {
    expect(parseError('(a + b').messageZh).toBe('第 7 个字符处缺少右括号（对应第 1 个字符处的“(”）');
  });

  it('turns pathological nesting into a FormulaError, not a stack overflow', () => {
    expect(parseError('('.repeat(5000) + '1' + ')'.repeat(5000)).message).toMatch(/nested too deeply/);
    expect(parseError('-'.repeat(5000) + 'x').message).toMatch(/nested too deeply/);
    expect(parseError(Array(500).fill('x').join(' - ')).message).toMatch(/nested too deeply/);
    expect(parseFormula(Array(500).fill('x').join(' + '))).toEqual({ '+': Array(500).fill(v('x')) });
  });

  it('agrees with json-logic-js on the standard operators', () => {
    const data = { a: 3, b: 4, s: { x: [10, 20] } };
    const cases: [string, unknown][] = [
      ['1 + 2 * 3', 7], ['10 - 2 - 3', 5], ['(1 + 2) * 3', 9], ['7 % 4', 3], ['-a + b', 1],
      ['a < b < 5', true], ['a < 3 < 5', false], ['not a > b and true', true], ['s.x.1 + s.x[0]', 30],
      ['if(a > 3, "hi", a = 3, "eq", "lo")', 'eq'], ['var("zzz", 9)', 9], ['cat("x", a)', 'x3'],
      ['max(a, b, 1)', 4], ['in("b", "abc")', true], ['bool(0)', false], ['!!a', true],
    ];
    for (const [text, expected] of cases) expect([text, jsonLogic.apply(parseFormula(text), data)]).toEqual([text, expected]);
  });
});

describe('printFormula', () => {
  it.each<[unknown, string]>([
    [{ '+': [a, { '*': [b, c] }] }, 'a + b * c'],
    [{ '*': [{ '+': [a, b] }, c] }, '(a + b) * c'],
    [{ '-': [{ '-': [a, b] }, c] }, 'a - b - c'],
    [{ '-': [a, { '-': [b, c] }] }, 'a - (b - c)'],
    [{ '+': [{ '+': [a, b] }, c] }, '(a + b) + c'],
    [{ '+': [a, { '+': [b, c] }] }, 'a + (b + c)'],
    [{ '-': [a, -5] }, 'a - (-5)'],
    [{ '*': [-5, a] }, '-5 * a'],
    [{ '-': [5] }, '-(5)'],
    [{ '-': [{ '-': [a] }] }, '-(-a)'],
    [{ '-': a }, '-a'],
    [-0, '0'],
    [1e21, '1e+21'],
    [{ and: [{ '!': [{ '>': [a, b] }] }, c] }, 'not a > b and c'],
    [{ '!': a }, 'not a'],
    [{ '!': [{ '!': [a] }] }, 'not not a'],
    [{ '!': [{ and: [a, b] }] }, 'not(a and b)'],
    [{ '!': [{ '>': [{ or: [a, b] }, c] }] }, 'not((a or b) > c)'],
    [{ '==': [{ '!': [a] }, b] }, '(not a) == b'],
    [{ and: [{ or: [a, b] }, c] }, '(a or b) and c'],
    [{ and: [a] }, 'and(a)'],
    [{ '<': [a, b, c] }, 'a < b < c'],
    [{ '<': [{ '<': [a, b] }, c] }, '(a < b) < c'],
    [v('starBands.3'), 'starBands.3'],
    [v('得分'), '得分'],
    [v('a-b'), 'var("a-b")'],
    [v('and'), 'var("and")'],
    [v('3'), 'var("3")'],
    [v(''), 'var("")'],
    [{ var: ['a.b', 0] }, 'var("a.b", 0)'],
    [{ var: ['a.b'] }, 'a.b'],
    ['a"b\n', '"a\\"b\\n"'],
    [[1, 'x', null, true], '[1, "x", null, true]'],
    [{ '!!': [a] }, 'bool(a)'],
    [{ round: [a, 2] }, 'round(a, 2)'],
    [{ if: [a, 1, 2] }, 'if(a, 1, 2)'],
  ])('%j prints as %s', (logic, text) => {
    expect(printFormula(logic)).toBe(text);
  });

  it.each<[string, unknown]>([
    ['a non-logic object', { a: 1, b: 2 }],
    ['an empty object', {}],
    ['an unknown operator', { foo: [1] }],
    ['a prototype name as operator', { toString: [1] }],
    ['method', { method: [a, 'x'] }],
    ['log', { log: [1] }],
    ['unary +', { '+': [a] }],
    ['three-argument -', { '-': [a, b, c] }],
    ['a four-argument between', { '<': [a, b, c, a] }],
    ['a three-argument >', { '>': [a, b, c] }],
    ['a bad arity', { round: [1, 2, 3] }],
    ['a non-string var path', { var: 1 }],
    ['a forbidden var path', v('a.__proto__')],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['undefined', undefined],
    ['a Date', new Date(0)],
  ])('rejects %s', (_, logic) => {
    expect(() => printFormula(logic)).toThrow(FormulaError);
  });

  it('rejects a cyclic tree with a FormulaError', () => {
    const cyclic: { '+': unknown[] } = { '+': [1] };
    cyclic['+'].push(cyclic);
    expect(() => printFormula(cyclic)).toThrow(FormulaError);
  });
});

describe('FORMULA_FUNCTIONS', () => {
  it('maps every name to an op that parses and prints back', () => {
    for (const [name, f] of Object.entries(FORMULA_FUNCTIONS)) {
      const args = Array.from({ length: f.minArgs }, (_, i) => (name === 'var' ? `"p${i}"` : `x${i}`));
      const logic = parseFormula(`${name}(${args.join(', ')})`);
      expect(Object.keys(logic as object)).toEqual([f.op]);
      expect(parseFormula(printFormula(logic))).toEqual(logic);
    }
  });
});
