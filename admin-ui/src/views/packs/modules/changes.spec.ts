import { describe, expect, it } from 'vitest';
import { villagePack } from '@engine/diff/village.fixture';
import type { PackChange, PackDocument, VersionChanges } from '@/api/packs';
import { changesBetween, groupChanges, publishPlan } from './changes';

const change = (level: PackChange['level'], zh: string, en = zh): PackChange => ({ level, kind: 'k', pointer: `/p/${zh}`, message: { 'zh-CN': zh, en } });

describe('groupChanges', () => {
  it('groups by level, breaking first, and leaves empty groups out', () => {
    const groups = groupChanges([change('patch', '参数 星级标准 80 → 85'), change('major', '删除输入项 教育管理', 'Removed input field edu'), change('patch', '规则 星级 阈值 80 → 85')], 'zh-CN');
    expect(groups).toEqual([
      { level: 'major', items: [{ text: '删除输入项 教育管理', pointer: '/p/删除输入项 教育管理', kind: 'k' }] },
      {
        level: 'patch',
        items: [
          { text: '参数 星级标准 80 → 85', pointer: '/p/参数 星级标准 80 → 85', kind: 'k' },
          { text: '规则 星级 阈值 80 → 85', pointer: '/p/规则 星级 阈值 80 → 85', kind: 'k' },
        ],
      },
    ]);
  });

  it('reads the English message in the English UI', () => {
    expect(groupChanges([change('major', '删除输入项 教育管理', 'Removed input field edu')], 'en')[0].items[0].text).toBe('Removed input field edu');
    expect(groupChanges([], 'zh-CN')).toEqual([]);
  });
});

describe('publishPlan', () => {
  const vc = (satisfies: boolean): VersionChanges => ({ base: '1.0.0', level: 'minor', proposed: '1.1.0', satisfies, changes: [change('minor', '新增输出 星级')] });

  it('a draft numbered too low is renumbered to the proposed version, then published', () => {
    expect(publishPlan('1.0.1', vc(false))).toEqual({ base: '1.0.0', draft: '1.0.1', proposed: '1.1.0', level: 'minor', action: 'renumberThenPublish', target: '1.1.0' });
  });

  it('a draft numbered high enough publishes under its own number', () => {
    expect(publishPlan('2.0.0', vc(true))).toMatchObject({ action: 'publish', target: '2.0.0', proposed: '1.1.0' });
  });

  it('a first version (nothing published) needs no comparison: level "first", not "none"', () => {
    const first: VersionChanges = { base: null, level: 'none', proposed: '1.0.0', satisfies: true, changes: [] };
    expect(publishPlan('1.0.0', first)).toEqual({ base: null, draft: '1.0.0', proposed: '1.0.0', level: 'first', action: 'publish', target: '1.0.0' });
  });
});

describe('changesBetween (the engine classifier, in the browser)', () => {
  it('reads a moved threshold and a removed input field in Chinese', () => {
    const a = villagePack() as unknown as PackDocument;
    const b = JSON.parse(JSON.stringify(a));
    b.rules[1].bounds = [70, 85, 90];
    delete b.input.properties.edu;
    const r = changesBetween(a, b);
    expect(r.level).toBe('major');
    expect(r.changes.map((c) => c.message['zh-CN'])).toEqual(['删除输入项 教育管理', '规则 星级 阈值 80 → 85']);
  });
});
