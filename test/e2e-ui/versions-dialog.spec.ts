/**
 * Versions that say what they are, in the browser: a publisher opens a draft numbered 1.0.1 that adds an output to
 * the published 1.0.0; the publish dialog lists the change in Chinese under 新增, says a minor version is needed,
 * proposes 1.1.0, and its one button renumbers the draft to 1.1.0 and publishes it.
 * Screens are saved as test/e2e-ui/screenshots/versions-*.png (git-ignored).
 */
import type { Page } from 'playwright-core';
import { villagePack } from '../../server/src/engine/diff/village.fixture';
import { useUi } from './support/page';

const ID = 'vs-e2e-village';

jest.setTimeout(300_000);

const ui = useUi({ prefix: 'versions-' });
const { hasText, containsText, api, login, shot } = ui;
let page: Page;

beforeAll(async () => {
  page = ui.page;
  expect((await api('author', 'POST', `/packs`, { document: villagePack(ID, '1.0.0') })).status).toBe(201);
  expect((await api('publisher', 'POST', `/packs/${ID}/versions/1.0.0/publish`)).status).toBe(200);
  const draft = villagePack(ID, '1.0.1') as any;
  draft.rules.push({ name: 'vetoedFlag', kind: 'value', label: { 'zh-CN': '是否否决', en: 'Vetoed?' }, expr: { var: 'breach' } });
  draft.outputs.push('vetoedFlag');
  expect((await api('author', 'POST', `/packs/${ID}/versions`, { version: '1.0.1', document: draft })).status).toBe(201);
});

it('the publish dialog shows the changes in Chinese, needs 1.1.0, and renumbers and publishes in one step', async () => {
  await login('publisher');
  await page.goto(`${ui.server.baseUrl}/packs/${ID}/versions/1.0.1`);
  await page.waitForSelector('[data-test=publish]');
  await page.click('[data-test=publish]');

  const dialog = page.locator('[data-test=publish-dialog]');
  await page.waitForSelector('[data-test=publish-dialog] [data-test=publish-proposed]');
  await hasText(dialog.locator('[data-test=publish-base]'), '1.0.0');
  await hasText(dialog.locator('[data-test=publish-draft-version]'), '1.0.1');
  await hasText(dialog.locator('[data-test=publish-proposed]'), '1.1.0');
  await hasText(dialog.locator('[data-test=publish-level]'), '次版本号（含新增）');
  await containsText(dialog.locator('[data-test=publish-too-low]'), '版本号 1.0.1 过低：这些变更至少需要版本号 1.1.0。');
  await hasText(dialog.locator('[data-test=change-group-minor]'), '新增（2）');
  expect(await dialog.locator('[data-test=change-item]').allInnerTexts()).toEqual(['新增输出 是否否决', '新增规则 是否否决']);
  expect(await dialog.locator('[data-test=change-group-major]').count()).toBe(0);
  await hasText(dialog.locator('[data-test=publish-confirm]'), '改为 1.1.0 并发布');
  await shot('01-publish-dialog');

  await page.click('[data-test=publish-confirm]');
  await page.waitForURL(new RegExp(`/packs/${ID}/versions/1\\.1\\.0$`));
  await hasText(page.locator('[data-test=version-status]'), '已发布');
  await shot('02-published');

  const pack = await api('viewer', 'GET', `/packs/${ID}`);
  expect(pack.body.versions.map((v: { version: string; status: string }) => `${v.version} ${v.status}`)).toEqual(['1.0.0 published', '1.1.0 published']);
  expect(ui.pageErrors).toEqual([]);
});
