/**
 * Versions that say what they are, in the browser: a publisher opens a draft numbered 1.0.1 that adds an output to
 * the published 1.0.0; the publish dialog lists the change in Chinese under 新增, says a minor version is needed,
 * proposes 1.1.0, and its one button renumbers the draft to 1.1.0 and publishes it.
 * Screens are saved as test-artifacts/screens/versions-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { villagePack } from '../../server/src/engine/diff/village.fixture';
import { DEMO_PASSWORD } from '../../server/src/seed/demo-tree';
import { REPO_ROOT, startServer, type RunningServer } from './support/server';

const DIST = process.env.KP_E2E_UI_DIR ?? join(REPO_ROOT, 'admin-ui', 'dist');
const SCREENS = join(REPO_ROOT, 'test-artifacts', 'screens');
const CHROMIUM = process.env.KP_CHROMIUM ?? '/usr/bin/chromium';
const ID = 'vs-e2e-village';

jest.setTimeout(300_000);

let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function eventually(check: () => Promise<void>, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
const text = async (l: Locator) => ((await l.count()) ? (await l.first().innerText()).trim() : '');
const hasText = (l: Locator, v: string) => eventually(async () => expect(await text(l)).toBe(v));
const containsText = (l: Locator, v: string) => eventually(async () => expect(await text(l)).toContain(v));

/** The API as a user, from Node. */
async function api(username: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`The admin UI is not built: ${DIST}/index.html is missing.`);
  if (!existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}.`);
  mkdirSync(SCREENS, { recursive: true });
  server = await startServer({ adminUiDir: DIST });
  expect((await api('author', 'POST', '/api/v1/packs', { document: villagePack(ID, '1.0.0') })).status).toBe(201);
  expect((await api('publisher', 'POST', `/api/v1/packs/${ID}/versions/1.0.0/publish`)).status).toBe(200);
  const draft = villagePack(ID, '1.0.1') as any;
  draft.rules.push({ name: 'vetoedFlag', kind: 'value', label: { 'zh-CN': '是否否决', en: 'Vetoed?' }, expr: { var: 'breach' } });
  draft.outputs.push('vetoedFlag');
  expect((await api('author', 'POST', `/api/v1/packs/${ID}/versions`, { version: '1.0.1', document: draft })).status).toBe(201);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('the publish dialog shows the changes in Chinese, needs 1.1.0, and renumbers and publishes in one step', async () => {
  await page.goto(`${server.baseUrl}/login`);
  await page.locator('[data-test="login-username"] input, input[data-test="login-username"]').first().fill('publisher');
  await page.locator('[data-test="login-password"] input, input[data-test="login-password"]').first().fill(DEMO_PASSWORD);
  await page.click('[data-test=login-submit]');
  await page.waitForURL(/\/packs/);
  await page.goto(`${server.baseUrl}/packs/${ID}/versions/1.0.1`);
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
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENS, 'versions-01-publish-dialog.png') });

  await page.click('[data-test=publish-confirm]');
  await page.waitForURL(new RegExp(`/packs/${ID}/versions/1\\.1\\.0$`));
  await hasText(page.locator('[data-test=version-status]'), '已发布');
  await page.screenshot({ path: join(SCREENS, 'versions-02-published.png') });

  const pack = await api('viewer', 'GET', `/api/v1/packs/${ID}`);
  expect(pack.body.versions.map((v: { version: string; status: string }) => `${v.version} ${v.status}`)).toEqual(['1.0.0 published', '1.1.0 published']);
  expect(pageErrors).toEqual([]);
});
