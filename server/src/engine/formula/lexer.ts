import { located } from './error';
import { FORBIDDEN_SEGMENTS, KEYWORDS, isIdentPart, isIdentStart } from './functions';

export type TokenKind = 'num' | 'str' | 'path' | 'kw' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Operators normalised (`=` → `==`, `（` → `(`), strings decoded, paths joined with '.'. */
  value: string;
  /** The value of a number token. */
  num: number;
  /** For a path: whether it was a single plain identifier, i.e. can name a function. */
  simple: boolean;
  offset: number;
  length: number;
  /** The source text, for messages. */
  raw: string;
}

// Longest first, so `<=` wins over `<` and `!==` over `!=`.
const OPERATORS = ['===', '!==', '==', '!=', '<=', '>=', '<>', '&&', '||', '=', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', '[', ']', ','];
const NORMALISED: Record<string, string> = { '=': '==', '<>': '!=', '&&': 'and', '||': 'or' };
// Staff typing with a Chinese input method get these instead of ( ) ,
const FULL_WIDTH: Record<string, string> = { '（': '(', '）': ')', '，': ',' };
// \r and NBSP are beyond the brief, but Windows newlines and text pasted from Word would otherwise fail.
const WHITESPACE = /[ \t\n\r\v\f\u00a0\u3000]/;
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"', '/': '/' };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, start: number, num = NaN, simple = false): void => {
    tokens.push({ kind, value, num, simple, offset: start, length: i - start, raw: text.slice(start, i) });
  };

  while (i < text.length) {
    const c = text[i];
    if (WHITESPACE.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      const start = i;
      const value = readString(text, start);
      i = value.end;
      push('str', value.text, start);
    } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      const start = i;
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text) as RegExpExecArray;
      i += m[0].length;
      if (isIdentPart(text[i]) || text[i] === '.') {
        let end = i;
        while (isIdentPart(text[end]) || text[end] === '.') end++;
        throw located(start, end - start, `Invalid number '${text.slice(start, end)}'`, `的数字“${text.slice(start, end)}”无效`);
      }
      const num = Number(m[0]);
      if (!Number.isFinite(num)) throw located(start, i - start, 'Number too large', '的数字太大');
      push('num', m[0], start, num);
    } else if (isIdentStart(c)) {
      const start = i;
      const path = readPath(text, start);
      i = path.end;
      const first = path.segments[0];
      if (KEYWORDS.has(first)) {
        if (path.segments.length > 1) {
          throw located(start, first.length, `'${first}' is a keyword and cannot start a name`, `的“${first}”是关键字，不能作为名称开头`);
        }
        // and/or/not are operators like && || ! ; true/false/null are literals.
        push(first === 'and' || first === 'or' || first === 'not' ? 'op' : 'kw', first, start);
      } else {
        push('path', path.segments.join('.'), start, NaN, path.segments.length === 1);
      }
    } else {
      const start = i;
      if (Object.prototype.hasOwnProperty.call(FULL_WIDTH, c)) {
        i++;
        push('op', FULL_WIDTH[c], start);
        continue;
      }
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op === undefined) {
        const ch = String.fromCodePoint(text.codePointAt(i) as number);
        throw located(i, ch.length, `Unexpected character '${ch}'`, `出现意外的字符“${ch}”`);
      }
      i += op.length;
      push('op', NORMALISED[op] ?? op, start);
    }
  }
  tokens.push({ kind: 'eof', value: '', num: NaN, simple: false, offset: text.length, length: 0, raw: '' });
  return tokens;
}

function readString(text: string, start: number): { text: string; end: number } {
  const quote = text[start];
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) return { text: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) break;
    if (e === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw located(i, Math.min(6, text.length - i), 'Invalid \\u escape: expected 4 hex digits', '的 \\u 转义无效：需要 4 位十六进制数字');
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    } else if (Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
      out += ESCAPES[e];
      i += 2;
    } else {
      throw located(i, 2, `Unknown escape '\\${e}' in string`, `的字符串转义“\\${e}”无法识别`);
    }
  }
  throw located(start, text.length - start, 'Unterminated string: missing closing quote', `的字符串没有结束，缺少右引号 ${quote}`);
}

/** `a.b.3`, `a[3]`: one token, so that `.3` after a name is a segment, not the number 0.3. */
function readPath(text: string, start: number): { segments: string[]; end: number } {
  const segments: string[] = [];
  let i = start;
  const take = (segStart: number, end: number): void => {
    const seg = text.slice(segStart, end);
    if (FORBIDDEN_SEGMENTS.has(seg)) {
      throw located(segStart, seg.length, `The name segment '${seg}' is not allowed`, `的名称片段“${seg}”不允许使用`);
    }
    segments.push(seg);
    i = end;
  };
  const scan = (from: number): number => {
    let j = from;
    while (isIdentPart(text[j])) j++;
    return j;
  };

  take(start, scan(start));
  for (;;) {
    if (text[i] === '.' && isIdentPart(text[i + 1])) {
      const segStart = i + 1;
      const end = scan(segStart);
      const seg = text.slice(segStart, end);
      if (!/^\d+$/.test(seg) && !isIdentStart(seg[0])) {
        throw located(segStart, seg.length, `Invalid name segment '${seg}'`, `的名称片段“${seg}”无效`);
      }
      take(segStart, end);
    } else if (text[i] === '[' && isDigit(text[i + 1])) {
      let end = i + 1;
      while (isDigit(text[end])) end++;
      if (text[end] !== ']') throw located(end, 0, "Expected ']' after the index", '缺少右方括号 ]');
      take(i + 1, end);
      i = end + 1;
    } else {
      return { segments, end: i };
    }
  }
}
