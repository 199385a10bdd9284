import { validatePack, compilePack, evaluate, canonicalPack, KpValidationError, Pack } from '../../server/src/engine';

/** A small valid pack to mutate: score → stars with a veto, and a ranking. */
function base(): Pack {
  return JSON.parse(
    JSON.stringify({
      id: 'probe',
      version: '1.0.0',
      title: { 'zh-CN': '探针', en: 'Probe' },
      source: { document: 'none', title: 'none' },
      locality: { 'zh-CN': '测试', en: 'Test' },
      period: 'year',
      subject: { kind: 'branch', label: { 'zh-CN': '支部', en: 'Branch' } },
      input: {
        type: 'object',
        required: ['a', 'b', 'bad'],
        properties: { a: { type: 'number', minimum: 0, maximum: 20 }, b: { type: 'number', minimum: 0, maximum: 100 }, bad: { type: 'boolean' } },
      },
      parameters: {
        'weights.a': { value: 0.4, label: { 'zh-CN': 'a 权重', en: 'weight a' } },
        'weights.b': { value: 0.6, label: { 'zh-CN': 'b 权重', en: 'weight b' } },
        starBands: { value: [60, 80], label: { 'zh-CN': '星级', en: 'bands' }, increasing: true },
      },
      weightGroups: [{ params: ['weights.a', 'weights.b'], sum: 1 }],
      rules: [
        { kind: 'value', name: 'score', expr: { '+': [{ '*': [{ var: 'weights.a' }, { var: 'a' }] }, { '*': [{ var: 'weights.b' }, { var: 'b' }] }] }, round: 2, formula: { expr: 'weights.a * a + weights.b * b' } },
        { kind: 'bands', name: 'stars', of: { var: 'score' }, bounds: { $param: 'starBands' }, values: [1, 2], below: 0 },
        { kind: 'veto', name: 'vetoed', when: { var: 'bad' }, target: 'stars', value: 0 },
        { kind: 'rank', name: 'rank', by: [{ expr: { var: 'score' }, order: 'desc' }], method: 'standard' },
      ],
      outputs: ['score', 'stars', 'vetoed', 'rank'],
    }),
  );
}

const kinds = (p: unknown) => validatePack(p).map((e) => `${e.kind} ${e.path}`);

describe('validatePack reports each problem by its JSON Pointer', () => {
  it('accepts the probe pack', () => {
    expect(validatePack(base())).toEqual([]);
  });

  it('schema violations name the field', () => {
    const p: any = base();
    p.period = 'month';
    delete p.title;
    p.rules[1].bounds = 'x';
    expect(kinds(p)).toEqual(expect.arrayContaining(['SchemaViolation /period', 'SchemaViolation /title']));
  });

  it("a rank's `by` item written only as a formula: the JSON Schema accepts it, saving fills it, neither is refused by pointer", () => {
    const p: any = base();
    p.rules[3].by = [{ order: 'desc' }];
    // neither expr nor formula
    expect(kinds(p)).toEqual(['SchemaViolation /rules/3/by/0/expr']);
    // the formula only (what the editor's JSON view holds before saving): valid, the formula fills the slot
    p.rules[3].formula = { 'by.0': 'score' };
    expect(validatePack(p)).toEqual([]);
    // saved: canonicalPack fills expr from the formula, and the pack is valid and ranks as before
    const saved = canonicalPack(p);
    expect(saved.rules[3].by[0]).toEqual({ expr: { var: 'score' }, order: 'desc' });
    expect(validatePack(saved)).toEqual([]);
  });

  it('an unknown variable', () => {
    const p: any = base();
    p.rules[0].expr = { '+': [{ var: 'a' }, { var: 'nosuch' }] };
    delete p.rules[0].formula;
    expect(kinds(p)).toContain('UnknownVariable /rules/0/expr/+/1/var');
  });

  it('an unknown operator, and `method`', () => {
    const p: any = base();
    p.rules[0].expr = { frobnicate: [1] };
    p.rules[2].when = { method: [{ var: 'bad' }, 'valueOf'] };
    delete p.rules[0].formula;
    expect(kinds(p)).toEqual(expect.arrayContaining(['UnknownOperator /rules/0/expr/frobnicate', 'ForbiddenOperator /rules/2/when/method']));
  });

  it('__proto__, constructor and prototype paths', () => {
    const p: any = base();
    p.rules[2].when = { or: [{ var: '__proto__.x' }, { var: 'a.constructor' }, { var: 'prototype' }] };
    expect(kinds(p)).toEqual(['ForbiddenPath /rules/2/when/or/0/var', 'ForbiddenPath /rules/2/when/or/1/var', 'ForbiddenPath /rules/2/when/or/2/var']);
  });

  it('a cycle between rules', () => {
    const p: any = base();
    p.rules[0].expr = { var: 'stars' };
    delete p.rules[0].formula;
    expect(kinds(p)).toEqual(expect.arrayContaining(['Cycle /rules/0', 'Cycle /rules/1']));
  });

  it('explicit bands that overlap or leave a gap', () => {
    const p: any = base();
    p.rules[1] = { kind: 'bands', name: 'stars', of: { var: 'score' }, ranges: [{ from: null, to: 60, value: 0 }, { from: 55, to: 80, value: 1 }, { from: 85, to: null, value: 2 }] };
    expect(kinds(p)).toEqual(['BandOverlap /rules/1/ranges/1', 'BandGap /rules/1/ranges/2']);
  });

  it('bounds parameters that do not increase', () => {
    const p: any = base();
    p.parameters.starBands.value = [80, 60];
    expect(kinds(p)).toEqual(['BandOverlap /parameters/starBands/value/1']);
  });

  it('weights that do not sum as declared', () => {
    const p: any = base();
    p.parameters['weights.b'].value = 0.5;
    expect(kinds(p)).toEqual(['WeightSum /weightGroups/0']);
  });

  it('a rule whose value reaches no output', () => {
    const p: any = base();
    p.rules.push({ kind: 'value', name: 'orphan', expr: { var: 'a' } });
    expect(kinds(p)).toEqual(['UnreachableRule /rules/4']);
  });

  it('an output no rule defines', () => {
    const p: any = base();
    p.outputs.push('ghost');
    expect(kinds(p)).toEqual(['UnknownOutput /outputs/4']);
  });

  it('a formula that no longer matches its JSON Logic', () => {
    const p: any = base();
    p.rules[0].formula.expr = 'weights.a * a + weights.b * b + 1';
    expect(kinds(p)).toEqual(['FormulaMismatch /rules/0/formula/expr']);
  });

  it('deep nesting and huge strings fail fast', () => {
    let deep: unknown = { var: 'a' };
    for (let i = 0; i < 5000; i++) deep = { '+': [deep, 1] };
    const p: any = base();
    p.rules[0].expr = deep;
    expect(validatePack(p)[0].kind).toBe('ExpressionTooLarge');
    const q: any = base();
    q.title.en = 'x'.repeat(10 * 1024 * 1024);
    expect(validatePack(q)).toEqual([expect.objectContaining({ kind: 'ExpressionTooLarge', path: '/title/en' })]);
  });

  it('never throws on junk', () => {
    for (const junk of [null, 1, 'x', [], {}, { rules: 5 }, { id: 'x', rules: [{ kind: 'value' }] }]) expect(Array.isArray(validatePack(junk))).toBe(true);
  });
});

describe('invalid input is reported by pointer and nothing is evaluated', () => {
  const c = compilePack(base());
  const errorsOf = (env: unknown) => {
    try {
      evaluate(c, env);
      return [];
    } catch (e) {
      return (e as KpValidationError).errors.map((x) => x.path).sort();
    }
  };

  it('out of range, wrong type, missing field, unknown field, duplicate id, bad period', () => {
    expect(
      errorsOf({
        periods: [
          {
            period: '2024',
            subjects: [
              { id: 's1', a: 21, b: 50, bad: false },
              { id: 's2', a: 'x', bad: false },
              { id: 's1', a: 1, b: 1, bad: false, extra: 1 },
            ],
          },
          { period: '2024-Q1', subjects: [] },
        ],
      }),
    ).toEqual(['/periods/0/subjects/0/a', '/periods/0/subjects/1/a', '/periods/0/subjects/1/b', '/periods/0/subjects/2/id', '/periods/1/period']);
  });

  it('periods out of order', () => {
    expect(errorsOf({ periods: [{ period: '2024', subjects: [] }, { period: '2023', subjects: [] }] })).toEqual(['/periods/1/period']);
  });

  it('a parameter override that breaks its bounds or its weight group', () => {
    expect(() => compilePack(base(), { 'weights.a': 0.5 })).toThrow(KpValidationError);
    try {
      compilePack(base(), { starBands: [60, 50] });
    } catch (e) {
      expect((e as KpValidationError).errors.map((x) => x.path)).toEqual(['/parameters/starBands/1']);
    }
    try {
      compilePack(base(), { nosuch: 1 });
    } catch (e) {
      expect((e as KpValidationError).errors.map((x) => `${x.kind} ${x.path}`)).toEqual(['UnknownParameter /parameters/nosuch']);
    }
  });
});

describe('stages', () => {
  const c = compilePack(base());
  const subj = (id: string, a: number, b: number, bad = false) => ({ id, a, b, bad });

  it('standard competition rank: 1, 2, 2, 4; vetoed stars 0; decimal rounding before banding', () => {
    const out = evaluate(c, { periods: [{ period: '2024', subjects: [subj('d', 0, 0), subj('b', 10, 80), subj('c', 10, 80), subj('a', 20, 100, true)] }] });
    const by = Object.fromEntries(out.periods[0].results.map((r) => [r.id, r.outputs]));
    expect(by.a).toEqual({ score: 68, stars: 0, vetoed: true, rank: 1 });
    expect(by.b).toEqual({ score: 52, stars: 0, vetoed: false, rank: 2 });
    expect(by.c.rank).toBe(2);
    expect(by.d.rank).toBe(4);
  });

  it('the trace names the band that fired and the values read', () => {
    const out = evaluate(c, { periods: [{ period: '2024', subjects: [subj('x', 20, 90)] }] }, { trace: true });
    const t = out.periods[0].results[0].trace!;
    const stars = t.find((e) => e.rule === 'stars')!;
    expect(stars.value).toBe(1);
    expect(stars.fired).toEqual({ of: 62, band: { from: 60, to: 80, value: 1 } });
    const score = t.find((e) => e.rule === 'score')!;
    expect(score.inputs).toEqual({ a: 20, b: 90 });
    expect(score.parameters).toEqual({ 'weights.a': 0.4, 'weights.b': 0.6 });
    expect(score.formula).toBe('weights.a * a + weights.b * b');
  });
});
