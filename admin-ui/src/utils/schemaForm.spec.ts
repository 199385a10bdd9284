import { describe, expect, it } from 'vitest';
import { defaultSubject, defaultValue, fieldOf, resolveNumber, subjectFields } from './schemaForm';

const category = (title: string) => ({ type: 'number', minimum: 0, maximum: 20, title });
const rater = { type: 'object', required: ['teamBuilding'], properties: { teamBuilding: category('班子建设 / Team building'), innovation: category('创新工作 / Innovation') } };
const input = {
  type: 'object',
  required: ['self', 'peers', 'satisfaction'],
  properties: {
    self: { ...rater, title: '支部自评 / Self-assessment' },
    peers: { type: 'array', minItems: 1, items: rater, title: '其他党支部互评 / Peers' },
    satisfaction: { type: 'number', minimum: 0, maximum: 1, title: '群众满意度 / Satisfaction' },
    majorIncident: { type: 'boolean' },
    line: { enum: ['front', 'second', 'surface'] },
    additions: { type: 'array', items: { type: 'number', minimum: { $param: 'additionRange.0' }, maximum: { $param: 'additionRange.1' } } },
    note: { type: ['string', 'null'] },
    count: { type: 'integer', exclusiveMinimum: 0 },
  },
};
const params = { additionRange: { value: [5, 10] } };

describe('subjectFields', () => {
  const fields = subjectFields(input, params, 'zh-CN');
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));

  it('keeps the order and kinds of the schema', () => {
    expect(fields.map((f) => `${f.key}:${f.kind}`)).toEqual(['self:object', 'peers:array', 'satisfaction:number', 'majorIncident:boolean', 'line:enum', 'additions:array', 'note:string', 'count:integer']);
  });

  it('nests objects with labels in the UI language and pointers', () => {
    const self = byKey.self;
    expect(self.kind === 'object' && self.fields.map((f) => [f.label, f.path, f.required])).toEqual([
      ['班子建设', '/self/teamBuilding', true],
      ['创新工作', '/self/innovation', false],
    ]);
    expect(subjectFields(input, params, 'en')[0].label).toBe('Self-assessment');
  });

  it('describes arrays of objects with their minimum size', () => {
    const peers = byKey.peers;
    expect(peers.kind).toBe('array');
    if (peers.kind === 'array') {
      expect(peers.minItems).toBe(1);
      expect(peers.item.kind).toBe('object');
    }
  });

  it('reads bounds from parameters, and uses a fine step for 0–1 ranges', () => {
    const add = byKey.additions;
    expect(add.kind === 'array' && add.item).toMatchObject({ kind: 'number', min: 5, max: 10, step: 1 });
    expect(byKey.satisfaction).toMatchObject({ min: 0, max: 1, step: 0.01 });
  });

  it('lists enum options and marks nullable types', () => {
    expect(byKey.line.kind === 'enum' && byKey.line.options.map((o) => o.value)).toEqual(['front', 'second', 'surface']);
    expect(byKey.note).toMatchObject({ kind: 'string', nullable: true });
  });

  it('builds a valid starting subject', () => {
    expect(defaultSubject(fields)).toEqual({
      self: { teamBuilding: 0, innovation: 0 },
      peers: [{ teamBuilding: 0, innovation: 0 }],
      satisfaction: 0,
      majorIncident: false,
      line: 'front',
      additions: [],
      note: '',
      count: 1,
    });
  });
});

describe('resolveNumber', () => {
  it('reads a whole parameter or one element', () => {
    expect(resolveNumber({ $param: 'x' }, { x: { value: 3 } })).toBe(3);
    expect(resolveNumber({ $param: 'r.1' }, { r: { value: [1, 9] } })).toBe(9);
    expect(resolveNumber({ $param: 'missing' }, {})).toBeUndefined();
  });

  it('gives a default within an exclusive lower bound', () => {
    expect(defaultValue(fieldOf({ type: 'number', exclusiveMinimum: 0, maximum: 1 }, 'x', '/x', true, {}, 'zh-CN'))).toBe(0.01);
  });
});
