/**
 * The admin UI end to end, in a real browser (Debian's chromium driven by playwright-core) against the real
 * server on a fresh PostgreSQL database seeded with the demo data:
 *   login → new draft → a schema error shows as a marker → fixed → tests run → published →
 *   a threshold change simulated → the transition matrix read → results exported to Excel.
 * Every page is saved as test/e2e-ui/screenshots/<name>.png (git-ignored).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { evaluatePack } from '../../server/src/engine';
import type { Pack } from '../../server/src/engine';
import { useUi } from './support/page';
import { REPO_ROOT, type RunningServer } from './support/server';

const PACK = 'rehab-branch-stars';
const DRAFT = '1.1.0';
/** The newest shipped version of PACK (a cite-only patch may follow 1.0.0): the draft's base and what the demo deploys. */
const BASE = readdirSync(join(REPO_ROOT, 'rule-packs', PACK))
  .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
  .map((f) => f.slice(0, -5))
  .sort((a, b) => { const x = a.split('.').map(Number), y = b.split('.').map(Number); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; })
  .pop()!;

jest.setTimeout(300_000);

const loadPack = (id: string, version = BASE) => JSON.parse(readFileSync(join(REPO_ROOT, 'rule-packs', id, `${version}.json`), 'utf8')) as Pack;

const ui = useUi();
const { eventually, hasText, containsText, text, input, shot, choose, login, logout } = ui;
let page: Page;
let server: RunningServer;
beforeAll(() => {
  ({ page, server } = ui);
});

/** Replace a piece of the editor text the way a person would: find it, then type over the selection. */
async function replaceInEditor(find: string, replacement: string): Promise<void> {
  await page.click('.monaco-editor .view-lines');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+F');
  await page.keyboard.type(find);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  // delete the selection first: typing a quote over it would wrap it in quotes (Monaco's auto-surround)
  await page.keyboard.press('Delete');
  await page.keyboard.type(replacement);
}

describe('admin UI', () => {
  it('logs in and lists the packs in Chinese', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await hasText(page.locator('h1'), '考评');
    await shot('01-login');
    await input('login-username').fill('author');
    await input('login-password').fill('wrong-password');
    await page.click('[data-test=login-submit]');
    await containsText(page.locator('[data-test=login-error]'), '用户名或密码错误');
    await login('author');
    await page.waitForSelector(`[data-test="open-${PACK}"]`);
    await containsText(page.locator('[data-test=pack-table]'), '强制隔离戒毒所');
    await shot('02-packs');
  });

  it('shows the version history with the semantic and JSON diff', async () => {
    await page.click('[data-test="history-yongxi-red-flag"]');
    await page.waitForSelector('[data-test=history-dialog] [data-test=change-list] .items');
    // the dialog opens on the newest two versions (2.0.0 → 2.1.0); pick 1.0.0 → 2.0.0
    await choose('diff-from', '1.0.0');
    await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
    await choose('diff-to', '2.0.0');
    await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
    await page.click('[data-test=diff-compare]');
    // 1.0.0 → 2.0.0 in the users' words: the period change is breaking, the new flag count an adjustment
    await containsText(page.locator('[data-test=history-dialog] [data-test=change-group-major]'), '不兼容变更');
    await containsText(page.locator('[data-test=history-dialog] [data-test=change-list]'), '考评周期 双月 → 季度');
    await containsText(page.locator('[data-test=history-dialog] [data-test=change-list]'), '参数 流动红旗数量 1 → 2');
    await shot('03-history-semantic');
    await page.locator('[data-test=history-dialog] .el-tabs__item', { hasText: 'JSON 对照' }).click();
    await page.waitForSelector('[data-test=monaco-diff] .editor.original');
    await shot('04-history-json');
    await page.keyboard.press('Escape');
  });

  it('creates a draft, marks a schema error at its pointer, and clears it when fixed', async () => {
    await page.click(`[data-test="new-version-${PACK}"]`);
    await input('new-version-input').fill(DRAFT);
    await page.click('[data-test=new-version-submit]');
    await page.waitForURL(new RegExp(`/packs/${PACK}/versions/${DRAFT}`));
    // a draft opens on the designer (设计); this test edits the JSON itself, in the 高级（JSON） tab
    await page.waitForSelector('[data-test=designer]');
    await page.locator('.el-tabs__item', { hasText: '高级（JSON）' }).click();
    await page.waitForSelector('.monaco-editor .view-lines');
    await hasText(page.locator('[data-test=version-status]'), '草稿');
    await shot('05-editor-draft');

    await replaceInEditor('"year"', '"month"');
    // Monaco's own schema validation marks the enum at once…
    await page.waitForSelector('.monaco-editor .squiggly-error');
    await containsText(page.locator('[data-test=problems-panel]'), '/period');
    // …and the server's validation, after saving, names the same pointer.
    await page.click('[data-test=save]');
    await containsText(page.locator('[data-test=problems-panel] .pointer').first(), '/period');
    await shot('06-editor-marker');

    await replaceInEditor('"month"', '"year"');
    await page.click('[data-test=save]');
    await containsText(page.locator('[data-test=problems-panel]'), '没有问题');
    await eventually(async () => expect(await page.locator('.monaco-editor .squiggly-error').count()).toBe(0));
  });

  it('keeps the edits and says so when someone else saved first (409)', async () => {
    // someone else saves the same draft from another tab, with the revision both started from
    const status = await page.evaluate(
      async ([id, v]) => {
        const token = JSON.parse(sessionStorage.getItem('kaoping.session')!).token as string;
        const url = `/api/v1/packs/${id}/versions/${v}`;
        const got = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
        const doc = (await got.json()).document;
        doc.description = { ...doc.description, en: `${doc.description.en} (edited elsewhere)` };
        const put = await fetch(url, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': got.headers.get('ETag')! }, body: JSON.stringify(doc) });
        return put.status;
      },
      [PACK, DRAFT],
    );
    expect(status).toBe(200);
    await replaceInEditor('"branch"', '"branch"');
    await page.keyboard.type(' ');
    await page.click('[data-test=save]');
    await containsText(page.locator('.el-message-box'), '有人在您之后保存了这个草稿');
    await containsText(page.locator('[data-test=dirty]'), '有未保存的修改');
    await shot('06b-editor-conflict');
    await page.locator('.el-message-box__btns .el-button--primary').click(); // 重新加载
    await eventually(async () => expect(await page.locator('[data-test=dirty]').count()).toBe(0));
  });

  it('runs the pack tests, every one passing', async () => {
    await page.click('[data-test=run-tests-top]');
    const summary = page.locator('[data-test=tests-summary]');
    await containsText(summary, '0 项未通过');
    const cases = await page.locator('[data-test=test-case]').count();
    expect(cases).toBe(loadPack(PACK).tests!.length);
    await shot('07-editor-tests');
  });

  it('tries one subject and explains the stars', async () => {
    await page.locator('.el-tabs__item', { hasText: '试算' }).click();
    await page.waitForSelector('[data-test=try-outputs]');
    const setNumber = async (path: string, v: number) => {
      const el = page.locator(`[data-test="field${path.replace(/\//g, '-')}"] input`).first();
      await el.fill(String(v));
      await el.press('Tab');
    };
    for (const c of ['teamBuilding', 'performance', 'teamManagement', 'production', 'innovation']) {
      await setNumber(`/self/${c}`, 18);
      await setNumber(`/committee/${c}`, 19);
      await setNumber(`/peers/0/${c}`, 17);
    }
    await setNumber('/satisfaction', 0.9);
    // 0.1×90 + 0.3×85 + 0.6×95 = 91.5 → 4★ (the SCHEMES.md example)
    await hasText(page.locator('[data-test=try-out-stars]'), '四星级');
    await hasText(
      page.locator('[data-test=try-explain-stars]'),
      '综合评价得分 91.5 分（自评权重 0.1 × 支部自评总分 90 分 + 互评权重 0.3 × 其他支部互评平均分 85 分 + 所党委总评权重 0.6 × 所党委总评总分 95 分），达到四星级标准（90 分以上、不足 96 分），星级定为四星级。',
    );
    // the cite is on the page, not only in a tooltip
    await containsText(page.locator('[data-test=try-cite-stars]'), '依据：“星级”党组织和党员分为五个档次');
    await shot('08-editor-try');
    // the veto case: satisfaction of exactly 80% withdraws the stars, and the sentence says why
    await setNumber('/satisfaction', 0.8);
    await hasText(page.locator('[data-test=try-out-stars]'), '未评上星级');
    await hasText(page.locator('[data-test=try-out-vetoed]'), '是');
    await hasText(page.locator('[data-test=try-explain-vetoed]'), '群众测评满意度 0.8，在群众满意度否决线 0.8 以下，一票否决，星级由四星级改为未评上星级。');
    await containsText(page.locator('[data-test=try-explain-stars]'), '，但群众测评满意度 0.8，在群众满意度否决线 0.8 以下，一票否决，星级定为未评上星级。');
    await containsText(page.locator('[data-test=try-cite-vetoed]'), '“一票否决”现象的，立即撤星摘牌');
    await shot('08b-editor-try-veto');
    await setNumber('/satisfaction', 0.9);
    await hasText(page.locator('[data-test=try-out-stars]'), '四星级');
  });

  it('publishes the draft after confirmation (publisher)', async () => {
    await logout();
    await login('publisher');
    await page.goto(`${server.baseUrl}/packs/${PACK}/versions/${DRAFT}`);
    await page.waitForSelector('[data-test=publish]');
    await page.click('[data-test=publish]');
    // the publish dialog names what changed since the newest published version and the bump it needs; the draft's number is enough
    await page.waitForSelector('[data-test=publish-dialog] [data-test=publish-proposed]');
    await hasText(page.locator('[data-test=publish-base]'), BASE);
    await hasText(page.locator('[data-test=publish-draft-version]'), DRAFT);
    expect(await page.locator('[data-test=publish-too-low]').count()).toBe(0);
    await page.click('[data-test=publish-confirm]');
    await hasText(page.locator('[data-test=version-status]'), '已发布');
    await shot('09-editor-published');
  });

  it('simulates moving the 4★ line from 90 to 88 and reads the transition matrix', async () => {
    await logout();
    await login('analyst');
    await page.click('[data-test=menu-simulation]');
    await page.waitForSelector('[data-test=sim-pack]');
    await choose('sim-pack', `（${PACK}）`);
    await choose('sim-version', '1.0.0');
    await page.click('[data-test=dataset-demo]');
    await containsText(page.locator('[data-test=dataset-select]'), '演示数据', 30_000);
    const band = input('param-starBands-3');
    await band.fill('88');
    await band.press('Tab');
    await shot('10-simulation-setup');
    await page.click('[data-test=sim-run]');
    await hasText(page.locator('[data-test=sim-status]'), '已完成', 120_000).catch((e) => {
      throw new Error(`the simulation did not complete: ${(e as Error).message}\nserver errors: ${ui.serverErrors.join('\n')}\nserver log: ${server.log().slice(-3000)}`);
    });
    await page.waitForSelector('[data-test=sim-results]');
    await shot('11-simulation-distribution');

    // The same comparison computed here with the engine: every cell must match.
    const pack = loadPack(PACK);
    const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'rule-packs', PACK, 'demo.json'), 'utf8'));
    const before = evaluatePack(pack, demo);
    const after = evaluatePack(pack, { ...demo, parameters: { starBands: [60, 70, 80, 88, 96] } });
    const expected = new Map<string, number>();
    before.periods.forEach((p, i) =>
      p.results.forEach((r, j) => {
        const key = `${r.outputs.stars}-${after.periods[i].results[j].outputs.stars}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }),
    );
    expect(expected.get('3-4') ?? 0).toBeGreaterThan(0);

    await page.locator('.el-tabs__item', { hasText: '等级变化矩阵' }).click();
    await page.waitForSelector('[data-test=transition-matrix]');
    for (let from = 0; from <= 5; from++) {
      for (let to = 0; to <= 5; to++) {
        const cell = page.locator(`[data-test="cell-${from}-${to}"]`);
        if ((await cell.count()) === 0) {
          expect(expected.get(`${from}-${to}`) ?? 0).toBe(0);
          continue;
        }
        await hasText(cell, String(expected.get(`${from}-${to}`) ?? 0));
      }
    }
    await shot('12-simulation-transitions');
    await page.locator('.el-tabs__item', { hasText: '结果变化的对象' }).click();
    await shot('13-simulation-changed');
    await page.locator('.el-tabs__item', { hasText: '金额合计' }).click();
    await shot('14-simulation-totals');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=sim-export]')]);
    const file = await download.path();
    expect(file).toBeTruthy();
    // an .xlsx is a zip archive
    expect(readFileSync(file!).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('puts the new version in force for the locality (deployer), then shows results with a printable notice', async () => {
    await logout();
    await login('deployer');
    await page.click('[data-test=menu-deployments]');
    await page.waitForSelector('[data-test=deployment-table] .el-table__row');
    await hasText(page.locator(`[data-test="deployed-rehab-centre-${PACK}"]`), BASE);
    await shot('15-deployments');
    await page.click(`[data-test="change-rehab-centre-${PACK}"]`);
    await choose('deployment-version', DRAFT);
    await shot('15b-deployment-change');
    await page.click('[data-test=deployment-submit]');
    // effective from today: the published draft is now the version in force
    await hasText(page.locator(`[data-test="deployed-rehab-centre-${PACK}"]`), DRAFT);
    await page.click('[data-test=menu-results]');
    await page.waitForSelector('[data-test=ranking-table] .el-table__row');
    // the page opens on the pack evaluated last (the demo seed evaluates in id order): pick this one
    await choose('results-pack', loadPack(PACK).title['zh-CN']);
    await page.waitForSelector('[data-test=ranking-table] .el-table__row');
    await shot('16-results-ranking');
    await page.locator('.el-tabs__item', { hasText: '公示名单' }).click();
    await page.waitForSelector('[data-test=notice] tbody tr');
    // labelled values (四星级, 是/否 — never 4★, true or excellent) and the sentence of the grade, with its cite once
    const cells = await page.locator('[data-test=notice] td[data-test$="-stars"]').allInnerTexts();
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(['未评上星级', '一星级', '二星级', '三星级', '四星级', '五星级']).toContain(c.trim());
    const vetoCells = await page.locator('[data-test=notice] td[data-test$="-vetoed"]').allInnerTexts();
    for (const c of vetoCells) expect(['是', '否']).toContain(c.trim());
    const why = await page.locator('[data-test=notice] td[data-test^="notice-why-"]').allInnerTexts();
    expect(why.length).toBe(cells.length);
    for (const w of why) expect(w).toMatch(/星级定为(未评上星级|[一二三四五]星级)。$/);
    await containsText(page.locator('[data-test=notice-basis]'), '依据（星级）：“星级”党组织和党员分为五个档次');
    await shot('17-results-notice');
    await page.emulateMedia({ media: 'print' });
    await eventually(async () => expect(await page.locator('.el-aside').isVisible()).toBe(false));
    await shot('18-results-notice-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('switches to English', async () => {
    await page.locator('[data-test=lang-switcher] label', { hasText: 'EN' }).click();
    await hasText(page.locator('[data-test=menu-packs]'), 'Packs');
    await shot('19-results-english');
  });

  it('fetched nothing from outside the server and threw no page errors', () => {
    expect(ui.outsideRequests).toEqual([]);
    expect(ui.pageErrors).toEqual([]);
    expect(ui.serverErrors).toEqual([]);
  });
});
