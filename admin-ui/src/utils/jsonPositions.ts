/**
 * JSON text with source positions, so that a JSON Pointer from the server (`/rules/3/bounds/1`) can be turned
 * into the range of the editor text it names. Pure functions: no Monaco types, tested in jsonPositions.spec.ts.
 */

export type JsonNodeType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface JsonNode {
  type: JsonNodeType;
  /** Offsets into the text: [start, end). */
  start: number;
  end: number;
  /** For a property value: the offsets of its key (quotes included). */
  keyStart?: number;
  keyEnd?: number;
  key?: string;
  parent?: JsonNode;
  /** Object members in order, or array items. */
  children?: JsonNode[];
  value?: string | number | boolean | null;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseWithPositions(text: string): JsonNode {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const fail = (msg: string): never => {
    throw new JsonSyntaxError(msg, i);
  };

  function str(): { value: string; start: number; end: number } {
    const start = i;
    if (text[i] !== '"') fail('expected a string');
    i++;
    let out = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const c = text[i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (c === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad unicode escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (c in map) {
          out += map[c];
          i += 2;
        } else fail('bad escape');
      } else {
        if (text.charCodeAt(i) < 0x20) fail('control character in string');
        out += text[i++];
      }
    }
    if (text[i] !== '"') fail('unterminated string');
    i++;
    return { value: out, start, end: i };
  }

  function value(parent?: JsonNode): JsonNode {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      const node: JsonNode = { type: 'object', start, end: start, children: [], parent };
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        node.end = i;
        return node;
      }
      for (;;) {
        ws();
        const k = str();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        const child = value(node);
        child.key = k.value;
        child.keyStart = k.start;
        child.keyEnd = k.end;
        node.children!.push(child);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          break;
        }
        fail('expected "," or "}"');
      }
      node.end = i;
      return node;
    }
    if (c === '[') {
      const node: JsonNode = { type: 'array', start, end: start, children: [], parent };
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        node.end = i;
        return node;
      }
      for (;;) {
        node.children!.push(value(node));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          break;
        }
        fail('expected "," or "]"');
      }
      node.end = i;
      return node;
    }
    if (c === '"') {
      const s = str();
      return { type: 'string', start, end: s.end, value: s.value, parent };
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (m) {
      i += m[0].length;
      return { type: 'number', start, end: i, value: Number(m[0]), parent };
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { type: v === null ? 'null' : 'boolean', start, end: i, value: v, parent };
      }
    }
    return fail('unexpected character');
  }

  const root = value();
  ws();
  if (i < text.length) fail('unexpected text after the document');
  return root;
}

/** RFC 6901 segments of a pointer ("" is the whole document). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  const p = pointer.startsWith('#') ? decodeURIComponent(pointer.slice(1)) : pointer;
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function childAt(node: JsonNode, segment: string): JsonNode | undefined {
  if (node.type === 'object') {
    // the last duplicate key wins, as in JSON.parse
    for (let k = node.children!.length - 1; k >= 0; k--) if (node.children![k].key === segment) return node.children![k];
    return undefined;
  }
  if (node.type === 'array' && /^(0|[1-9]\d*)$/.test(segment)) return node.children![Number(segment)];
  return undefined;
}

/** The node a pointer names, or its deepest existing ancestor (a missing property is reported where it belongs). */
export function findNode(root: JsonNode, pointer: string): { node: JsonNode; exact: boolean } {
  let node = root;
  for (const seg of pointerSegments(pointer)) {
    const next = childAt(node, seg);
    if (!next) return { node, exact: false };
    node = next;
  }
  return { node, exact: true };
}

export interface Position {
  lineNumber: number;
  column: number;
}

export interface TextRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** 1-based line and column of an offset (Monaco's convention; columns count UTF-16 units). */
export function offsetToPosition(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let k = 0; k < end; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { lineNumber: line, column: end - lineStart + 1 };
}

export function positionToOffset(text: string, pos: Position): number {
  let line = 1;
  let k = 0;
  while (line < pos.lineNumber && k < text.length) {
    if (text.charCodeAt(k) === 10) line++;
    k++;
  }
  return Math.min(text.length, k + pos.column - 1);
}

function rangeOf(text: string, start: number, end: number): TextRange {
  const a = offsetToPosition(text, start);
  const b = offsetToPosition(text, end);
  return { startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column };
}

/**
 * The offsets to underline for a node: a scalar's own text; for an object or array, its key when it has one
 * (underlining a 200-line object helps nobody), else its opening bracket.
 */
export function markOffsets(node: JsonNode): [number, number] {
  if (node.type !== 'object' && node.type !== 'array') return [node.start, node.end];
  if (node.keyStart !== undefined) return [node.keyStart, node.keyEnd!];
  return [node.start, node.start + 1];
}

/**
 * Map a JSON Pointer to a text range. `exact` is false when the pointer names something absent (a missing
 * required property): the range is then the deepest ancestor that exists. Malformed text gives the first line.
 */
export function pointerToRange(text: string, pointer: string): TextRange & { exact: boolean } {
  let root: JsonNode;
  try {
    root = parseWithPositions(text);
  } catch {
    const firstLineEnd = text.indexOf('\n');
    return { ...rangeOf(text, 0, firstLineEnd < 0 ? text.length : firstLineEnd), exact: false };
  }
  const { node, exact } = findNode(root, pointer);
  const [s, e] = markOffsets(node);
  return { ...rangeOf(text, s, e), exact };
}

/** Many pointers against one parse (the problems list of a whole pack). */
export function pointersToRanges(text: string, pointers: string[]): (TextRange & { exact: boolean })[] {
  let root: JsonNode | null = null;
  try {
    root = parseWithPositions(text);
  } catch {
    return pointers.map((p) => pointerToRange(text, p));
  }
  return pointers.map((p) => {
    const { node, exact } = findNode(root!, p);
    const [s, e] = markOffsets(node);
    return { ...rangeOf(text, s, e), exact };
  });
}

/** The pointer of a node (the inverse of findNode). */
export function pointerOf(node: JsonNode): string {
  const segs: string[] = [];
  for (let n: JsonNode | undefined = node; n?.parent; n = n.parent) {
    const seg = n.key !== undefined ? n.key : String(n.parent.children!.indexOf(n));
    segs.unshift(seg.replace(/~/g, '~0').replace(/\//g, '~1'));
  }
  return segs.length ? `/${segs.join('/')}` : '';
}

/**
 * The string values that hold formula text: `formula` objects of rules (`{ "expr": "a + b" }`) and the
 * `formula` strings of ladder checks. They are highlighted in the editor.
 */
export function formulaNodes(root: JsonNode): JsonNode[] {
  const out: JsonNode[] = [];
  const walk = (n: JsonNode) => {
    if (n.key === 'formula' && n.type === 'string') out.push(n);
    else if (n.key === 'formula' && n.type === 'object') for (const c of n.children!) if (c.type === 'string') out.push(c);
    for (const c of n.children ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** The innermost node containing an offset (for completion context). */
export function nodeAt(root: JsonNode, offset: number): JsonNode {
  let n = root;
  for (;;) {
    const next = n.children?.find((c) => (c.keyStart ?? c.start) <= offset && offset <= c.end);
    if (!next) return n;
    n = next;
  }
}
