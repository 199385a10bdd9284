/**
 * Column storage for simulation datasets: a list of JSON records held as typed arrays instead of objects.
 *
 * - numbers: `Int8/16/32Array` when every value is an integer or a short decimal (tenths, hundredths… stored
 *   scaled, each value checked to come back exactly), else `Float64Array`;
 * - booleans: `Uint8Array`;
 * - strings: dictionary-encoded (`Uint8/16/32Array` codes into a string list), or, when nearly every value
 *   is distinct (ids), one byte buffer with `Uint32Array` offsets (latin-1 when every character fits);
 * - objects: a nested table (one column per key, plus a shape code per row when keys differ);
 * - arrays (rater scores, peer ballots): `Uint32Array` offsets into one column of all elements;
 * - a column mixing kinds (null and numbers, say) keeps a tag per row and one column per kind present.
 *
 * Decoding is generated code (one function per table) that rebuilds a row exactly as it was: the same keys in
 * the same order, the same values (-0, undefined and absent keys included). Plain data only: a table posts
 * between threads by structured clone, and `buffersOf` lists its buffers for a transfer list.
 */

export type Column =
  | { k: 'num'; v: Float64Array | Int32Array | Int16Array | Int8Array; scale: number }
  | { k: 'bool'; v: Uint8Array }
  | { k: 'str'; dict: string[]; v: Uint8Array | Uint16Array | Uint32Array }
  | { k: 'text'; buf: Uint8Array; off: Uint32Array; latin1: boolean }
  | { k: 'obj'; t: Table }
  | { k: 'arr'; off: Uint32Array; el: Column }
  | { k: 'mixed'; tag: Uint8Array; parts: (Column | null)[]; other: unknown[] | null };

export interface Table {
  n: number;
  /** Key lists in row order; `shape[i]` picks row i's (null: every row has `shapes[0]`). */
  shapes: string[][];
  shape: Uint8Array | Uint16Array | Uint32Array | null;
  /** One column per key of any shape, over all n rows (rows without the key hold a placeholder). */
  keys: string[];
  cols: Column[];
}

// Tags of a mixed column. PARTS are the kinds with a column of their own.
const T_UNDEF = 0;
const T_NULL = 1;
const T_NUM = 2;
const T_BOOL = 3;
const T_STR = 4;
const T_OBJ = 5;
const T_ARR = 6;
const T_OTHER = 7;

function tagOf(v: unknown): number {
  if (v === undefined) return T_UNDEF;
  if (v === null) return T_NULL;
  switch (typeof v) {
    case 'number':
      return T_NUM;
    case 'boolean':
      return T_BOOL;
    case 'string':
      return T_STR;
    case 'object':
      if (Array.isArray(v)) return T_ARR;
      return Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null ? T_OBJ : T_OTHER;
    default:
      return T_OTHER;
  }
}


function codesFor(n: number, distinct: number): Uint8Array | Uint16Array | Uint32Array {
  return distinct <= 0x100 ? new Uint8Array(n) : distinct <= 0x10000 ? new Uint16Array(n) : new Uint32Array(n);
}

const SCALES = [1, 10, 100, 1000, 10000];

/**
 * Numbers: as small integers when they are (scores with one decimal are tenths: 15.5 is 155 in an Int16Array),
 * the scale chosen so that every value comes back exactly (`v[i] / scale === value`, checked for each one);
 * otherwise as doubles.
 */
function encodeNumbers(vals: readonly unknown[]): Column {
  const n = vals.length;
  scales: for (const scale of SCALES) {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const x = vals[i] as number;
      const m = Math.round(x * scale);
      if (m / scale !== x || Object.is(x, -0) || m > 0x7fffffff || m < -0x80000000) continue scales;
      if (m < lo) lo = m;
      if (m > hi) hi = m;
    }
    const v = lo >= -0x80 && hi <= 0x7f ? new Int8Array(n) : lo >= -0x8000 && hi <= 0x7fff ? new Int16Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) v[i] = Math.round((vals[i] as number) * scale);
    return { k: 'num', v, scale };
  }
  return { k: 'num', v: Float64Array.from(vals as number[]), scale: 1 };
}

function encodeStrings(vals: readonly unknown[]): Column {
  const n = vals.length;
  const index = new Map<string, number>();
  const dict: string[] = [];
  // Mostly distinct (ids, names): a byte buffer beats a million string objects.
  const textAt = Math.max(256, n >>> 2);
  for (let i = 0; i < n; i++) {
    const s = vals[i] as string;
    if (!index.has(s)) {
      index.set(s, dict.length);
      dict.push(s);
      if (dict.length > textAt) return encodeText(vals);
    }
  }
  const v = codesFor(n, dict.length);
  for (let i = 0; i < n; i++) v[i] = index.get(vals[i] as string)!;
  return { k: 'str', dict, v };
}

function encodeText(vals: readonly unknown[]): Column {
  const n = vals.length;
  let latin1 = true;
  for (let i = 0; i < n && latin1; i++) latin1 = !/[^\x00-\xff]/.test(vals[i] as string);
  const enc = latin1 ? 'latin1' : 'utf8';
  const off = new Uint32Array(n + 1);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    bytes += latin1 ? (vals[i] as string).length : Buffer.byteLength(vals[i] as string, 'utf8');
    off[i + 1] = bytes;
  }
  const buf = new Uint8Array(bytes);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i < n; i++) b.write(vals[i] as string, off[i], enc);
  return { k: 'text', buf, off, latin1 };
}

function encodeArrays(vals: readonly unknown[]): Column {
  const n = vals.length;
  const off = new Uint32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += (vals[i] as unknown[]).length;
    off[i + 1] = total;
  }
  const flat = new Array<unknown>(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const a = vals[i] as unknown[];
    // Holes read as undefined, as they do in the array itself (JSON has none).
    for (let j = 0; j < a.length; j++) flat[at++] = a[j];
  }
  return { k: 'arr', off, el: encodeColumn(flat) };
}

/** Encodes one value per row. */
export function encodeColumn(vals: readonly unknown[]): Column {
  const n = vals.length;
  const tags = new Uint8Array(n);
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const t = tagOf(vals[i]);
    tags[i] = t;
    seen |= 1 << t;
  }
  const only = (t: number) => seen === 1 << t;
  if (n > 0) {
    if (only(T_NUM)) return encodeNumbers(vals);
    if (only(T_BOOL)) {
      const v = new Uint8Array(n);
      for (let i = 0; i < n; i++) v[i] = vals[i] ? 1 : 0;
      return { k: 'bool', v };
    }
    if (only(T_STR)) return encodeStrings(vals);
    if (only(T_OBJ)) return { k: 'obj', t: encodeTable(vals as Record<string, unknown>[]) };
    if (only(T_ARR)) return encodeArrays(vals);
  }
  // Mixed: one column per kind present, over all rows (placeholders where the row is of another kind).
  const placeholder: Record<number, () => unknown> = { [T_NUM]: () => 0, [T_BOOL]: () => false, [T_STR]: () => '', [T_OBJ]: () => ({}), [T_ARR]: () => [] };
  const parts: (Column | null)[] = [];
  for (const t of [T_NUM, T_BOOL, T_STR, T_OBJ, T_ARR]) {
    if (!(seen & (1 << t))) {
      parts[t] = null;
      continue;
    }
    const filled = new Array<unknown>(n);
    for (let i = 0; i < n; i++) filled[i] = tags[i] === t ? vals[i] : placeholder[t]();
    parts[t] = encodeColumn(filled);
  }
  let other: unknown[] | null = null;
  if (seen & (1 << T_OTHER)) {
    other = new Array(n).fill(undefined);
    for (let i = 0; i < n; i++) if (tags[i] === T_OTHER) other[i] = vals[i];
  }
  return { k: 'mixed', tag: tags, parts, other };
}

/** Encodes a list of plain objects (the subjects of a period, or one nested object per row). */
export function encodeTable(rows: readonly Record<string, unknown>[]): Table {
  const n = rows.length;
  const shapeIndex = new Map<string, number>();
  const shapes: string[][] = [];
  const rowShape = new Uint32Array(n);
  const keyIndex = new Map<string, number>();
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const ks = Object.keys(rows[i]);
    const sig = ks.join('\u0000');
    let s = shapeIndex.get(sig);
    if (s === undefined) {
      shapeIndex.set(sig, (s = shapes.length));
      shapes.push(ks);
      for (const k of ks) if (!keyIndex.has(k)) keyIndex.set(k, keys.push(k) - 1);
    }
    rowShape[i] = s;
  }
  let shape: Table['shape'] = null;
  if (shapes.length > 1) {
    shape = codesFor(n, shapes.length);
    shape.set(rowShape);
  }
  const cols = keys.map((k) => {
    const vals = new Array<unknown>(n);
    for (let i = 0; i < n; i++) vals[i] = rows[i][k];
    return encodeColumn(vals);
  });
  return { n, shapes, shape, keys, cols };
}

/** Every buffer a table holds (for postMessage's transfer list). */
export function buffersOf(t: Table, out: ArrayBuffer[] = []): ArrayBuffer[] {
  const add = (a: ArrayBufferView | null) => {
    if (a && a.buffer instanceof ArrayBuffer && !out.includes(a.buffer)) out.push(a.buffer);
  };
  const col = (c: Column): void => {
    switch (c.k) {
      case 'num':
      case 'bool':
        return add(c.v);
      case 'str':
        return add(c.v);
      case 'text':
        add(c.buf);
        return add(c.off);
      case 'obj':
        buffersOf(c.t, out);
        return;
      case 'arr':
        add(c.off);
        return col(c.el);
      case 'mixed':
        add(c.tag);
        for (const p of c.parts) if (p) col(p);
    }
  };
  add(t.shape);
  t.cols.forEach(col);
  return out;
}

/** Bytes held by a table's typed arrays (strings of dictionaries counted at 2 bytes a character). */
export function tableBytes(t: Table): number {
  let b = t.shape?.byteLength ?? 0;
  const col = (c: Column): void => {
    switch (c.k) {
      case 'num':
      case 'bool':
        b += c.v.byteLength;
        return;
      case 'str':
        b += c.v.byteLength;
        for (const s of c.dict) b += 2 * s.length;
        return;
      case 'text':
        b += c.buf.byteLength + c.off.byteLength;
        return;
      case 'obj':
        b += tableBytes(c.t);
        return;
      case 'arr':
        b += c.off.byteLength;
        return col(c.el);
      case 'mixed':
        b += c.tag.byteLength;
        for (const p of c.parts) if (p) col(p);
    }
  };
  t.cols.forEach(col);
  return b;
}

// ---- decoding: generated code per table ----

/**
 * One compiled factory per generated source: tables of the same layout (every unit of a dataset) produce the
 * same source, which reads its columns from `R`, so their decoders are closures of one function and share
 * V8's feedback and optimised code instead of each warming up on its own.
 */
const factories = new Map<string, (refs: unknown[]) => unknown>();
function factory(src: string): (refs: unknown[]) => unknown {
  let f = factories.get(src);
  if (!f) {
    if (factories.size >= 256) factories.clear();
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    factories.set(src, (f = new Function('R', src) as (refs: unknown[]) => unknown));
  }
  return f;
}

const prop = (k: string) => (k === '__proto__' ? '["__proto__"]' : JSON.stringify(k));

/** A function that rebuilds row i of the table (fresh objects each call). */
export type RowDecoder = (i: number) => Record<string, unknown>;

/**
 * Generates the decoder of a table: straight-line object literals reading the typed arrays, one per shape.
 * Strings held as bytes are decoded with Buffer (latin-1 or UTF-8).
 */
export function rowDecoder(t: Table): RowDecoder {
  const refs: unknown[] = [];
  const fns: string[] = [];
  const ref = (x: unknown) => {
    refs.push(x);
    return `R[${refs.length - 1}]`;
  };
  let fnCount = 0;
  const consts: string[] = [];
  const hoist = (x: unknown) => {
    const name = `c${consts.length}`;
    consts.push(`const ${name} = ${ref(x)};`);
    return name;
  };
  /** An expression for the value of column c at index expression `i` (a plain identifier). */
  const expr = (c: Column, i: string): string => {
    switch (c.k) {
      case 'num':
      case 'str':
        if (c.k === 'num') return c.scale === 1 ? `${hoist(c.v)}[${i}]` : `(${hoist(c.v)}[${i}] / ${c.scale})`;
        return `${hoist(c.dict)}[${hoist(c.v)}[${i}]]`;
      case 'bool':
        return `(${hoist(c.v)}[${i}] === 1)`;
      case 'text': {
        const b = hoist(Buffer.from(c.buf.buffer, c.buf.byteOffset, c.buf.byteLength));
        const o = hoist(c.off);
        return `${b}.${c.latin1 ? 'latin1Slice' : 'utf8Slice'}(${o}[${i}], ${o}[${i} + 1])`;
      }
      case 'obj': {
        const f = `f${fnCount++}`;
        fns.push(tableFn(c.t, f));
        return `${f}(${i})`;
      }
      case 'arr': {
        const f = `f${fnCount++}`;
        const o = hoist(c.off);
        fns.push(`function ${f}(i) { const r = []; for (let j = ${o}[i], e = ${o}[i + 1]; j < e; j++) r.push(${expr(c.el, 'j')}); return r; }`);
        return `${f}(${i})`;
      }
      case 'mixed': {
        const f = `f${fnCount++}`;
        const tag = hoist(c.tag);
        const cases: string[] = [`case ${T_UNDEF}: return undefined;`, `case ${T_NULL}: return null;`];
        c.parts.forEach((p, t) => p && cases.push(`case ${t}: return ${expr(p, 'i')};`));
        if (c.other) cases.push(`case ${T_OTHER}: return ${hoist(c.other)}[i];`);
        fns.push(`function ${f}(i) { switch (${tag}[i]) { ${cases.join(' ')} } }`);
        return `${f}(${i})`;
      }
    }
  };
  const literal = (tb: Table, keys: string[], i: string) =>
    `{ ${keys.map((k) => `${prop(k)}: ${expr(tb.cols[tb.keys.indexOf(k)], i)}`).join(', ')} }`;
  const tableFn = (tb: Table, name: string): string => {
    if (tb.shape === null) return `function ${name}(i) { return ${literal(tb, tb.shapes[0] ?? [], 'i')}; }`;
    const s = hoist(tb.shape);
    const cases = tb.shapes.map((ks, k) => `case ${k}: return ${literal(tb, ks, 'i')};`);
    return `function ${name}(i) { switch (${s}[i]) { ${cases.join(' ')} } }`;
  };
  const top = tableFn(t, 'row');
  const body = `${consts.join('\n')}\n${fns.join('\n')}\n${top}\nreturn row;`;
  return factory(body)(refs) as RowDecoder;
}

/** Rows [0, n) of a table as fresh objects. */
export function decodeTable(t: Table, decoder: RowDecoder = rowDecoder(t)): Record<string, unknown>[] {
  const out = new Array<Record<string, unknown>>(t.n);
  for (let i = 0; i < t.n; i++) out[i] = decoder(i);
  return out;
}

// ---- refilling rows in place: one set of row objects per thread, no allocation per subject ----

/**
 * The structure a row of the table has, as far as refilling it in place relies on: keys in order, nested
 * single-shape objects and arrays of them. Two tables with the same signature fill the same objects.
 * Parts that are rebuilt on every fill (mixed columns, objects of several shapes) are opaque here.
 */
export function tableSignature(t: Table): string {
  if (t.shape !== null) return '*';
  const col = (c: Column): string => {
    switch (c.k) {
      case 'obj':
        return tableSignature(c.t);
      case 'arr':
        return `[${col(c.el)}]`;
      case 'mixed':
        return '*';
      default:
        return '.';
    }
  };
  return `{${(t.shapes[0] ?? []).map((k) => `${JSON.stringify(k)}:${col(t.cols[t.keys.indexOf(k)])}`).join(',')}}`;
}

/**
 * Row objects for refilling are made by a constructor per layout (keys and kinds), shared by every table of
 * that layout, not by object literals: literals share V8's map tree with every other object of those keys
 * (the parsed and generated datasets), whose number fields are generalised to tagged values, so every number
 * refilled into them would be a fresh heap number stored into an old object. A constructor's objects have a map
 * of their own whose number fields hold doubles in place. Their prototype is Object.prototype, as a literal's.
 */
const makers = new Map<string, () => Record<string, unknown>>();

function layoutOf(tb: Table): string {
  const col = (c: Column): string => {
    switch (c.k) {
      case 'num':
        return 'n';
      case 'bool':
        return 'b';
      case 'str':
      case 'text':
        return 's';
      case 'obj':
        return c.t.shape === null ? layoutOf(c.t) : '*';
      case 'arr':
        return `[${col(c.el)}]`;
      case 'mixed':
        return '*';
    }
  };
  return `{${(tb.shapes[0] ?? []).map((k) => `${JSON.stringify(k)}:${col(tb.cols[tb.keys.indexOf(k)])}`).join(',')}}`;
}

function makerOf(tb: Table): () => Record<string, unknown> {
  const layout = layoutOf(tb);
  let m = makers.get(layout);
  if (m) return m;
  const nested: unknown[] = [];
  const init = (c: Column): string => {
    switch (c.k) {
      case 'num':
        return '0.5';
      case 'bool':
        return 'false';
      case 'str':
      case 'text':
        return "''";
      case 'obj':
        if (c.t.shape !== null) return 'null';
        nested.push(makerOf(c.t));
        return `M[${nested.length - 1}]()`;
      case 'arr':
        return '[]';
      case 'mixed':
        return 'null';
    }
  };
  const body = (tb.shapes[0] ?? []).map((k) => `this[${JSON.stringify(k)}] = ${init(tb.cols[tb.keys.indexOf(k)])};`).join(' ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  m = new Function('M', `function Row() { ${body} } Row.prototype = Object.prototype; return function make() { return new Row(); };`)(nested) as () => Record<string, unknown>;
  if (makers.size >= 256) makers.clear();
  makers.set(layout, m);
  return m;
}

/** Refills `o` (a row this filler, or one of the same signature, built before) with row i, or builds it if `o` is undefined. */
export type RowFiller = (o: Record<string, unknown> | undefined, i: number) => Record<string, unknown>;

/**
 * Generated code that writes row i's values into an existing row object (fields in place, nested objects in
 * place, arrays resized in place); only the parts whose shape varies row by row are built afresh. A table
 * of several top-level shapes always builds (the signature is then '*').
 */
export function rowFiller(t: Table): RowFiller {
  const decode = rowDecoder(t);
  if (t.shape !== null || tableSignature(t).includes('"__proto__"')) return (_o, i) => decode(i);
  const refs: unknown[] = [decode];
  const consts: string[] = [];
  const fns: string[] = [];
  const hoist = (x: unknown) => {
    refs.push(x);
    const name = `c${consts.length}`;
    consts.push(`const ${name} = R[${refs.length - 1}];`);
    return name;
  };
  let fnCount = 0;
  // A fresh value of column c at index i (a nested decoder of its own for the parts built afresh).
  const fresh = (c: Column, i: string): string => {
    const one: Table = { n: 0, shapes: [['v']], shape: null, keys: ['v'], cols: [c] };
    const d = hoist(rowDecoder(one));
    return `${d}(${i}).v`;
  };
  /** Statements that set `${target}` (an lvalue) to column c's value at index i, in place where it can. */
  const assign = (c: Column, target: string, i: string): string => {
    switch (c.k) {
      case 'num':
        return c.scale === 1 ? `${target} = ${hoist(c.v)}[${i}];` : `${target} = ${hoist(c.v)}[${i}] / ${c.scale};`;
      case 'bool':
        return `${target} = ${hoist(c.v)}[${i}] === 1;`;
      case 'str':
        return `${target} = ${hoist(c.dict)}[${hoist(c.v)}[${i}]];`;
      case 'text': {
        const b = hoist(Buffer.from(c.buf.buffer, c.buf.byteOffset, c.buf.byteLength));
        const o = hoist(c.off);
        return `${target} = ${b}.${c.latin1 ? 'latin1Slice' : 'utf8Slice'}(${o}[${i}], ${o}[${i} + 1]);`;
      }
      case 'obj':
        if (c.t.shape !== null) return `${target} = ${fresh(c, i)};`;
        return `${objFn(c.t)}(${target}, ${i});`;
      case 'arr': {
        const f = `a${fnCount++}`;
        const o = hoist(c.off);
        const el = c.el;
        if (el.k === 'obj' && el.t.shape === null) {
          // Elements that are single-shape objects are refilled in place; those a shorter array drops wait in
          // a spare list for the next longer one (arrays of peer scores vary in length from row to row).
          const fill = objFn(el.t);
          const spare = hoist([]);
          const make = hoist(makerOf(el.t));
          fns.push(
            `function ${f}(r, i) { const a = ${o}[i], n = ${o}[i + 1] - a; let m = r.length; while (m > n) { ${spare}.push(r.pop()); m--; } ` +
              `let k = 0, j = a; for (; k < m; k++, j++) ${fill}(r[k], j); ` +
              `for (; k < n; k++, j++) { const e = ${spare}.length ? ${spare}.pop() : ${make}(); ${fill}(e, j); r.push(e); } }`,
          );
          return `${f}(${target}, ${i});`;
        }
        const freshEl = fresh(el, 'j');
        // Anything else is assigned in place.
        const refill = assign(el, 'r[k]', 'j');
        fns.push(
          `function ${f}(r, i) { const a = ${o}[i], n = ${o}[i + 1] - a; if (r.length > n) r.length = n; const m = r.length; ` +
            `for (let k = 0, j = a; k < n; k++, j++) { if (k < m) { ${refill} } else r.push(${freshEl}); } }`,
        );
        return `${f}(${target}, ${i});`;
      }
      case 'mixed':
        return `${target} = ${fresh(c, i)};`;
    }
  };
  const objFns = new Map<Table, string>();
  function objFn(tb: Table): string {
    let f = objFns.get(tb);
    if (f) return f;
    f = `o${fnCount++}`;
    objFns.set(tb, f);
    const body = (tb.shapes[0] ?? []).map((k) => assign(tb.cols[tb.keys.indexOf(k)], `o[${JSON.stringify(k)}]`, 'i')).join(' ');
    fns.push(`function ${f}(o, i) { ${body} }`);
    return f;
  }
  const top = objFn(t);
  const make = hoist(makerOf(t));
  const src = `${consts.join('\n')}\n${fns.join('\n')}\nreturn function fill(o, i) { if (o === undefined) o = ${make}(); ${top}(o, i); return o; };`;
  return factory(src)(refs) as RowFiller;
}
