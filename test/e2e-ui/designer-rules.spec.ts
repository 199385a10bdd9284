/**
 * The rule cards of the designer in a real browser against the real server: a draft of rehab-member-stars opens
 * on 设计, its rules show as cards (star bands read "96 分以上 → 5 星", the veto as a sentence), the score
 * formula is retyped with Chinese names (completion offered while typing) and saves as the same JSON Logic, a
 * broken formula is explained under its bar, a rule is added from the menu, and removing 星级 names its readers.
 * Screenshots go to test/e2e-ui/screenshots/ (git-ignored).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { storedDocument, useUi } from './support/page';
import type { RunningServer } from './support/server';
import { REPO_ROOT } from './support/server';

const PACK = 'rehab-member-stars';
// a number no seed version uses; the draft is copied from the newest published version, read here too
const DRAFT = '1.9.0';
const newest = readdirSync(join(REPO_ROOT, 'rule-packs', PACK))
  .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
  .map((f) => f.slice(0, -5).split('.').map(Number))
  .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])
  .pop()!
  .join('.');
const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'rule-packs', PACK, `${newest}.json`), 'utf8'));
const at = (name: string): number => shipped.rules.findIndex((r: { name: string }) => r.name === name);
const SCORE = at('score');
const STARS = at('stars');
const VETO = at('vetoed');
const COMMENDED = at('commended');

jest.setTimeout(300_000);

// a draft opens with a dozen cards; on a machine shared by parallel runs that can take far longer than 30 s
const ui = useUi({ timeout: 60_000, viewport: { width: 1440, height: 1000 }, pageTimeout: 120_000 });
const { eventually, hasText, containsText, text, shot, login } = ui;
let page: Page;
let server: RunningServer;
beforeAll(() => {
  ({ page, server } = ui);
});
const card = (k: number) => page.locator(`[data-test="rule-card-${k}"]`);
const bar = (k: number, slot: string) => page.locator(`[data-test="rule-${k}-formula-${slot}"] input[data-test="formula-bar"]`);
const savedDocument = () => storedDocument(page, PACK, DRAFT);

describe('designer rule cards', () => {
  it('opens a draft of rehab-member-stars with one card per rule', async () => {
    await login('author');
    await page.click(`[data-test="new-version-${PACK}"]`);
    await page.locator('input[data-test="new-version-input"], [data-test="new-version-input"] input').first().fill(DRAFT);
    await page.click('[data-test=new-version-submit]');
    await page.waitForURL(new RegExp(`/packs/${PACK}/versions/${DRAFT}`));
    await page.waitForSelector(`[data-test=rules-section] [data-test="rule-card-${shipped.rules.length - 1}"]`);
    expect(await page.locator('[data-test^="rule-card-"]').count()).toBe(shipped.rules.length);
    await hasText(page.locator(`[data-test="rule-${STARS}-title"]`), '星级');
    await hasText(page.locator(`[data-test="rule-${STARS}-kind"]`), '分档');
    await hasText(card(STARS).locator('[data-test="band-row-4-text"]'), '96 分以上 → 5 星');
    await hasText(card(STARS).locator('[data-test="band-below-text"]'), '不足 60 分 → 0 星');
    await containsText(page.locator(`[data-test="rule-${VETO}-veto-sentence"]`), '则 星级 定为 0');
    await page.click('[data-test="designer-nav-rules"]');
    await card(SCORE).scrollIntoViewIfNeeded();
    await shot('designer-rules-01-value-card', card(SCORE));
    await shot('designer-rules-02-bands-card', card(STARS));
    await shot('designer-rules-03-veto-card', card(VETO));
  });

  it('offers Chinese names while typing and compiles them to the same JSON Logic', async () => {
    const score = bar(SCORE, 'expr');
    await score.fill('');
    await score.click();
    await page.keyboard.type('党员互评');
    await page.waitForSelector('[data-test="formula-suggestion-党员互评权重"]');
    await shot('designer-rules-04-completion');
    await page.locator('[data-test="formula-suggestion-党员互评权重"]').click();
    expect(await score.inputValue()).toBe('党员互评权重');
    await page.keyboard.type(' * 党员互评平均分 + 支部总评权重 * 支部总评总分');
    await page.waitForTimeout(400);
    expect(await card(SCORE).locator('[data-test="formula-error"]').count()).toBe(0);
    await containsText(page.locator('[data-test=dirty]'), '有未保存的修改');
  });

  it('explains a broken formula under its bar, in Chinese', async () => {
    const commended = bar(COMMENDED, 'expr');
    await commended.fill('星级 >=');
    await containsText(card(COMMENDED).locator('[data-test="formula-error"]'), '第');
    await shot('designer-rules-05-formula-error', card(COMMENDED));
    await commended.fill('星级 >= 3');
    await eventually(async () => expect(await card(COMMENDED).locator('[data-test="formula-error"]').count()).toBe(0));
  });

  it('saves the typed formula text and the JSON Logic it compiles to', async () => {
    await page.click('[data-test=save]');
    await eventually(async () => expect(await page.locator('[data-test=dirty]').count()).toBe(0));
    const doc = await savedDocument();
    expect(doc.rules[SCORE].formula.expr).toBe('党员互评权重 * 党员互评平均分 + 支部总评权重 * 支部总评总分');
    expect(doc.rules[SCORE].expr).toEqual(shipped.rules[SCORE].expr);
    expect(doc.rules[COMMENDED].formula.expr).toBe('星级 >= 3');
    expect(doc.rules[COMMENDED].expr).toEqual(shipped.rules[COMMENDED].expr);
  });

  it('adds a rule from the menu and removing 星级 names the rules that read it', async () => {
    await page.click('[data-test=rules-add]');
    await page.locator('[data-test="rules-add-bands"]:visible').click();
    await page.waitForSelector(`[data-test="rule-card-${shipped.rules.length}"]`);
    await hasText(page.locator(`[data-test="rule-${shipped.rules.length}-kind"]`), '分档');
    expect(await page.locator(`[data-test="rule-${shipped.rules.length}-name"]`).inputValue()).toBe('grade');
    await shot('designer-rules-06-new-bands', card(shipped.rules.length));

    await page.click(`[data-test="rule-${STARS}-remove"]`);
    const box = page.locator('.rule-remove-confirm');
    await containsText(box, '一票否决（撤星摘牌）（vetoed）');
    await containsText(box, '它也会从输出项中移除');
    await shot('designer-rules-07-remove-confirm');
    await box.locator('.el-message-box__btns .el-button', { hasText: '取消' }).click();
    expect(await page.locator('[data-test^="rule-card-"]').count()).toBe(shipped.rules.length + 1);
    expect(ui.pageErrors).toEqual([]);
  });
});
