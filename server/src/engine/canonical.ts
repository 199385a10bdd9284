/**
 * JSON with object keys sorted at every depth: equal documents give equal text whatever their key order.
 * Built with an explicit stack, not recursion, so that no nesting depth can overflow the call stack; the text is
 * the same as JSON.stringify of the value with its keys sorted (undefined members left out, undefined array
 * items and non-JSON values as JSON.stringify writes them).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // a work item is a value to write, or a piece of text (closing bracket, comma, key) already decided
  const stack: ({ v: unknown } | string)[] = [{ v: value }];
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    let v = item.v;
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
      out.push('null');
      continue;
    }
    if (v === null || typeof v !== 'object') {
      out.push(JSON.stringify(v));
      continue;
    }
    if (Array.isArray(v)) {
      out.push('[');
      stack.push(']');
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ v: v[i] });
        if (i > 0) stack.push(',');
      }
      continue;
    }
    const o = v as Record<string, unknown>;
    const keys = orderKeys(Object.keys(o).filter((k) => o[k] !== undefined && typeof o[k] !== 'function' && typeof o[k] !== 'symbol'));
    out.push('{');
    stack.push('}');
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ v: o[keys[i]] });
      stack.push(JSON.stringify(keys[i]) + ':');
      if (i > 0) stack.push(',');
    }
  }
  return out.join('');
}

const INDEX = /^(0|[1-9]\d{0,9})$/;

/**
 * Sorted keys in the order an object built by inserting them sorted would list them (the text of stored hashes
 * depends on it): array-index keys ("9", "10") first in numeric order, then the others sorted.
 */
function orderKeys(keys: string[]): string[] {
  const isIndex = (k: string) => INDEX.test(k) && Number(k) < 4294967295;
  const indices = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((k) => !isIndex(k)).sort()];
}
