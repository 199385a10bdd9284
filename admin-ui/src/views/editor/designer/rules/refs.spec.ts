import { describe, expect, it } from 'vitest';
import memberStars from '../../../../../../rule-packs/rehab-member-stars/1.0.0.json';
import redFlag from '../../../../../../rule-packs/yongxi-red-flag/2.0.0.json';
import { readersOf, renameRule, ruleReads } from './refs';

const indexOf = (doc: { rules: { name: string }[] }, name: string) => doc.rules.findIndex((r) => r.name === name);

describe('readersOf', () => {
  it('stars (rehab-member-stars) is read by the veto (target) and the three eligibility values', () => {
    expect(readersOf(memberStars, indexOf(memberStars, 'stars')).map((r) => r.name)).toEqual(['vetoed', 'commended', 'eligibleCenterAwards', 'eligibleBureauAwards']);
  });

  it('score is read by the bands rule through its `of`', () => {
    expect(readersOf(memberStars, indexOf(memberStars, 'score')).map((r) => r.name)).toEqual(['stars']);
  });

  it('nothing reads the last eligibility value', () => {
    expect(readersOf(memberStars, indexOf(memberStars, 'eligibleBureauAwards'))).toEqual([]);
  });

  it('yongxi: lastPlace is read by the window count (when) and the penalty bands (of)', () => {
    expect(readersOf(redFlag, indexOf(redFlag, 'lastPlace')).map((r) => r.name)).toEqual(['lastPlaceCount', 'penalty']);
  });

  it('reads a zh-CN label in formula text but not inside a string literal', () => {
    expect(ruleReads({ kind: 'value', name: 'a', formula: { expr: '如果(星级 >= 4, 1, 0)' } }, 'stars', '星级')).toBe(true);
    expect(ruleReads({ kind: 'value', name: 'a', formula: { expr: 'cat("星级", x)' } }, 'stars', '星级')).toBe(false);
    expect(ruleReads({ kind: 'value', name: 'a', formula: { expr: '星级奖励 + 1' } }, 'stars', '星级')).toBe(false);
  });
});

describe('renameRule', () => {
  it('renames stars to grade in outputs and the veto target, not elsewhere', () => {
    const doc = structuredClone(memberStars) as any;
    renameRule(doc, indexOf(doc, 'stars'), 'grade');
    expect(doc.rules[indexOf(doc, 'grade')].kind).toBe('bands');
    expect(doc.outputs.filter((o: string) => o === 'grade' || o === 'stars')).toEqual(['grade']);
    expect(doc.rules[indexOf(doc, 'vetoed')].target).toBe('grade');
    expect(doc.rules[indexOf(doc, 'commended')].formula.expr).toBe('stars >= 3');
  });
});
