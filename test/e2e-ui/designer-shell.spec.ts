/**
 * The designer shell in a real browser against the real server: 新建方案 (blank) → the designer opens on 设计 →
 * four inputs typed into the 输入项 table → the JSON view shows them (and an edit there shows in the designer) →
 * 检查 checks the unsaved text → saved → Monaco speaks Chinese → 删除草稿 returns to 方案库.
 * Screenshots go to test/e2e-ui/screenshots/ (git-ignored).
 */
import type { Page } from 'playwright-core';
import { useUi } from './support/page';
import type { RunningServer } from './support/server';

const ID = 'village-branch-points';

jest.setTimeout(300_000);

const ui = useUi({ pageTimeout: 60_000 });
const { eventually, containsText, text, input, valueOf, shot, fill, choose, login } = ui;
let page: Page;
let server: RunningServer;
beforeAll(() => {
  ({ page, server } = ui);
});

describe('designer shell', () => {
  it('creates a blank scheme from 新建方案 and opens it on the 设计 tab', async () => {
    await login('author');
    await page.click('[data-test=new-scheme]');
    await page.waitForSelector('[data-test=new-scheme-dialog]');
    // a bad id is refused in Chinese before anything is sent
    await input('new-scheme-id').fill('Village Points');
    await containsText(page.locator('[data-test=new-scheme-dialog] .el-form-item__error'), '方案标识须以小写字母开头');
    await input('new-scheme-id').fill(ID);
    await input('new-scheme-title').fill('村级党组织星级积分');
    await input('new-scheme-locality').fill('某县');
    await choose('new-scheme-subject-kind', '村（village）');
    expect(await valueOf('new-scheme-subject-label')).toBe('村');
    await shot('designer-01-new-scheme');
    await page.click('[data-test=new-scheme-submit]');
    await page.waitForURL(new RegExp(`/packs/${ID}/versions/1.0.0`));
    await page.waitForSelector('[data-test=designer] [data-test=section-inputs]');
    expect(await page.locator('.el-tabs__item.is-active', { hasText: '设计' }).count()).toBe(1);
    expect(await valueOf('basic-id')).toBe(ID);
    expect(await valueOf('basic-title-zh')).toBe('村级党组织星级积分');
    expect(await valueOf('input-row-0-title')).toBe('得分');
    await shot('designer-02-blank');
  });

  it('adds four inputs in the 输入项 table and the JSON view shows them at once', async () => {
    const names = [
      ['organisation', '组织建设'],
      ['education', '教育管理'],
      ['service', '服务群众'],
      ['integrity', '廉洁自律'],
    ];
    for (let i = 0; i < names.length; i++) {
      if (i > 0) await page.click('[data-test=input-add]');
      await fill(`input-row-${i}-name`, names[i][0]);
      await fill(`input-row-${i}-title`, names[i][1]);
      await fill(`input-row-${i}-min`, '0');
      await fill(`input-row-${i}-max`, '25');
      await fill(`input-row-${i}-unit`, '分');
    }
    await containsText(page.locator('[data-test=dirty]'), '有未保存的修改');
    await page.locator('[data-test=section-inputs]').scrollIntoViewIfNeeded();
    await shot('designer-03-four-inputs');

    await page.locator('.el-tabs__item', { hasText: '高级（JSON）' }).click();
    await page.waitForSelector('.monaco-editor .view-lines');
    // Monaco renders only the visible lines: read them through the find widget instead of the DOM
    await page.click('.monaco-editor .view-lines');
    await page.keyboard.press('Control+F');
    await page.keyboard.type('"integrity": {');
    // Monaco's own widget speaks Chinese (its zh-cn messages are bundled): "1 of 1" reads 第 1 项，共 1 项
    await containsText(page.locator('.find-widget .matchesCount'), '第 1 项，共 1 项');
    expect(await page.locator('.find-widget .input').first().getAttribute('placeholder')).toBe('查找');
    await shot('designer-04-json-find-zh');
    await page.keyboard.press('Escape');

    // an edit in the JSON view shows in the designer without saving
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+F');
    await page.keyboard.type('"廉洁自律"');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Delete');
    await page.keyboard.type('"廉洁自律情况"');
    await page.locator('.el-tabs__item', { hasText: '设计' }).click();
    await eventually(async () => expect(await valueOf('input-row-3-title')).toBe('廉洁自律情况'));
  });

  it('writes example subjects in the 测试用例 table and shows the rule cards', async () => {
    await page.click('[data-test=designer-nav-tests]');
    // the blank scheme's example, with a column per input (titled in Chinese) and per output
    expect(await valueOf('test-row-0-id')).toBe('s1');
    await containsText(page.locator('[data-test=tests-section] thead'), '组织建设');
    await page.click('[data-test=test-add]');
    expect(await valueOf('test-row-1-id')).toBe('s2');
    const rows = [
      [20, 25, 22, 18, 85],
      [10, 10, 10, 10, 40],
    ];
    for (let i = 0; i < rows.length; i++) {
      const [a, b, c, d, total] = rows[i];
      await fill(`test-row-${i}-input-organisation`, String(a));
      await fill(`test-row-${i}-input-education`, String(b));
      await fill(`test-row-${i}-input-service`, String(c));
      await fill(`test-row-${i}-input-integrity`, String(d));
      await fill(`test-row-${i}-expect-total`, String(total));
    }
    await page.locator('[data-test=section-tests]').scrollIntoViewIfNeeded();
    await shot('designer-04b-tests');
    await page.click('[data-test=designer-nav-rules]');
    await page.waitForSelector('[data-test=rules-section]');
    await page.waitForTimeout(800);
    await shot('designer-04c-rules');
  });

  it('检查 checks the unsaved text and names the rule that reads a removed input', async () => {
    // the blank rule reads `points`, renamed above: the check (not a save) says so by pointer
    await page.click('[data-test=validate]');
    await containsText(page.locator('[data-test=problems-panel]'), '/rules/0', 20_000);
    await containsText(page.locator('[data-test=dirty]'), '有未保存的修改');
    await shot('designer-05-check-unsaved');
    await page.click('[data-test=save]');
    await eventually(async () => expect(await page.locator('[data-test=dirty]').count()).toBe(0));
  });

  it('with the rule reading the four inputs, 保存并运行测试 runs both example subjects, passing', async () => {
    const bar = page.locator('[data-test=section-rules] input[data-test=formula-bar], [data-test=section-rules] [data-test=formula-bar] input').first();
    await bar.fill('organisation + education + service + integrity');
    await bar.press('Tab');
    await page.keyboard.press('Escape');
    await containsText(page.locator('[data-test=dirty]'), '有未保存的修改');
    // the bar compiles after a short pause: the rule's JSON Logic is written then
    await eventually(async () => expect(await page.locator('[data-test=section-rules] [data-test=formula-error]').count()).toBe(0));
    await page.waitForTimeout(1000);
    await page.click('[data-test=tests-run]');
    await containsText(page.locator('[data-test=tests-summary]'), '2 项通过，0 项未通过', 30_000).catch(async (e) => {
      await shot('designer-05b-tests-failed');
      throw new Error(`${(e as Error).message}\nmessages: ${await text(page.locator('.el-message'))}`);
    });
    expect(await page.locator('[data-test=test-case]').count()).toBe(2);
    await eventually(async () => expect(await page.locator('[data-test=dirty]').count()).toBe(0));
    await shot('designer-05b-tests-passed');
  });

  it('deletes the draft after confirmation and returns to 方案库', async () => {
    await shot('designer-06a-before-delete');
    await page.click('[data-test=delete-draft]');
    await containsText(page.locator('.el-message-box'), `确定删除草稿 ${ID}@1.0.0`);
    await shot('designer-06-delete-confirm');
    await page.locator('.el-message-box__btns .el-button--primary, .el-message-box__btns .el-button--danger').last().click();
    await page.waitForURL(/\/packs$/);
    await page.waitForSelector('[data-test=pack-table] .el-table__row');
    expect(await page.locator(`[data-test="open-${ID}"]`).count()).toBe(0);
  });

  it('copies a published pack as a template: rater rows show as a nested table', async () => {
    await page.click('[data-test=new-scheme]');
    await page.click('[data-test=new-scheme-mode-template]');
    // the template is the newest published version; what the copy must show is read from the server
    const latest = await page.evaluate(async () => {
      const token = JSON.parse(sessionStorage.getItem('kaoping.session')!).token as string;
      const h = { Authorization: `Bearer ${token}` };
      const list = (await (await fetch('/api/v1/packs', { headers: h })).json()) as { id: string; latestPublished: string }[];
      const v = list.find((p) => p.id === 'rehab-member-stars')!.latestPublished;
      const doc = (await (await fetch(`/api/v1/packs/rehab-member-stars/versions/${v}`, { headers: h })).json()).document;
      return { v, params: Object.keys(doc.parameters), starBands: doc.parameters.starBands.value as number[] };
    });
    await choose('new-scheme-template', `（rehab-member-stars ${latest.v}）`);
    await input('new-scheme-id').fill('rehab-member-stars-copy');
    await input('new-scheme-title').fill('党员星级（副本）');
    await page.click('[data-test=new-scheme-submit]');
    await page.waitForURL(/\/packs\/rehab-member-stars-copy\/versions\/1\.0\.0/);
    await page.waitForSelector('[data-test=input-row-1-field-row-0-name]');
    expect(await valueOf('input-row-1-title')).toBe('党员互评');
    expect(await valueOf('input-row-1-field-row-0-title')).toBe('政治素质');
    await page.click('[data-test=designer-nav-inputs]');
    await shot('designer-07-template-inputs');
    await page.click('[data-test=designer-nav-parameters]');
    const k = latest.params.indexOf('starBands');
    expect(await valueOf(`param-row-${k}-name`)).toBe('starBands');
    expect(await valueOf(`param-row-${k}-value`)).toBe(latest.starBands.join(', '));
    await shot('designer-08-template-parameters');
  });

  it('shows a published version in the designer, read-only', async () => {
    await page.goto(`${server.baseUrl}/packs/rehab-member-stars/versions/1.0.0`);
    await page.waitForSelector('[data-test=input-row-0-name]', { timeout: 90_000 });
    expect(await input('input-row-0-name').isDisabled()).toBe(true);
    expect(await page.locator('[data-test=input-add]').count()).toBe(0);
    expect(await page.locator('[data-test=delete-draft]').count()).toBe(0);
  });

  it('imports a JSON file and names its problems by pointer in Chinese', async () => {
    await page.click('[data-test=menu-packs]');
    await page.click('[data-test=new-scheme]');
    await page.click('[data-test=new-scheme-mode-import]');
    await page.setInputFiles('[data-test=new-scheme-file]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ id: 'Bad Id', version: '1.0.0' })) });
    await containsText(page.locator('[data-test=new-scheme-problems]'), '/id');
    await containsText(page.locator('[data-test=new-scheme-problems]'), '方案标识须为小写字母、数字和连字符');
    await shot('designer-09-import-problems');
    await page.keyboard.press('Escape');
  });

  it('fetched nothing from outside and threw no page errors', () => {
    expect(ui.outsideRequests).toEqual([]);
    expect(ui.pageErrors).toEqual([]);
  });
});
