/**
 * Issue 13, "How it is checked", second test: rehab-member-stars recreated from a blank scheme in the designer
 * (nothing typed in the JSON view) — the branch's assessment as a group of five categories, the peers' ratings as
 * rater rows, the weights and star bands as parameters, the mean of the peers' totals, the star bands, the veto —
 * then saved; the recreated draft evaluated by the server (dry-run evaluate) on the shipped pack's demo data gives
 * every output of every subject exactly as the shipped pack does (engine, in process).
 * Screenshots go to test/e2e-ui/screenshots/rehab-*.png (git-ignored).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { evaluatePack, type Pack } from '../../server/src/engine';
import { useUi } from './support/page';
import type { RunningServer } from './support/server';
import { REPO_ROOT } from './support/server';

const SHIPPED = 'rehab-member-stars';
const ID = 'rehab-member-stars-designed';
const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'rule-packs', SHIPPED, '1.0.0.json'), 'utf8')) as Pack;
const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'rule-packs', SHIPPED, 'demo.json'), 'utf8'));

/** The five categories a rater scores, 0–20 分 each (the same names and titles as the shipped pack). */
const CATEGORIES: Array<[string, string]> = [
  ['politics', '政治素质'],
  ['duty', '工作职责'],
  ['lawAbiding', '遵纪守法'],
  ['study', '学习培训'],
  ['overtime', '加班加点'],
];

jest.setTimeout(300_000);

const ui = useUi({ prefix: 'rehab-', pageTimeout: 20_000 });
const { eventually, hasText, containsText, text, input, shot, fill, choose, card, bar, addRule, login } = ui;
let page: Page;
let server: RunningServer;
beforeAll(() => {
  ({ page, server } = ui);
});
/** A formula typed as a person does; the card shows no error under it. */
async function typeFormula(k: number, slot: string, formula: string): Promise<void> {
  await ui.typeFormula(k, slot, formula);
  expect(await card(k).locator('[data-test="formula-error"]').allInnerTexts()).toEqual([]);
}
/** The five categories in a nested field table (a group's fields or one rater row's). */
async function categories(prefix: string): Promise<void> {
  for (let j = 0; j < CATEGORIES.length; j++) {
    if (j > 0) await page.click(`[data-test="${prefix}-add"]`);
    await fill(`${prefix}-row-${j}-name`, CATEGORIES[j][0]);
    await fill(`${prefix}-row-${j}-title`, CATEGORIES[j][1]);
    await fill(`${prefix}-row-${j}-min`, '0');
    await fill(`${prefix}-row-${j}-max`, '20');
    await fill(`${prefix}-row-${j}-unit`, '分');
  }
}
/** A call to the API as the signed-in user of the page (the token the admin UI keeps in sessionStorage). */
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const token = JSON.parse(sessionStorage.getItem('kaoping.session')!).token as string;
      const res = await fetch(p as string, {
        method: m as string,
        headers: { Authorization: `Bearer ${token}`, ...(b === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    [method, path, body] as const,
  );
}

describe('rehab-member-stars recreated in the designer', () => {
  it('starts from 新建方案 → 空白方案 for 党员', async () => {
    await login('author');
    await page.click('[data-test=new-scheme]');
    await page.waitForSelector('[data-test=new-scheme-dialog]');
    await page.click('[data-test=new-scheme-mode-blank]');
    await input('new-scheme-id').fill(ID);
    await input('new-scheme-title').fill('党员“星级创建”（设计器重建）');
    await input('new-scheme-locality').fill('第×强制隔离戒毒所');
    await choose('new-scheme-subject-kind', '党员（member）');
    await page.click('[data-test=new-scheme-submit]');
    await page.waitForURL(new RegExp(`/packs/${ID}/versions/1\\.0\\.0$`));
    await page.waitForSelector('[data-test=designer] [data-test=section-inputs]');
  });

  it('inputs: 支部总评 as a group, 党员互评 as rater rows, 满意度 and the two veto facts', async () => {
    // the blank scheme's one input becomes the branch's assessment: a group (分组) of the five categories
    await fill('input-row-0-name', 'branch');
    await fill('input-row-0-title', '支部总评');
    await choose('input-row-0-type', '分组');
    await categories('input-row-0-field');

    await page.click('[data-test=input-add]');
    await fill('input-row-1-name', 'peers');
    await fill('input-row-1-title', '党员互评');
    await choose('input-row-1-type', '评议表');
    await categories('input-row-1-field');

    const flat: Array<[string, string, string, string?, string?]> = [
      ['satisfaction', '群众测评满意度', '数值', '0', '1'],
      ['majorIncident', '发生重大监管改造事故', '是否'],
      ['violation', '存在违法违纪行为', '是否'],
    ];
    for (let i = 0; i < flat.length; i++) {
      const [name, title, type, min, max] = flat[i];
      await page.click('[data-test=input-add]');
      await fill(`input-row-${i + 2}-name`, name);
      await fill(`input-row-${i + 2}-title`, title);
      await choose(`input-row-${i + 2}-type`, type);
      if (min !== undefined) await fill(`input-row-${i + 2}-min`, min);
      if (max !== undefined) await fill(`input-row-${i + 2}-max`, max);
    }
    expect(await page.locator('[data-test=inputs-problems]').count()).toBe(0);
    await page.click('[data-test=designer-nav-inputs]');
    await page.waitForTimeout(600);
    await shot('01-inputs');
  });

  it('parameters: the two weights, the star bands and the satisfaction veto line', async () => {
    await page.click('[data-test=designer-nav-parameters]');
    const params: Array<[string, string, string, string]> = [
      ['weights.peers', '党员互评权重', '0.6', ''],
      ['weights.branch', '支部总评权重', '0.4', ''],
      ['starBands', '一星至五星的分数下限', '60, 70, 80, 90, 96', '分'],
      ['satisfactionVeto', '群众满意度否决线', '0.8', ''],
    ];
    for (let i = 0; i < params.length; i++) {
      await page.click('[data-test=param-add]');
      await fill(`param-row-${i}-name`, params[i][0]);
      await fill(`param-row-${i}-label`, params[i][1]);
      await fill(`param-row-${i}-value`, params[i][2]);
      if (params[i][3]) await fill(`param-row-${i}-unit`, params[i][3]);
    }
    expect(await page.locator('[data-test=parameters-problems]').count()).toBe(0);
    await shot('02-parameters');
  });

  it('rules: the mean of the peers’ totals, the branch total, the weighted score, the star bands, the veto, the awards', async () => {
    await page.click('[data-test=designer-nav-rules]');
    // the blank scheme's rule becomes the mean of the peers' totals
    await fill('rule-0-label', '党员互评平均分');
    await fill('rule-0-name', 'peersMean');
    await typeFormula(0, 'expr', '平均(映射(党员互评, 政治素质 + 工作职责 + 遵纪守法 + 学习培训 + 加班加点))');

    await addRule('value', 1, '支部总评总分', 'branchTotal');
    await typeFormula(1, 'expr', CATEGORIES.map(([, zh]) => `支部总评.${zh}`).join(' + '));

    await addRule('value', 2, '综合评价得分', 'score');
    await typeFormula(2, 'expr', '党员互评权重 * 党员互评平均分 + 支部总评权重 * 支部总评总分');
    await fill('rule-2-round', '2');
    await shot('03-score-card', card(2));

    await addRule('bands', 3, '星级', 'stars');
    await typeFormula(3, 'of', '综合评价得分');
    await card(3).locator('[data-test=bands-mode-param]').click();
    await containsText(card(3).locator('[data-test="rule-3-bands-param"]'), '一星至五星的分数下限（starBands）');
    for (const [k, b] of ['60', '70', '80', '90', '96'].entries()) await hasText(card(3).locator(`[data-test="band-row-${k}-bound"]`), b);
    for (let k = 0; k < 5; k++) await fill(`band-row-${k}-value`, String(k + 1));
    await fill('band-below-value', '0');
    await hasText(card(3).locator('[data-test="band-below-text"]'), '不足 60 分 → 0 星');
    await hasText(card(3).locator('[data-test="band-row-3-text"]'), '90 分以上、不足 96 分 → 4 星');
    await hasText(card(3).locator('[data-test="band-row-4-text"]'), '96 分以上 → 5 星');
    await shot('04-bands-card', card(3));

    await addRule('veto', 4, '一票否决（撤星摘牌）');
    expect(await input('rule-4-name').inputValue()).toBe('vetoed');
    await typeFormula(4, 'when', '群众测评满意度 <= 群众满意度否决线 或 发生重大监管改造事故 或 存在违法违纪行为');
    await containsText(card(4).locator('[data-test="rule-4-veto-target"]'), '星级（stars）');
    await hasText(page.locator('[data-test="rule-4-veto-sentence"]'), '如果 群众测评满意度 <= 群众满意度否决线 或 发生重大监管改造事故 或 存在违法违纪行为，则 星级 定为 0');
    await shot('05-veto-card', card(4));

    const awards: Array<[string, string, number]> = [
      ['表彰奖励并授星挂牌', 'commended', 3],
      ['有资格参加所先进评选', 'eligibleCenterAwards', 4],
      ['有资格参加局以上先进评选', 'eligibleBureauAwards', 5],
    ];
    for (let i = 0; i < awards.length; i++) {
      await addRule('value', 5 + i, awards[i][0], awards[i][1]);
      await typeFormula(5 + i, 'expr', `星级 >= ${awards[i][2]}`);
    }
    expect(await page.locator('[data-test^="rule-card-"]').count()).toBe(shipped.rules.length);
  });

  it('outputs as the shipped pack; the blank example removed; saved', async () => {
    await page.click('[data-test=designer-nav-outputs]');
    await page.locator('[data-test="output-peersMean-on"]').click();
    for (const o of shipped.outputs) await page.locator(`[data-test="output-${o}-on"]`).click();
    await page.click('[data-test=designer-nav-tests]');
    await page.click('[data-test=test-row-0-remove]');
    await page.click('[data-test=save]');
    await eventually(async () => expect(await page.locator('[data-test=dirty]').count()).toBe(0), 30_000);
    await page.click('[data-test=validate]');
    await page.waitForTimeout(1000);
    await shot('06-saved');
  });

  it('the saved draft: the shipped names, Chinese formulas, the shipped JSON Logic', async () => {
    const got = await api('GET', `/api/v1/packs/${ID}/versions/1.0.0`);
    expect(got.status).toBe(200);
    const doc = got.body.document;
    expect(doc.outputs).toEqual(shipped.outputs);
    expect(Object.keys(doc.input.properties)).toEqual(Object.keys((shipped.input as any).properties));
    expect(Object.keys(doc.input.properties.branch.properties)).toEqual(CATEGORIES.map(([n]) => n));
    expect(Object.keys(doc.input.properties.peers.items.properties)).toEqual(CATEGORIES.map(([n]) => n));
    expect(doc.input.properties.peers.items.properties.politics).toEqual({ type: 'number', title: '政治素质', minimum: 0, maximum: 20, unit: '分' });
    expect(Object.fromEntries(Object.entries(doc.parameters).map(([k, p]: [string, any]) => [k, p.value]))).toEqual(
      Object.fromEntries(Object.entries(shipped.parameters!).map(([k, p]) => [k, (p as { value: unknown }).value])),
    );
    expect(doc.rules.map((r: any) => `${r.kind}:${r.name}`)).toEqual(shipped.rules.map((r) => `${r.kind}:${r.name}`));
    // the formulas as typed (Chinese), compiled to the shipped pack's JSON Logic
    expect(doc.rules[0].formula.expr).toBe('平均(映射(党员互评, 政治素质 + 工作职责 + 遵纪守法 + 学习培训 + 加班加点))');
    for (const k of [0, 1, 2, 5, 6, 7]) expect(doc.rules[k].expr).toEqual((shipped.rules[k] as any).expr);
    expect(doc.rules[2].round).toBe(2);
    expect(doc.rules[3]).toMatchObject({ of: { var: 'score' }, bounds: { $param: 'starBands' }, values: [1, 2, 3, 4, 5], below: 0 });
    expect(doc.rules[4]).toMatchObject({ when: (shipped.rules[4] as any).when, target: 'stars', value: 0 });
  });

  it('evaluated on the shipped demo data, every output of every subject equals the shipped pack’s', async () => {
    const expected = evaluatePack(shipped, demo);
    const got = await api('POST', `/api/v1/packs/${ID}/versions/1.0.0/evaluate`, demo);
    expect(got.status).toBe(200);
    const mine = got.body as typeof expected;
    expect(mine.periods.map((p) => p.period)).toEqual(expected.periods.map((p) => p.period));
    let subjects = 0;
    const stars = new Set<unknown>();
    let vetoed = 0;
    expected.periods.forEach((p, i) => {
      expect(mine.periods[i].results.map((r) => r.id)).toEqual(p.results.map((r) => r.id));
      p.results.forEach((r, j) => {
        expect({ id: r.id, outputs: mine.periods[i].results[j].outputs }).toEqual({ id: r.id, outputs: r.outputs });
        subjects++;
        stars.add(r.outputs.stars);
        if (r.outputs.vetoed === true) vetoed++;
      });
    });
    // the comparison covers every star level and the veto, on all the demo subjects
    expect(subjects).toBe(demo.periods.reduce((n: number, p: { subjects: unknown[] }) => n + p.subjects.length, 0));
    expect([...stars].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(vetoed).toBeGreaterThan(0);
    expect(ui.pageErrors).toEqual([]);
  });
});
