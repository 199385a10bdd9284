import { located } from './error';
import { FORBIDDEN_SEGMENTS, KEYWORDS, WORD_OPERATORS, isIdentPart, isIdentStart } from './functions';

export type TokenKind = 'num' | 'str' | 'path' | 'kw' | 'op' | 'eof';

/** One segment of a name: `a`, `组织建设`, `3`, or a label quoted in 【…】 / 「…」. */
export interface Segment {
  text: string;
  offset: number;
  length: number;
  quoted: boolean;
}

export interface Token {
  kind: TokenKind;
  /** Operators normalised (`=` → `==`, `（` → `(`, `≥` → `>=`), strings decoded, paths joined with '.'. */
  value: string;
  /** The value of a number token. */
  num: number;
  /** For a path: whether it was a single plain identifier, i.e. can name a function. */
  simple: boolean;
  /** For an operator: spelled as a word (and, or, not, 且, 或, 非), so it can also be called like a function. */
  word: boolean;
  /** For a path: its segments as written. */
  segments: Segment[];
  offset: number;
  length: number;
  /** The source text, for messages. */
  raw: string;
}

// Longest first, so `<=` wins over `<` and `!==` over `!=`.
const OPERATORS = ['===', '!==', '==', '!=', '<=', '>=', '<>', '&&', '||', '=', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', '[', ']', ',', '≥', '≤', '≠'];
const NORMALISED: Record<string, string> = { '=': '==', '<>': '!=', '&&': 'and', '||': 'or', '≥': '>=', '≤': '<=', '≠': '!=' };
/**
 * Staff typing with a Chinese input method get full-width forms: each reads as its ASCII twin. The lexer
 * reads operators, numbers and names from a folded copy of the text of the same length, so offsets agree.
 */
const FULL_WIDTH: Record<string, string> = {
  '（': '(', '）': ')', '，': ',', '＋': '+', '－': '-', '×': '*', '＊': '*', '÷': '/', '／': '/',
  '＝': '=', '＜': '<', '＞': '>', '！': '!', '％': '%', '［': '[', '］': ']', '．': '.', '＆': '&', '｜': '|',
};
const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };
const LABEL_QUOTES: Record<string, string> = { '【': '】', '「': '」' };
// \r and NBSP are beyond the brief, but Windows newlines and text pasted from Word would otherwise fail.
const WHITESPACE = /[ \t\n\r\v\f\u00a0\u3000]/;
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"', '/': '/' };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** The text with every full-width twin (and full-width digit) replaced by its ASCII character; same length. */
export function foldWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const code = c.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 48);
    else out += Object.prototype.hasOwnProperty.call(FULL_WIDTH, c) ? FULL_WIDTH[c] : c;
  }
  return out;
}

export function lex(text: string): Token[] {
  const folded = foldWidth(text);
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, start: number, extra: Partial<Token> = {}): void => {
    tokens.push({ kind, value, num: NaN, simple: false, word: false, segments: [], offset: start, length: i - start, raw: text.slice(start, i), ...extra });
  };

  while (i < text.length) {
    const c = folded[i];
    if (WHITESPACE.test(c)) {
      i++;
    } else if (Object.prototype.hasOwnProperty.call(QUOTES, c)) {
      const start = i;
      const value = readString(text, start);
      i = value.end;
      push('str', value.text, start);
    } else if (isDigit(c) || (c === '.' && isDigit(folded[i + 1]))) {
      const start = i;
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(folded) as RegExpExecArray;
      i += m[0].length;
      if (isIdentPart(folded[i]) || folded[i] === '.') {
        let end = i;
        while (isIdentPart(folded[end]) || folded[end] === '.') end++;
        throw located(start, end - start, `Invalid number '${text.slice(start, end)}'`, `的数字“${text.slice(start, end)}”无效`);
      }
      const num = Number(m[0]);
      if (!Number.isFinite(num)) throw located(start, i - start, 'Number too large', '的数字太大');
      push('num', m[0], start, { num });
    } else if (isIdentStart(c) || Object.prototype.hasOwnProperty.call(LABEL_QUOTES, c)) {
      const start = i;
      const path = readPath(text, folded, start);
      i = path.end;
      const first = path.segments[0];
      const word = !first.quoted && path.segments.length === 1 && Object.prototype.hasOwnProperty.call(WORD_OPERATORS, first.text);
      if (!first.quoted && KEYWORDS.has(first.text)) {
        if (path.segments.length > 1) {
          throw located(start, first.length, `'${first.text}' is a keyword and cannot start a name`, `的“${first.text}”是关键字，不能作为名称开头`);
        }
        // and/or/not are operators like && || ! ; true/false/null are literals.
        const op = first.text === 'and' || first.text === 'or' || first.text === 'not';
        push(op ? 'op' : 'kw', first.text, start, { word: op });
      } else if (word) {
        push('op', WORD_OPERATORS[first.text], start, { word: true });
      } else {
        const simple = path.segments.length === 1 && !first.quoted;
        push('path', path.segments.map((s) => s.text).join('.'), start, { simple, segments: path.segments });
      }
    } else {
      const start = i;
      const op = OPERATORS.find((o) => folded.startsWith(o, i));
      if (op === undefined) {
        const ch = String.fromCodePoint(text.codePointAt(i) as number);
        throw located(i, ch.length, `Unexpected character '${ch}'`, `出现意外的字符“${ch}”`);
      }
      i += op.length;
      push('op', NORMALISED[op] ?? op, start);
    }
  }
  tokens.push({ kind: 'eof', value: '', num: NaN, simple: false, word: false, segments: [], offset: text.length, length: 0, raw: '' });
  return tokens;
}

function readString(text: string, start: number): { text: string; end: number } {
  const quote = QUOTES[text[start]];
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

/** A label in 【…】 or 「…」: any characters but the closing bracket, taken as written. */
function readQuoted(text: string, start: number): { seg: Segment; end: number } {
  const close = LABEL_QUOTES[text[start]];
  const end = text.indexOf(close, start + 1);
  if (end < 0) throw located(start, text.length - start, `Unterminated name: missing '${close}'`, `的名称没有结束，缺少“${close}”`);
  const inner = text.slice(start + 1, end);
  if (!inner.trim()) throw located(start, end + 1 - start, 'Empty name in brackets', `的括号内名称为空`);
  return { seg: { text: inner.trim(), offset: start, length: end + 1 - start, quoted: true }, end: end + 1 };
}

/** `a.b.3`, `a[3]`, `支部自评.班子建设`, `【重点项（10项，满分45）】`: one token, so that `.3` after a name is a segment. */
function readPath(text: string, folded: string, start: number): { segments: Segment[]; end: number } {
  const segments: Segment[] = [];
  let i = start;
  const take = (segStart: number, end: number): void => {
    const seg = folded.slice(segStart, end);
    if (FORBIDDEN_SEGMENTS.has(seg)) {
      throw located(segStart, seg.length, `The name segment '${seg}' is not allowed`, `的名称片段“${seg}”不允许使用`);
    }
    segments.push({ text: seg, offset: segStart, length: end - segStart, quoted: false });
    i = end;
  };
  const scan = (from: number): number => {
    let j = from;
    while (isIdentPart(folded[j])) j++;
    return j;
  };
  const quoted = (at: number): boolean => Object.prototype.hasOwnProperty.call(LABEL_QUOTES, folded[at]);
  const takeQuoted = (at: number): void => {
    const q = readQuoted(text, at);
    segments.push(q.seg);
    i = q.end;
  };

  if (quoted(start)) takeQuoted(start);
  else take(start, scan(start));
  for (;;) {
    if (folded[i] === '.' && quoted(i + 1)) {
      takeQuoted(i + 1);
    } else if (folded[i] === '.' && isIdentPart(folded[i + 1])) {
      const segStart = i + 1;
      const end = scan(segStart);
      const seg = folded.slice(segStart, end);
      if (!/^\d+$/.test(seg) && !isIdentStart(seg[0])) {
        throw located(segStart, seg.length, `Invalid name segment '${seg}'`, `的名称片段“${seg}”无效`);
      }
      take(segStart, end);
    } else if (folded[i] === '[' && isDigit(folded[i + 1])) {
      let end = i + 1;
      while (isDigit(folded[end])) end++;
      if (folded[end] !== ']') throw located(end, 0, "Expected ']' after the index", '缺少右方括号 ]');
      take(i + 1, end);
      i = end + 1;
    } else {
      return { segments, end: i };
    }
  }
}
