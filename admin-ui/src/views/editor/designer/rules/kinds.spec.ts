import { describe, expect, it } from 'vitest';
import memberStars from '../../../../../../rule-packs/rehab-member-stars/1.0.0.json';
import { KIND_ZH, RULE_KINDS, newRule, newRuleName } from './kinds';

describe('newRuleName', () => {
  it('takes the base name and 新<kind> when free', () => {
    expect(newRuleName('bands', { rules: [] })).toEqual({ name: 'grade', label: '新分档' });
  });

  it('numbers past names and labels already taken', () => {
    const doc = { rules: [{ name: 'grade', kind: 'bands' }, { name: 'x', kind: 'value', label: { 'zh-CN': '新分档2', en: 'x' } }] };
    expect(newRuleName('bands', doc)).toEqual({ name: 'grade3', label: '新分档3' });
  });

  it('avoids parameters (first segment) and top-level inputs', () => {
    const doc = { rules: [], parameters: { 'value.max': { value: 1 } }, input: { properties: { value2: {} } } };
    expect(newRuleName('value', doc).name).toBe('value3');
  });

  it('avoids a quota blocked name', () => {
    expect(newRuleName('quota', { rules: [{ name: 'x', kind: 'quota', blockedName: 'granted' }] }).name).toBe('granted2');
  });

  it('on rehab-member-stars: a new veto targets the bands rule and a new value is "value"', () => {
    const veto = newRule('veto', memberStars) as { target: string; name: string };
    expect(veto.name).toBe('vetoed2');
    expect(veto.target).toBe('stars');
    expect(newRule('value', memberStars)).toMatchObject({ name: 'value', kind: 'value', formula: { expr: '' }, label: { 'zh-CN': '新计算', en: 'value' } });
  });

  it('has a Chinese name for all twelve kinds', () => {
    expect(RULE_KINDS.map((k) => KIND_ZH[k])).toEqual(['计算', '分档', '一票否决', '逐级达标', '排名', '分组统计', '名额', '连续', '期内次数', '上期', '升降', '追加']);
  });
});
