import { branch, envelope, FOUR_STAR } from '../support/fixtures';
import { createTestApp, packCopy, type TestApp } from '../support/harness';

/** `explain=zh-CN|en` on the dry run and the stored evaluation: one sentence per output, from the engine's explain module. */
let t: TestApp;
const pack = packCopy('rehab-branch-stars', 'ex-stars');

beforeAll(async () => {
  t = await createTestApp('explain');
  await t.publish(pack);
  await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: 'ex-stars', version: '1.0.0', effectiveFrom: '2000-01-01' }).expect(201);
});
afterAll(() => t?.close());

const vetoed = () => branch('b1', { ...FOUR_STAR, satisfaction: 0.8 });
const STARS_ZH =
  '综合评价得分 91.5 分（自评权重 0.1 × 支部自评总分 90 分 + 互评权重 0.3 × 其他支部互评平均分 85 分 + 所党委总评权重 0.6 × 所党委总评总分 95 分），达到四星级标准（90 分以上、不足 96 分），但群众测评满意度 0.8，在群众满意度否决线 0.8 以下，一票否决，星级定为未评上星级。依据：';

describe('dry run: POST /packs/:id/versions/:v/evaluate?explain=', () => {
  it('zh-CN: an explanation per output, the veto with its reason and the cite; no trace unless asked for', async () => {
    const res = await t.as('analyst').post('/api/v1/packs/ex-stars/versions/1.0.0/evaluate?explain=zh-CN').send(envelope('2024', [vetoed()])).expect(200);
    const r = res.body.periods[0].results[0];
    expect(r.outputs.stars).toBe(0);
    expect(Object.keys(r.explanation)).toEqual(pack.outputs);
    expect(r.explanation.stars.startsWith(STARS_ZH)).toBe(true);
    expect(r.explanation.vetoed).toMatch(/^群众测评满意度 0.8，在群众满意度否决线 0.8 以下，一票否决，星级由四星级改为未评上星级。依据：对党支部或党员年度工作群众测评满意度80%以下/);
    expect(r.trace).toBeUndefined();
  });

  it('en with the trace kept', async () => {
    const res = await t.as('analyst').post('/api/v1/packs/ex-stars/versions/1.0.0/evaluate?explain=en&trace=true').send(envelope('2024', [vetoed()])).expect(200);
    const r = res.body.periods[0].results[0];
    expect(r.explanation.vetoed).toMatch(/^Masses’ satisfaction 0.8 is at or below Satisfaction veto line 0.8: vetoed; Stars goes from 4 stars to No star\. Source: /);
    expect(Array.isArray(r.trace)).toBe(true);
  });

  it('without explain the answer is unchanged', async () => {
    const res = await t.as('analyst').post('/api/v1/packs/ex-stars/versions/1.0.0/evaluate').send(envelope('2024', [vetoed()])).expect(200);
    expect(res.body.periods[0].results[0]).toEqual({ id: 'b1', outputs: expect.objectContaining({ stars: 0, vetoed: true }) });
  });
});

describe('stored evaluation: POST /orgs/:org/packs/:pack/evaluate?explain= and GET /evaluations/:id?explain=', () => {
  it('explains what it stored, and explains it again when read', async () => {
    const res = await t.as('a.deployer').post('/api/v1/orgs/town-a/packs/ex-stars/evaluate?explain=zh-CN').send(envelope('2024', [vetoed()])).expect(201);
    const p = res.body.periods[0];
    expect(p.results[0].explanation.stars.startsWith(STARS_ZH)).toBe(true);
    expect(p.results[0].trace).toBeUndefined();
    const read = await t.as('a.deployer').get(`/api/v1/evaluations/${p.evaluationId}?explain=en`).expect(200);
    expect(read.body.results[0].explanation.commended).toMatch(/^Stars \(No star\) is below 3 stars; Commended, star plaque awarded: No\. Source: /);
    const plain = await t.as('a.deployer').get(`/api/v1/evaluations/${p.evaluationId}`).expect(200);
    expect(plain.body.results[0].explanation).toBeUndefined();
  });
});
