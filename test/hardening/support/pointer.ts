/** RFC 6901 JSON Pointers over plain JSON documents: enumerate, read, write and delete by pointer. */

export const encode = (s: string | number) => String(s).replace(/~/g, '~0').replace(/\//g, '~1');
export const decode = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

export function segments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(decode);
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Whether the pointer names an existing node (own properties only: "/constructor" does not resolve in {}). */
export function resolves(doc: unknown, pointer: string): boolean {
  let v: unknown = doc;
  for (const s of segments(pointer)) {
    if (Array.isArray(v)) {
      if (!/^(0|[1-9]\d*)$/.test(s) || Number(s) >= v.length) return false;
      v = v[Number(s)];
    } else if (v !== null && typeof v === 'object') {
      if (!own(v, s)) return false;
      v = (v as Record<string, unknown>)[s];
    } else return false;
  }
  return true;
}

export function parentOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

export function getAt(doc: unknown, pointer: string): unknown {
  let v: any = doc;
  for (const s of segments(pointer)) v = v[s];
  return v;
}

/** Replaces the node at pointer (which must resolve, or name a new key of an existing object). */
export function setAt(doc: unknown, pointer: string, value: unknown): void {
  const segs = segments(pointer);
  const last = segs.pop()!;
  const parent: any = getAt(doc, segs.map((s) => '/' + encode(s)).join(''));
  // defineProperty so that a key named __proto__ becomes an own property, as JSON.parse makes it
  Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
}

export function deleteAt(doc: unknown, pointer: string): void {
  const segs = segments(pointer);
  const last = segs.pop()!;
  const parent: any = getAt(doc, segs.map((s) => '/' + encode(s)).join(''));
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
}

export interface Node {
  pointer: string;
  value: unknown;
  /** The key in its parent object (undefined for array items and the root). */
  key?: string;
}

/** Every node of a JSON document, depth first, the root excluded. */
export function nodes(doc: unknown): Node[] {
  const out: Node[] = [];
  const walk = (v: unknown, at: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => (out.push({ pointer: `${at}/${i}`, value: x }), walk(x, `${at}/${i}`)));
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push({ pointer: `${at}/${encode(k)}`, value: x, key: k });
        walk(x, `${at}/${encode(k)}`);
      }
    }
  };
  walk(doc, '');
  return out;
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
