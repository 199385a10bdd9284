import { formulaSites } from '../../server/src/engine/formula';
import { createTestApp, packCopy, type TestApp } from '../support/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('formula');
});
afterAll(() => t?.close());

const base = '/api/v1/packs';

/** The document with every JSON Logic slot that has formula text removed: what an author writes. */
function formulaOnly<T>(doc: T): T {
  const copy = JSON.parse(JSON.stringify(doc));
  for (const s of formulaSites(copy)) if (s.target && !Array.isArray(s.target.parent)) delete (s.target.parent as Record<string, unknown>)[s.target.key];
  return copy;
}

describe('formula-only documents', () => {
  const original = packCopy('rehab-member-stars', 'formula-stars');
  const authored = formulaOnly(original);
  // the score in Chinese labels and a full-width operator, as an official would type it
  authored.rules[2] = { ...authored.rules[2], formula: { expr: '党员互评权重 × 党员互评平均分 + 支部总评权重 * 支部总评总分' } } as never;

  it('the authored document really lacks the JSON Logic', () => {
    expect(authored.rules[0]).not.toHaveProperty('expr');
    expect(authored.rules[4]).not.toHaveProperty('when');
    expect(authored.rules[4]).not.toHaveProperty('value');
  });

  it('POST /packs stores formula and JSON Logic both, with English names', async () => {
    const res = await t.as('author').post(base).send({ document: authored }).expect(201);
    expect(res.body.problems).toEqual([]);
    const stored = res.body.document;
    expect(stored.rules[0].expr).toEqual((original.rules[0] as { expr: unknown }).expr);
    expect(stored.rules[2].expr).toEqual({ '+': [{ '*': [{ var: 'weights.peers' }, { var: 'peersMean' }] }, { '*': [{ var: 'weights.branch' }, { var: 'branchTotal' }] }] });
    expect(stored.rules[2].formula.expr).toBe('党员互评权重 × 党员互评平均分 + 支部总评权重 * 支部总评总分');
    expect(stored.rules[4].when).toEqual((original.rules[4] as { when: unknown }).when);
    expect(stored.rules[4].value).toBe(0);
    const read = await t.as('viewer').get(`${base}/formula-stars/versions/1.0.0`).expect(200);
    expect(read.body.document.rules[3].of).toEqual({ var: 'score' });
  });

  it('a draft save (PUT) with a formula-only document stores the compiled JSON Logic; the formula wins over a stale slot', async () => {
    const edited = formulaOnly(original);
    edited.rules[5] = { ...edited.rules[5], formula: { expr: '星级 ≥ 2' } } as never;
    edited.rules[6] = { ...edited.rules[6], expr: { '>=': [{ var: 'stars' }, 99] }, formula: { expr: 'stars >= 4' } } as never;
    const res = await t.as('author').put(`${base}/formula-stars/versions/1.0.0`).set('If-Match', '"1"').send(edited).expect(200);
    expect(res.body.document.rules[5].expr).toEqual({ '>=': [{ var: 'stars' }, 2] });
    expect(res.body.document.rules[6].expr).toEqual({ '>=': [{ var: 'stars' }, 4] });
    expect(res.body.problems).toEqual([]);
  });

  it('a formula that does not compile is refused (422) by the pointer of its slot, in Chinese and English', async () => {
    const bad = formulaOnly(packCopy('rehab-member-stars', 'formula-bad'));
    bad.rules[1] = { ...bad.rules[1], formula: { expr: '支部总评.政治素质 + 组织建设' } } as never;
    const res = await t.as('author').post(base).send({ document: bad }).expect(422);
    expect(res.body.errors).toEqual([
      {
        kind: 'FormulaError',
        path: '/document/rules/1/formula/expr',
        message: { 'zh-CN': '公式有误：第 13 个字符处出现未知的名称“组织建设”', en: "formula error: Unknown name '组织建设' at character 13" },
      },
    ]);
    await t.as('viewer').get(`${base}/formula-bad`).expect(404);
  });

  it('POST /packs/validate accepts a formula-only document', async () => {
    const res = await t.as('author').post(`${base}/validate`).send({ document: formulaOnly(original) }).expect(200);
    expect(res.body).toEqual({ valid: true, errors: [] });
  });

  it('POST /packs/test runs the tests of a formula-only document', async () => {
    const res = await t.as('author').post(`${base}/test`).send({ document: formulaOnly(original) }).expect(200);
    expect(res.body.failed).toBe(0);
    expect(res.body.passed).toBe(original.tests!.length);
  });

  it('POST /packs/try evaluates a formula-only document: 0.6×85 + 0.4×95 = 89, three stars', async () => {
    const five = (x: number) => ({ politics: x, duty: x, lawAbiding: x, study: x, overtime: x });
    const envelope = { periods: [{ period: '2024', subjects: [{ id: 'm1', branch: five(19), peers: [five(16), five(18)], satisfaction: 0.9, majorIncident: false, violation: false }] }] };
    const res = await t.as('author').post(`${base}/try`).send({ document: authored, envelope, trace: false }).expect(200);
    expect(res.body.periods[0].results[0].outputs).toMatchObject({ score: 89, stars: 3, vetoed: false });
  });

  it('the pasted policy text (source.text) may be 200,000 characters, not more', async () => {
    const long = { ...original, source: { ...original.source, text: '党'.repeat(200_000) } };
    expect((await t.as('author').post(`${base}/validate`).send({ document: long }).expect(200)).body).toEqual({ valid: true, errors: [] });
    const tooLong = { ...original, source: { ...original.source, text: '党'.repeat(200_001) } };
    const res = await t.as('author').post(`${base}/validate`).send({ document: tooLong }).expect(200);
    expect(res.body.errors.map((e: { kind: string; path: string }) => [e.kind, e.path])).toEqual([['ExpressionTooLarge', '/document/source/text']]);
  });
});
