/**
 * The simulation page's dataset picker in Chromium (Debian's, driven by playwright-core) against the real
 * server: a new draft scheme without demo data gets its fill-in template and a dataset generated from its
 * input definition, and simulates on it. Needs a built UI: KP_E2E_UI_DIR=<vite outDir> (default admin-ui/dist).
 * Screenshots go to test-artifacts/screens/dataset-picker-*.png (git-ignored).
 */
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/src/seed/demo-tree';
import { REPO_ROOT, startServer, type RunningServer } from '../e2e-ui/support/server';
import { minimalPack } from './mini-pack';

const DIST = process.env.KP_E2E_UI_DIR ?? join(REPO_ROOT, 'admin-ui', 'dist');
const CHROMIUM = process.env.KP_CHROMIUM ?? '/usr/bin/chromium';
const SCREENS = join(REPO_ROOT, 'test-artifacts', 'screens');
const PACK = 'village-points-ui';

jest.setTimeout(300_000);

let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function eventually(check: () => Promise<void>, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
const shot = async (name: string) => {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENS, `dataset-picker-${name}.png`) });
};
const choose = async (testId: string, text: string) => {
  await page.click(`[data-test="${testId}"]`);
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}`);
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`No built admin UI at ${DIST}: cd admin-ui && npx vite build --outDir <dir>, then KP_E2E_UI_DIR=<dir>`);
  mkdirSync(SCREENS, { recursive: true });
  server = await startServer({ adminUiDir: DIST });
  // The author makes a new scheme (a draft, no demo data) through the API; the analyst works in the browser.
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'author', password: DEMO_PASSWORD }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const fields = [['org', '组织建设'], ['edu', '教育管理'], ['service', '服务群众'], ['integrity', '廉洁自律']];
  const doc = minimalPack(
    { type: 'object', required: fields.map((f) => f[0]), properties: Object.fromEntries(fields.map(([n, title]) => [n, { type: 'number', minimum: 0, maximum: 25, title, unit: '分' }])) },
    'year',
    { '+': fields.map((f) => ({ var: f[0] })) },
    PACK,
  ) as any;
  // 星级 bands 70/80/90 → 3/4/5, 0 below, as in the village scheme of issue 13.
  doc.rules.push({ kind: 'bands', name: 'stars', label: { 'zh-CN': '星级', en: 'Stars' }, of: { var: 'total' }, bounds: [70, 80, 90], values: [3, 4, 5], below: 0, cite: '70 分以上为三星。' });
  doc.outputs.push('stars');
  const created = await fetch(`${server.baseUrl}/api/v1/packs`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ document: doc }) });
  if (created.status !== 201) throw new Error(`creating the draft: ${created.status} ${await created.text()}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('a new draft without demo data: 下载填写模板 gives its Chinese headers, 按输入项定义随机生成 makes a dataset, and it simulates', async () => {
  await page.goto(`${server.baseUrl}/login`);
  await page.locator('[data-test="login-username"] input, input[data-test="login-username"]').first().fill('analyst');
  await page.locator('[data-test="login-password"] input, input[data-test="login-password"]').first().fill(DEMO_PASSWORD);
  await page.click('[data-test=login-submit]');
  await page.click('[data-test=menu-simulation]');
  await page.waitForSelector('[data-test=sim-pack]');
  await choose('sim-pack', `（${PACK}）`);
  await choose('sim-version', '1.0.0');

  await page.locator('[data-test=dataset-picker] .el-radio-button', { hasText: '上传 Excel / CSV' }).click();
  await eventually(async () => expect(await page.locator('[data-test=dataset-template]').innerText()).toBe('下载填写模板'));
  await shot('1-upload');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=dataset-template]')]);
  expect(download.suggestedFilename()).toBe(`${PACK}-1.0.0-template.xlsx`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as any);
  expect((wb.getWorksheet('填写数据')!.getRow(1).values as unknown[]).slice(1)).toEqual(['期间', '编号', '组织建设（分）', '教育管理（分）', '服务群众（分）', '廉洁自律（分）']);

  await page.locator('[data-test=dataset-picker] .el-radio-button', { hasText: '生成模拟数据' }).click();
  await eventually(async () => expect(await page.locator('[data-test=dataset-generate-hint]').innerText()).toContain('按输入项定义随机生成'));
  await choose('dataset-generate-from', '按输入项定义随机生成');
  await page.click('[data-test=dataset-generate]');
  await eventually(async () => expect(await page.locator('.el-message').last().innerText()).toBe('已按输入项定义随机生成 1000 个对象'));
  await eventually(async () => expect(await page.locator('[data-test=dataset-select]').innerText()).toContain('按输入项定义随机生成 · n=1000'));
  await shot('2-generated');

  await page.click('[data-test=sim-run]');
  await eventually(async () => expect(await page.locator('[data-test=sim-status]').innerText()).toBe('已完成'), 120_000);
  await shot('3-simulated');
  // Generated from the definition alone, the sums fall in every band: each grade holds at least 5% of the 1000.
  await page.locator('.el-tabs__item', { hasText: '等级变化矩阵' }).click();
  await page.waitForSelector('[data-test=transition-matrix]');
  for (const g of [0, 3, 4, 5]) expect(Number(await page.locator(`[data-test="cell-${g}-${g}"]`).innerText())).toBeGreaterThanOrEqual(50);
  await shot('4-matrix');
  expect(pageErrors).toEqual([]);
});
