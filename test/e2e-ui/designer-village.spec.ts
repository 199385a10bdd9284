/**
 * Issue 13, "How it is checked", first test: a village branch-points scheme authored in the browser with the
 * designer only (nothing typed in the JSON view), published, and simulated on data generated from its inputs.
 *   author:    新建方案 → 空白方案 → four 0–25 inputs (组织建设 教育管理 服务群众 廉洁自律, 分) and 发生严重违纪 (是否)
 *              → parameter 星级标准 [70, 80, 90] → 总分 typed in Chinese → 星级 bands from the parameter (3/4/5, below 0)
 *              → veto 发生严重违纪 → 星级 0 → outputs 总分, 星级 → two example subjects → 运行测试 (saves, both pass)
 *   publisher: 发布 in the publish dialog (first version, 1.0.0)
 *   analyst:   政策模拟 → 按输入项定义随机生成 1000 subjects → 4★ line 80 → 85 → the transition matrix moves only 4★ → 3★
 * Screenshots of every step go to test/e2e-ui/screenshots/village-*.png (git-ignored).
 */
import type { Page } from 'playwright-core';
import { storedDocument, useUi } from './support/page';
import type { RunningServer } from './support/server';

const ID = 'village-branch-points';
const TITLE = '村党组织星级积分';
const POLICY =
  '村党组织星级评定按组织建设、教育管理、服务群众、廉洁自律四项计分，每项满分25分。\n总分90分以上为五星，80分以上为四星，70分以上为三星，不足70分不评星。\n发生严重违纪的，实行一票否决，不评星级。';

jest.setTimeout(300_000);

const ui = useUi({ prefix: 'village-', pageTimeout: 20_000 });
const { eventually, hasText, containsText, text, input, valueOf, shot, fill, choose, card, bar, typeFormula, addRule, login } = ui;
let page: Page;
let server: RunningServer;
beforeAll(() => {
  ({ page, server } = ui);
});
/** The stored draft, read with the signed-in user's token from the page. */
const savedDocument = () => storedDocument(page, ID, '1.0.0');

describe('a village scheme authored in the designer, published and simulated', () => {
  it('author: 新建方案 → 空白方案 opens the designer', async () => {
    await login('author');
    await page.click('[data-test=new-scheme]');
    await page.waitForSelector('[data-test=new-scheme-dialog]');
    await page.click('[data-test=new-scheme-mode-blank]');
    await input('new-scheme-id').fill(ID);
    await input('new-scheme-title').fill(TITLE);
    await input('new-scheme-locality').fill('某县');
    await choose('new-scheme-subject-kind', '村（village）');
    expect(await valueOf('new-scheme-subject-label')).toBe('村');
    await shot('01-new-scheme');
    await page.click('[data-test=new-scheme-submit]');
    await page.waitForURL(new RegExp(`/packs/${ID}/versions/1\\.0\\.0$`));
    await page.waitForSelector('[data-test=designer] [data-test=section-inputs]');
    expect(await page.locator('.el-tabs__item.is-active', { hasText: '设计' }).count()).toBe(1);
    expect(await valueOf('basic-title-zh')).toBe(TITLE);
    await fill('basic-policy-text', POLICY);
  });

  it('author: four 0–25 inputs in 分 and the boolean 发生严重违纪 in the 输入项 table', async () => {
    const fields = [
      ['organisation', '组织建设'],
      ['education', '教育管理'],
      ['service', '服务群众'],
      ['integrity', '廉洁自律'],
    ];
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) await page.click('[data-test=input-add]');
      await fill(`input-row-${i}-name`, fields[i][0]);
      await fill(`input-row-${i}-title`, fields[i][1]);
      await choose(`input-row-${i}-type`, '整数');
      await fill(`input-row-${i}-min`, '0');
      await fill(`input-row-${i}-max`, '25');
      await fill(`input-row-${i}-unit`, '分');
    }
    await page.click('[data-test=input-add]');
    await fill('input-row-4-name', 'seriousBreach');
    await fill('input-row-4-title', '发生严重违纪');
    await choose('input-row-4-type', '是否');
    expect(await page.locator('[data-test=inputs-problems]').count()).toBe(0);
    await containsText(page.locator('[data-test=dirty]'), '有未保存的修改');
    await page.click('[data-test=designer-nav-inputs]');
    await page.waitForTimeout(600);
    await shot('02-inputs');
  });

  it('author: the thresholds are a parameter, 星级标准 = 70, 80, 90 分', async () => {
    await page.click('[data-test=designer-nav-parameters]');
    await page.click('[data-test=param-add]');
    await fill('param-row-0-name', 'starBands');
    await fill('param-row-0-label', '星级标准');
    await fill('param-row-0-value', '70, 80, 90');
    await fill('param-row-0-unit', '分');
    expect(await page.locator('[data-test=parameters-problems]').count()).toBe(0);
  });

  it('author: 总分 typed in Chinese, 星级 in bands of 星级标准, the veto of 发生严重违纪', async () => {
    await page.click('[data-test=designer-nav-rules]');
    // the blank scheme's one rule is 总分 (total): its formula becomes the sum, in Chinese names
    await hasText(page.locator('[data-test="rule-0-title"]'), '总分');
    await typeFormula(0, 'expr', '组织建设 + 教育管理 + 服务群众 + 廉洁自律');
    expect(await card(0).locator('[data-test="formula-error"]').count()).toBe(0);

    await page.click('[data-test=rules-add]');
    await page.locator('[data-test="rules-add-bands"]:visible').click();
    await page.waitForSelector('[data-test="rule-card-1"]');
    await hasText(page.locator('[data-test="rule-1-kind"]'), '分档');
    await fill('rule-1-label', '星级');
    await fill('rule-1-name', 'stars');
    await typeFormula(1, 'of', '总分');
    await card(1).locator('[data-test=bands-mode-param]').click();
    await containsText(card(1).locator('[data-test="rule-1-bands-param"]'), '星级标准（starBands）');
    for (const [k, b] of ['70', '80', '90'].entries()) await hasText(card(1).locator(`[data-test="band-row-${k}-bound"]`), b);
    await fill('band-row-0-value', '3');
    await fill('band-row-1-value', '4');
    await fill('band-row-2-value', '5');
    await fill('band-below-value', '0');
    await hasText(card(1).locator('[data-test="band-below-text"]'), '不足 70 分 → 0 星');
    await hasText(card(1).locator('[data-test="band-row-0-text"]'), '70 分以上、不足 80 分 → 3 星');
    await hasText(card(1).locator('[data-test="band-row-1-text"]'), '80 分以上、不足 90 分 → 4 星');
    await hasText(card(1).locator('[data-test="band-row-2-text"]'), '90 分以上 → 5 星');
    // the cite is a sentence picked from the pasted policy text
    await card(1).locator('[data-test=cite-pick]').click();
    await page.locator('input[data-test=cite-search]:visible, [data-test=cite-search]:visible input').first().fill('四星');
    await page.locator('[data-test=cite-sentence-0]:visible').click();
    expect(await card(1).locator('[data-test=cite-input] textarea, textarea[data-test=cite-input]').first().inputValue()).toBe('总分90分以上为五星，80分以上为四星，70分以上为三星，不足70分不评星。');
    expect(await card(1).locator('[data-test="formula-error"]').count()).toBe(0);
    await shot('03-bands-card', card(1));

    await page.click('[data-test=rules-add]');
    await page.locator('[data-test="rules-add-veto"]:visible').click();
    await page.waitForSelector('[data-test="rule-card-2"]');
    await hasText(page.locator('[data-test="rule-2-kind"]'), '一票否决');
    await fill('rule-2-label', '严重违纪否决');
    await typeFormula(2, 'when', '发生严重违纪');
    await choose('rule-2-veto-target', '星级（stars）');
    await hasText(page.locator('[data-test="rule-2-veto-sentence"]'), '如果 发生严重违纪，则 星级 定为 0');
    expect(await card(2).locator('[data-test="formula-error"]').count()).toBe(0);
    await shot('04-veto-card', card(2));
  });

  it('author: outputs 总分 and 星级; two example subjects in the 测试用例 table', async () => {
    await page.click('[data-test=designer-nav-outputs]');
    await page.locator('[data-test="output-stars-on"]').click();
    expect(await page.locator('[data-test="output-total-on"] input').isChecked()).toBe(true);
    expect(await page.locator('[data-test="output-stars-on"] input').isChecked()).toBe(true);
    expect(await page.locator('[data-test="output-vetoed-on"] input').isChecked()).toBe(false);

    await page.click('[data-test=designer-nav-tests]');
    await containsText(page.locator('[data-test=tests-section] thead'), '发生严重违纪');
    await containsText(page.locator('[data-test=tests-section] thead'), '星级');
    await page.click('[data-test=test-add]');
    const rows: Array<[string, string, string]> = [
      ['85 分，四星', '否', '4'],
      ['85 分但发生严重违纪，不评星', '是', '0'],
    ];
    for (let i = 0; i < rows.length; i++) {
      await fill(`test-row-${i}-name`, rows[i][0]);
      await fill(`test-row-${i}-input-organisation`, '22');
      await fill(`test-row-${i}-input-education`, '21');
      await fill(`test-row-${i}-input-service`, '21');
      await fill(`test-row-${i}-input-integrity`, '21');
      await choose(`test-row-${i}-input-seriousBreach`, rows[i][1]);
      await fill(`test-row-${i}-expect-total`, '85');
      await fill(`test-row-${i}-expect-stars`, rows[i][2]);
    }
    await page.locator('[data-test=section-tests]').scrollIntoViewIfNeeded();
    await shot('05-tests-table');
  });

  it('author: 运行测试 saves the draft and both examples pass, named in Chinese', async () => {
    await page.click('[data-test=tests-run]');
    await hasText(page.locator('[data-test=tests-summary]'), '2 项通过，0 项未通过', 60_000);
    const cases = await page.locator('[data-test=test-case]').allInnerTexts();
    expect(cases).toHaveLength(2);
    expect(cases[0]).toContain('85 分，四星');
    expect(cases[1]).toContain('85 分但发生严重违纪，不评星');
    await eventually(async () => expect(await page.locator('[data-test=dirty]').count()).toBe(0));
    await shot('06-tests-passed');

    // what was saved: the Chinese formula as typed beside the JSON Logic with English names
    const doc = await savedDocument();
    expect(doc.input.properties.organisation).toEqual({ type: 'integer', title: '组织建设', minimum: 0, maximum: 25, unit: '分' });
    expect(doc.input.properties.seriousBreach).toEqual({ type: 'boolean', title: '发生严重违纪' });
    expect(doc.input.required).toEqual(['organisation', 'education', 'service', 'integrity', 'seriousBreach']);
    expect(doc.parameters.starBands).toMatchObject({ value: [70, 80, 90], label: { 'zh-CN': '星级标准' }, unit: '分' });
    expect(doc.rules.map((r: { name: string; kind: string }) => `${r.kind}:${r.name}`)).toEqual(['value:total', 'bands:stars', 'veto:vetoed']);
    expect(doc.rules[0].formula.expr).toBe('组织建设 + 教育管理 + 服务群众 + 廉洁自律');
    expect(doc.rules[0].expr).toEqual({ '+': [{ var: 'organisation' }, { var: 'education' }, { var: 'service' }, { var: 'integrity' }] });
    expect(doc.rules[1]).toMatchObject({ of: { var: 'total' }, bounds: { $param: 'starBands' }, values: [3, 4, 5], below: 0, label: { 'zh-CN': '星级' } });
    expect(doc.rules[2]).toMatchObject({ when: { var: 'seriousBreach' }, target: 'stars', value: 0, formula: { when: '发生严重违纪' } });
    expect(doc.outputs).toEqual(['total', 'stars']);
    expect(doc.tests).toHaveLength(2);
  });

  it('publisher: the publish dialog publishes the first version, 1.0.0', async () => {
    await login('publisher');
    await page.goto(`${server.baseUrl}/packs/${ID}/versions/1.0.0`);
    await page.waitForSelector('[data-test=publish]');
    await page.click('[data-test=publish]');
    const dialog = page.locator('[data-test=publish-dialog]');
    await page.waitForSelector('[data-test=publish-dialog] [data-test=publish-proposed]');
    await hasText(dialog.locator('[data-test=publish-base]'), '无（首个版本）');
    await hasText(dialog.locator('[data-test=publish-draft-version]'), '1.0.0');
    await containsText(dialog, '首个版本，版本号 1.0.0 无需比较。');
    await hasText(dialog.locator('[data-test=publish-confirm]'), '发布 1.0.0');
    await shot('07-publish-dialog');
    await page.click('[data-test=publish-confirm]');
    await hasText(page.locator('[data-test=version-status]'), '已发布', 30_000);
    await shot('08-published');
  });

  it('analyst: generates 1000 subjects from the inputs, moves the 4★ line 80 → 85, reads the transition matrix', async () => {
    await login('analyst');
    await page.click('[data-test=menu-simulation]');
    await page.waitForSelector('[data-test=sim-pack]');
    await choose('sim-pack', `（${ID}）`);
    await choose('sim-version', '1.0.0');
    await page.locator('[data-test=dataset-picker] .el-radio-button', { hasText: '生成模拟数据' }).click();
    await choose('dataset-generate-from', '按输入项定义随机生成');
    await page.click('[data-test=dataset-generate]');
    await containsText(page.locator('[data-test=dataset-select]'), '按输入项定义随机生成 · n=1000', 60_000);
    // the parameter editor shows 星级标准 by its Chinese name; its second line (4★) goes to 85
    await containsText(page.locator('[data-test="param-starBands"]'), '星级标准');
    const line = page.locator('[data-test="param-starBands-1"] input');
    expect(await line.inputValue()).toBe('80');
    await line.fill('85');
    await line.press('Tab');
    await shot('09-simulation-setup');
    await page.click('[data-test=sim-run]');
    await hasText(page.locator('[data-test=sim-status]'), '已完成', 120_000).catch((e) => {
      throw new Error(`the simulation did not complete: ${(e as Error).message}\nserver errors: ${ui.serverErrors.join('\n')}\nserver log: ${server.log().slice(-3000)}`);
    });
    await page.waitForSelector('[data-test=sim-results]');
    await page.locator('.el-tabs__item', { hasText: '等级变化矩阵' }).click();
    await page.waitForSelector('[data-test=transition-matrix]');
    await containsText(page.locator('[data-test=transition-matrix] thead'), '基准（行） \\ 变体（列）');

    // raising the 4★ line can only send 4★ subjects (80–84 分, not vetoed) down to 3★; nothing else moves
    const cells = await page.locator('[data-test=transition-matrix] td[data-test^="cell-"]').evaluateAll((tds) =>
      tds.map((td) => [td.getAttribute('data-test')!.slice('cell-'.length), Number(td.textContent)] as [string, number]),
    );
    const moved = cells.filter(([k, n]) => n > 0 && k.split('-')[0] !== k.split('-')[1]);
    expect(moved.map(([k]) => k)).toEqual(['4-3']);
    const down = moved[0][1];
    expect(down).toBeGreaterThan(0);
    expect(cells.reduce((s, [, n]) => s + n, 0)).toBe(1000);
    await hasText(page.locator('[data-test=changed-count]'), `结果变化的对象：${down} / 1000`);
    await shot('10-transition-matrix');
  });

  it('fetched nothing from outside and threw no page or server errors', () => {
    expect(ui.outsideRequests).toEqual([]);
    expect(ui.pageErrors).toEqual([]);
    expect(ui.serverErrors).toEqual([]);
  });
});
