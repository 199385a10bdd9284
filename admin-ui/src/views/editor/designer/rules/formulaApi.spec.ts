import { describe, expect, it } from 'vitest';
import { knownRootsOf, unknownNames } from './formulaApi';

const doc = {
  input: { type: 'object', properties: { self: { type: 'object', properties: { teamBuilding: { type: 'number' } } }, peers: { type: 'array' } } },
  parameters: { 'weights.self': { value: 0.4 }, passLine: { value: 60 } },
  rules: [{ name: 'score', kind: 'value' }, { name: 'stars', kind: 'bands' }],
};

describe('knownRootsOf / unknownNames', () => {
  it('knows input properties, id, period, parameters and the first segment of dotted ones, rule names', () => {
    expect([...knownRootsOf(doc)].sort()).toEqual(['id', 'passLine', 'peers', 'period', 'score', 'self', 'stars', 'weights']);
  });

  it('reports top-level vars with an unknown first segment, once each, in order', () => {
    const known = knownRootsOf(doc);
    const logic = { '+': [{ var: 'points' }, { var: 'self.teamBuilding' }, { var: 'weights.self' }, { var: ['bonus.extra', 0] }, { var: 'points' }, { var: 'id' }] };
    expect(unknownNames(logic, known)).toEqual(['points', 'bonus.extra']);
  });

  it('skips vars read inside map/filter/reduce/all/some/none, but not their array or reduce initial value', () => {
    const known = knownRootsOf(doc);
    const logic = {
      and: [
        { some: [{ var: 'peers' }, { '>': [{ var: 'votes' }, 1] }] },
        { all: [{ var: 'others' }, { var: 'ok' }] },
        { '>': [{ reduce: [{ var: 'peers' }, { '+': [{ var: 'current.n' }, { var: 'accumulator' }] }, { var: 'start' }] }, 0] },
        { filter: [{ var: 'peers' }, { var: '' }] },
      ],
    };
    expect(unknownNames(logic, known)).toEqual(['others', 'start']);
  });
});
