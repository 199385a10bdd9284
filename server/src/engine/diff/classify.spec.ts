import type { Pack } from '../types';
import { classifyChanges, nextVersion, versionSatisfies } from './classify';
import { villagePack } from './village.fixture';

/** The village pack after `edit`, which changes a deep copy. */
function edited(edit: (p: any) => void): Pack {
  const p = JSON.parse(JSON.stringify(villagePack())) as Pack;
  edit(p);
  return p;
}

const base = villagePack();
const zh = (p: Pack) => classifyChanges(base, p).changes.map((c) => c.message['zh-CN']);
const one = (p: Pack) => {
  const r = classifyChanges(base, p);
  expect(r.changes).toHaveLength(1);
  return { ...r.changes[0], level: r.level, zh: r.changes[0].message['zh-CN'] };
};

describe('classifyChanges', () => {
  it('finds nothing between equal documents, whatever their key order, and ignores the version number', () => {
    const p = edited((d) => {
      d.version = '1.0.1';
      d.input = { properties: d.input.properties, additionalProperties: false, required: d.input.required, type: 'object' };
    });
    expect(classifyChanges(base, p)).toEqual({ level: 'none', changes: [] });
  });

  describe('input fields', () => {
    it('removing one is breaking: 删除输入项 教育管理', () => {
      const c = one(edited((d) => delete d.input.properties.edu));
      expect(c).toMatchObject({ level: 'major', kind: 'input.removed', pointer: '/input/properties/edu', zh: '删除输入项 教育管理' });
      expect(c.message.en).toBe('Removed input field edu');
    });

    it('renaming one (same Chinese name, new field name) is breaking', () => {
      const c = one(
        edited((d) => {
          d.input.properties.education = d.input.properties.edu;
          delete d.input.properties.edu;
          d.input.required = d.input.required.map((n: string) => (n === 'edu' ? 'education' : n));
        }),
      );
      expect(c).toMatchObject({ level: 'major', kind: 'input.renamed', pointer: '/input/properties/education', zh: '输入项 教育管理 的字段名 edu → education' });
    });

    it('changing its type is breaking: 输入项 教育管理 的类型 整数 → 数值', () => {
      const c = one(edited((d) => (d.input.properties.edu.type = 'number')));
      expect(c).toMatchObject({ level: 'major', kind: 'input.type', pointer: '/input/properties/edu/type', zh: '输入项 教育管理 的类型 整数 → 数值' });
    });

    it('fewer enum values is breaking, more is minor', () => {
      const withEnum = (values: string[]) =>
        edited((d) => (d.input.properties.grade = { type: 'string', enum: values, title: '等次' }));
      const from = withEnum(['好', '中', '差']);
      const fewer = classifyChanges(from, withEnum(['好', '中']));
      expect(fewer.level).toBe('major');
      expect(fewer.changes.map((c) => c.message['zh-CN'])).toEqual(['输入项 等次 的可选值减少：差']);
      const more = classifyChanges(from, withEnum(['好', '中', '差', '优']));
      expect(more.level).toBe('minor');
      expect(more.changes.map((c) => c.message['zh-CN'])).toEqual(['输入项 等次 新增可选值：优']);
    });

    it('adding an optional field is minor, a required one breaking (old data no longer validates)', () => {
      const optional = one(edited((d) => (d.input.properties.note = { type: 'string', title: '备注' })));
      expect(optional).toMatchObject({ level: 'minor', kind: 'input.added', pointer: '/input/properties/note', zh: '新增输入项 备注（选填）' });
      const required = one(
        edited((d) => {
          d.input.properties.note = { type: 'string', title: '备注' };
          d.input.required.push('note');
        }),
      );
      expect(required).toMatchObject({ level: 'major', zh: '新增必填输入项 备注（原有数据缺少此项）' });
    });

    it('making a field required is breaking, making it optional minor', () => {
      const req = edited((d) => (d.input.required = d.input.required.filter((n: string) => n !== 'edu')));
      expect(classifyChanges(base, req)).toEqual({
        level: 'minor',
        changes: [{ level: 'minor', kind: 'input.required', pointer: '/input/properties/edu', message: { 'zh-CN': '输入项 教育管理 改为选填', en: 'Input field edu is now optional' } }],
      });
      expect(classifyChanges(req, base).level).toBe('major');
      expect(classifyChanges(req, base).changes[0].message['zh-CN']).toBe('输入项 教育管理 改为必填（原有数据可能缺少此项）');
    });

    it('a narrower range is breaking (25 → 24), a wider one minor (25 → 26)', () => {
      const narrower = one(edited((d) => (d.input.properties.org.maximum = 24)));
      expect(narrower).toMatchObject({ level: 'major', kind: 'input.range', pointer: '/input/properties/org/maximum', zh: '输入项 组织建设 的最大值 25 → 24' });
      const wider = one(edited((d) => (d.input.properties.org.maximum = 26)));
      expect(wider).toMatchObject({ level: 'minor', zh: '输入项 组织建设 的最大值 25 → 26' });
      expect(one(edited((d) => (d.input.properties.org.minimum = 1))).level).toBe('major');
      expect(one(edited((d) => delete d.input.properties.org.minimum)).level).toBe('minor');
    });

    it('a new Chinese name or description is a patch', () => {
      expect(one(edited((d) => (d.input.properties.org.title = '组织建设情况')))).toMatchObject({
        level: 'patch',
        kind: 'input.title',
        pointer: '/input/properties/org/title',
        zh: '输入项 org 的中文名 组织建设 → 组织建设情况',
      });
      expect(one(edited((d) => (d.input.properties.org.description = '0–25 分')))).toMatchObject({ level: 'patch', zh: '输入项 组织建设 的说明已修改' });
    });

    it('nested fields and the fields of array rows are named by their path', () => {
      const nested = edited((d) => {
        d.input.properties.branch = {
          type: 'object',
          title: '支部总评 / Branch assessment',
          required: ['politics', 'duty'],
          properties: { politics: { type: 'number', title: '政治素质 / Political quality' }, duty: { type: 'number', title: '工作职责 / Job duties' } },
        };
        d.input.properties.peers = {
          type: 'array',
          title: '党员互评 / Peer ratings',
          items: { type: 'object', required: ['duty'], properties: { duty: { type: 'number', title: '工作职责 / Job duties' } } },
        };
      });
      const next = JSON.parse(JSON.stringify(nested));
      delete next.input.properties.branch.properties.politics;
      next.input.properties.peers.items.properties.duty.type = 'integer';
      const r = classifyChanges(nested, next);
      expect(r.level).toBe('major');
      expect(r.changes.map((c) => [c.pointer, c.message['zh-CN'], c.message.en])).toEqual([
        ['/input/properties/branch/properties/politics', '删除输入项 支部总评·政治素质', 'Removed input field Branch assessment.Political quality'],
        ['/input/properties/peers/items/properties/duty/type', '输入项 党员互评·工作职责 的类型 数值 → 整数', 'Input field Peer ratings.Job duties type number → integer'],
      ]);
    });

    it('a removed group is one change, not one per field in it', () => {
      const withGroup = edited((d) => {
        d.input.properties.branch = { type: 'object', title: '支部总评', properties: { a: { type: 'number' }, b: { type: 'number' } } };
      });
      expect(classifyChanges(withGroup, base).changes.map((c) => c.message['zh-CN'])).toEqual(['删除输入项 支部总评']);
    });
  });

  describe('outputs', () => {
    it('adding one is minor: 新增输出 星级; removing it is breaking', () => {
      const without = edited((d) => (d.outputs = ['total', 'passed']));
      const add = classifyChanges(without, base);
      expect(add).toEqual({ level: 'minor', changes: [{ level: 'minor', kind: 'output.added', pointer: '/outputs/1', message: { 'zh-CN': '新增输出 星级', en: 'Added output Stars' } }] });
      const remove = classifyChanges(base, without);
      expect(remove.level).toBe('major');
      expect(remove.changes.map((c) => [c.pointer, c.message['zh-CN']])).toEqual([['/outputs/1', '删除输出 星级']]);
    });

    it('a new order of the same outputs is a patch', () => {
      expect(one(edited((d) => d.outputs.reverse()))).toMatchObject({ level: 'patch', kind: 'output.order', zh: '输出的顺序已调整' });
    });
  });

  describe('parameters', () => {
    it('a new value is a patch: 参数 星级标准 80 → 85', () => {
      const c = one(edited((d) => (d.parameters.passLine.value = 85)));
      expect(c).toMatchObject({ level: 'patch', kind: 'parameter.value', pointer: '/parameters/passLine/value', zh: '参数 星级标准 80 → 85' });
      expect(c.message.en).toBe('Parameter Star line 80 → 85');
    });

    it('removing one is breaking, adding one minor, renaming one breaking', () => {
      expect(one(edited((d) => delete d.parameters.passLine))).toMatchObject({ level: 'major', kind: 'parameter.removed', pointer: '/parameters/passLine', zh: '删除参数 星级标准' });
      expect(
        one(edited((d) => (d.parameters.bonus = { value: 2, label: { 'zh-CN': '加分上限', en: 'Bonus cap' } }))),
      ).toMatchObject({ level: 'minor', kind: 'parameter.added', zh: '新增参数 加分上限（2）' });
      expect(
        one(
          edited((d) => {
            d.parameters.starLine = d.parameters.passLine;
            delete d.parameters.passLine;
          }),
        ),
      ).toMatchObject({ level: 'major', kind: 'parameter.renamed', pointer: '/parameters/starLine', zh: '参数 星级标准 的标识 passLine → starLine' });
    });

    it('a new label or bound is a patch', () => {
      expect(zh(edited((d) => ((d.parameters.passLine.label['zh-CN'] = '达标线'), (d.parameters.passLine.max = 90))))).toEqual([
        '参数 passLine 的名称 星级标准 → 达标线',
        '参数 达标线 的最大值 100 → 90',
      ]);
    });

    it('letting localities set it, or widening their range, is minor: every deployed value stays allowed', () => {
      const local = (r: unknown) => edited((d) => (d.parameters.passLine.local = r));
      const allowed = classifyChanges(base, local({ min: 75, max: 85 }));
      expect(allowed).toEqual({
        level: 'minor',
        changes: [{ level: 'minor', kind: 'parameter.local', pointer: '/parameters/passLine/local', message: { 'zh-CN': '参数 星级标准 的地方调整范围 不可调整 → 75–85', en: 'Parameter Star line local range not local → 75–85' } }],
      });
      expect(classifyChanges(local({ min: 75, max: 85 }), local({ min: 70, max: 85 })).level).toBe('minor');
      // local: true reads the parameter's own bounds, 0–100: wider than 75–85
      expect(classifyChanges(local({ min: 75, max: 85 }), local(true)).changes.map((c) => c.message['zh-CN'])).toEqual(['参数 星级标准 的地方调整范围 75–85 → 0–100']);
      expect(classifyChanges(local({ min: 0, max: 100 }), local(true))).toEqual({ level: 'none', changes: [] });
    });

    it('withdrawing it, narrowing the range or moving it is major: a deployed value may fall outside', () => {
      const local = (r: unknown) => edited((d) => (d.parameters.passLine.local = r));
      expect(classifyChanges(local({ min: 75, max: 85 }), base)).toMatchObject({ level: 'major', changes: [{ kind: 'parameter.local', message: { 'zh-CN': '参数 星级标准 的地方调整范围 75–85 → 不可调整' } }] });
      expect(classifyChanges(local({ min: 75, max: 85 }), local({ min: 76, max: 85 })).level).toBe('major');
      expect(classifyChanges(local({ min: 75, max: 85 }), local({ min: 70, max: 84 })).level).toBe('major');
    });
  });

  describe('rules', () => {
    it('a moved band threshold is a patch, read per element: 规则 星级 阈值 80 → 85', () => {
      const c = one(edited((d) => (d.rules[1].bounds = [70, 85, 90])));
      expect(c).toMatchObject({ level: 'patch', kind: 'rule.threshold', pointer: '/rules/1/bounds/1', zh: '规则 星级 阈值 80 → 85' });
      expect(c.message.en).toBe('Rule Stars threshold 80 → 85');
    });

    it('a new number of thresholds reads as the whole list', () => {
      const p = edited((d) => {
        d.rules[1].bounds = [70, 80, 90, 95];
        d.rules[1].values = [3, 4, 5, 6];
      });
      expect(zh(p)).toEqual(['规则 星级 阈值 [70,80,90] → [70,80,90,95]', '规则 星级 的档位值 [3,4,5] → [3,4,5,6]']);
      expect(classifyChanges(base, p).level).toBe('patch');
    });

    it('a new formula is a patch, printed as formulas: the text written, or the logic printed', () => {
      const written = edited((d) => {
        d.rules[0].expr = { '+': [{ var: 'org' }, { var: 'edu' }, { var: 'service' }] };
        d.rules[0].formula = { expr: 'org + edu + service' };
      });
      expect(one(written)).toMatchObject({ level: 'patch', kind: 'rule.formula', pointer: '/rules/0/expr', zh: '规则 总分 公式 org + edu + service + integrity → org + edu + service' });
      const printed = edited((d) => (d.rules[3].expr = { '>': [{ var: 'total' }, { var: 'passLine' }] }));
      expect(one(printed)).toMatchObject({ zh: '规则 达标 公式 total >= passLine → total > passLine' });
      const veto = edited((d) => (d.rules[2].when = { and: [{ var: 'breach' }, { '<': [{ var: 'total' }, 60] }] }));
      expect(one(veto)).toMatchObject({ pointer: '/rules/2/when', zh: '规则 一票否决 条件 breach → breach and total < 60' });
    });

    it('the same logic written in other words is a patch naming both texts', () => {
      const c = one(edited((d) => (d.rules[0].formula = { expr: '组织建设 + 教育管理 + 服务群众 + 廉洁自律' })));
      expect(c).toMatchObject({ level: 'patch', kind: 'rule.formulaText', pointer: '/rules/0/formula/expr', zh: '规则 总分 的公式写法 org + edu + service + integrity → 组织建设 + 教育管理 + 服务群众 + 廉洁自律' });
    });

    it('adding a rule is minor, removing one minor, its label and cite patches', () => {
      const added = edited((d) => d.rules.push({ name: 'bonus', kind: 'value', label: { 'zh-CN': '加分', en: 'Bonus' }, expr: 0 }));
      expect(classifyChanges(base, added)).toEqual({
        level: 'minor',
        changes: [{ level: 'minor', kind: 'rule.added', pointer: '/rules/4', message: { 'zh-CN': '新增规则 加分', en: 'Added rule Bonus' } }],
      });
      expect(classifyChanges(added, base).changes.map((c) => [c.level, c.message['zh-CN']])).toEqual([['minor', '删除规则 加分']]);
      expect(zh(edited((d) => ((d.rules[1].label = { 'zh-CN': '星级评定', en: 'Stars' }), (d.rules[1].cite = '七十分以上三星'))))).toEqual([
        '规则 星级评定 的政策原文已修改',
        '规则 星级评定 的名称 星级 → 星级评定',
      ]);
    });

    it('a veto pointed at another value names both by their labels', () => {
      expect(one(edited((d) => (d.rules[2].target = 'passed')))).toMatchObject({ level: 'patch', zh: '规则 一票否决 的否决对象 星级 → 达标' });
    });
  });

  describe('summary figures and the pack itself', () => {
    const withSummary = edited((d) => (d.summary = [{ name: 'meanTotal', kind: 'aggregate', fn: 'mean', of: { var: 'total' }, label: { 'zh-CN': '平均总分', en: 'Mean total' } }]));

    it('a new summary figure is minor, a removed one breaking, a new formula a patch', () => {
      expect(classifyChanges(base, withSummary).changes.map((c) => [c.level, c.pointer, c.message['zh-CN']])).toEqual([['minor', '/summary/0', '新增汇总指标 平均总分']]);
      expect(classifyChanges(withSummary, base).level).toBe('major');
      const changed = JSON.parse(JSON.stringify(withSummary));
      changed.summary[0].fn = 'max';
      expect(classifyChanges(withSummary, changed).changes.map((c) => [c.level, c.message['zh-CN']])).toEqual([['patch', '汇总指标 平均总分 的统计方式 mean → max']]);
    });

    it('a new period is breaking; new titles and tests are patches', () => {
      expect(one(edited((d) => (d.period = 'quarter')))).toMatchObject({ level: 'major', pointer: '/period', zh: '考评周期 年度 → 季度' });
      expect(one(edited((d) => (d.title['zh-CN'] = '村党支部星级积分')))).toMatchObject({ level: 'patch', zh: '方案名称 村党支部积分 → 村党支部星级积分' });
      expect(one(edited((d) => d.tests.pop()))).toMatchObject({ level: 'patch', zh: '测试用例：新增 0 项，删除 1 项，修改 0 项' });
    });

    it('the level is the largest of the changes', () => {
      const p = edited((d) => {
        d.parameters.passLine.value = 85;
        d.outputs.push('vetoed');
      });
      expect(classifyChanges(base, p).level).toBe('minor');
      (p.input.properties as any).edu.type = 'number';
      expect(classifyChanges(base, p).level).toBe('major');
    });
  });
});

describe('classifyChanges on drafts that are not valid yet', () => {
  it('reads what it can and never throws', () => {
    const broken: unknown[] = [
      null,
      {},
      { rules: 'x', outputs: {}, parameters: null, input: [], summary: 3, tests: [null] },
      { rules: [null, { kind: 'value' }, { name: 'total', label: 'Total', formula: 'x', expr: { '+': [] } }], parameters: { a: null, b: { value: 1, label: 3 } }, input: { properties: { a: null, b: 'x', c: { type: 7 } }, required: 'a' } },
    ];
    for (const b of broken) {
      expect(() => classifyChanges(base, b as Pack)).not.toThrow();
      expect(() => classifyChanges(b as Pack, base)).not.toThrow();
    }
    const r = classifyChanges(base, broken[3] as Pack);
    expect(r.level).toBe('major');
    expect(r.changes.map((c) => c.message['zh-CN'])).toContain('删除输入项 教育管理');
    expect(r.changes.map((c) => c.message['zh-CN'])).toContain('删除输出 总分');
  });
});

describe('nextVersion', () => {
  it('bumps the level and zeroes what follows', () => {
    expect(nextVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(nextVersion('1.2.3', 'major')).toBe('2.0.0');
    expect(nextVersion('1.2.3', 'patch')).toBe('1.2.4');
  });

  it('turns a pre-release into its release when that is the bump', () => {
    expect(nextVersion('2.0.0-rc.1', 'major')).toBe('2.0.0');
    expect(nextVersion('1.3.0-rc.1', 'major')).toBe('2.0.0');
    expect(nextVersion('1.3.0-rc.1', 'minor')).toBe('1.3.0');
    expect(nextVersion('1.3.1-rc.1', 'patch')).toBe('1.3.1');
  });
});

describe('versionSatisfies', () => {
  it('needs a new major number for a major change', () => {
    expect(versionSatisfies('1.2.3', '1.9.9', 'major')).toBe(false);
    expect(versionSatisfies('1.2.3', '2.0.0', 'major')).toBe(true);
  });

  it('takes a pre-release of the version the level needs, not of a lower one', () => {
    expect(versionSatisfies('1.2.3', '2.0.0-rc.1', 'major')).toBe(true);
    expect(versionSatisfies('1.2.3', '1.3.0-rc.1', 'major')).toBe(false);
    expect(versionSatisfies('1.2.3', '1.3.0-rc.1', 'minor')).toBe(true);
    expect(versionSatisfies('1.2.3', '1.2.4-rc.1', 'minor')).toBe(false);
    expect(versionSatisfies('2.0.0-rc.1', '2.0.0-rc.2', 'patch')).toBe(true);
    expect(versionSatisfies('2.0.0-rc.2', '2.0.0-rc.1', 'none')).toBe(false);
  });

  it('needs a new minor (or major) number for a minor change', () => {
    expect(versionSatisfies('1.0.0', '1.0.1', 'minor')).toBe(false);
    expect(versionSatisfies('1.0.0', '1.1.0', 'minor')).toBe(true);
    expect(versionSatisfies('1.0.0', '2.0.0', 'minor')).toBe(true);
  });

  it('needs only a greater number for a patch or no change', () => {
    expect(versionSatisfies('1.0.0', '1.0.0', 'none')).toBe(false);
    expect(versionSatisfies('1.0.0', '1.0.1', 'none')).toBe(true);
    expect(versionSatisfies('1.0.0', '0.9.0', 'patch')).toBe(false);
    expect(versionSatisfies('1.0.0', '1.0.1', 'patch')).toBe(true);
    expect(versionSatisfies('1.0.0', 'v1.0.1', 'patch')).toBe(false);
  });
});
