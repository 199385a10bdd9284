import { describe, expect, it } from 'vitest';
import { findNode, formulaNodes, offsetToPosition, parseWithPositions, pointerOf, pointerToRange, pointersToRanges, positionToOffset } from './jsonPositions';

const doc = `{
  "id": "rehab-branch-stars",
  "parameters": {
    "starBands": { "value": [60, 70, 80, 90, 96] },
    "a/b": { "value": 1 },
    "t~x": { "value": 2 }
  },
  "rules": [
    { "name": "score", "kind": "value", "expr": { "+": [1, 2] }, "formula": { "expr": "1 + 2" } },
    { "name": "stars", "kind": "bands", "of": { "var": "score" } }
  ]
}`;

describe('pointerToRange', () => {
  it('maps an array element to its number token', () => {
    expect(pointerToRange(doc, '/parameters/starBands/value/3')).toEqual({
      startLineNumber: 4, startColumn: 42, endLineNumber: 4, endColumn: 44, exact: true,
    });
    expect(doc.split("\n")[3].slice(41, 43)).toBe('90');
  });

  it('maps an object to its key, not the whole block', () => {
    const r = pointerToRange(doc, '/rules/1/of');
    expect(r).toMatchObject({ startLineNumber: 10, endLineNumber: 10, exact: true });
    expect(doc.split('\n')[9].slice(r.startColumn - 1, r.endColumn - 1)).toBe('"of"');
  });

  it('maps an array item that is an object to its opening brace', () => {
    const r = pointerToRange(doc, '/rules/0');
    expect(r).toEqual({ startLineNumber: 9, startColumn: 5, endLineNumber: 9, endColumn: 6, exact: true });
  });

  it('unescapes ~1 and ~0 in segments', () => {
    expect(pointerToRange(doc, '/parameters/a~1b/value')).toMatchObject({ startLineNumber: 5, exact: true });
    expect(pointerToRange(doc, '/parameters/t~0x/value')).toMatchObject({ startLineNumber: 6, exact: true });
  });

  it('falls back to the deepest existing ancestor for a missing property', () => {
    const r = pointerToRange(doc, '/rules/1/values');
    expect(r.exact).toBe(false);
    expect(r).toMatchObject({ startLineNumber: 10, startColumn: 5, endColumn: 6 });
  });

  it('treats an out-of-range index as missing', () => {
    expect(pointerToRange(doc, '/rules/7/name')).toMatchObject({ startLineNumber: 8, exact: false });
  });

  it('names the root for the empty pointer', () => {
    expect(pointerToRange(doc, '')).toEqual({ startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 2, exact: true });
  });

  it('returns the first line, inexact, for malformed text', () => {
    expect(pointerToRange('{\n  "a": ,\n}', '/a')).toEqual({ startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 2, exact: false });
  });

  it('maps many pointers against one parse', () => {
    const rs = pointersToRanges(doc, ['/id', '/rules/0/name']);
    expect(rs.map((r) => r.startLineNumber)).toEqual([2, 9]);
    expect(doc.split('\n')[1].slice(rs[0].startColumn - 1, rs[0].endColumn - 1)).toBe('"rehab-branch-stars"');
  });
});

describe('parseWithPositions', () => {
  it('agrees with JSON.parse on values', () => {
    const root = parseWithPositions(doc);
    const n = findNode(root, '/rules/0/formula/expr').node;
    expect(n.value).toBe('1 + 2');
    expect(findNode(root, '/parameters/starBands/value/4').node.value).toBe(96);
  });

  it('decodes escapes in strings', () => {
    expect(parseWithPositions('{"a":"x\\u00e9\\n\\"y"}').children![0].value).toBe('xé\n"y');
  });

  it('rejects trailing commas with the offset of the problem', () => {
    expect(() => parseWithPositions('[1, 2,]')).toThrow(expect.objectContaining({ offset: 6 }));
  });

  it('gives the pointer back from a node', () => {
    const root = parseWithPositions(doc);
    expect(pointerOf(findNode(root, '/parameters/a~1b/value').node)).toBe('/parameters/a~1b/value');
  });

  it('finds formula strings', () => {
    const nodes = formulaNodes(parseWithPositions(doc));
    expect(nodes.map((n) => n.value)).toEqual(['1 + 2']);
  });
});

describe('offsets and positions', () => {
  it('round-trips', () => {
    for (const off of [0, 5, 30, doc.length]) expect(positionToOffset(doc, offsetToPosition(doc, off))).toBe(off);
  });
});
