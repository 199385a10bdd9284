/**
 * The simulation page's dataset picker in Chromium (Debian's, driven by playwright-core) against the real
 * server: a new draft scheme without demo data gets its fill-in template and a dataset generated from its
 * input definition, and simulates on it. Needs a built UI: KP_E2E_UI_DIR=<vite outDir> (default admin-ui/dist).
 * Screenshots go to test/e2e-ui/screenshots/dataset-picker-*.png (git-ignored).
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { useUi } from '../e2e-ui/support/page';
import { minimalPack } from './mini-pack';

const PACK = 'village-points-ui';

jest.setTimeout(300_000);

const ui = useUi({ prefix: 'dataset-picker-', timeout: 20_000 });
const { eventually, shot, choose, login, api } = ui;
let page: Page;

beforeAll(async () => {
  page = ui.page;
  // The author makes a new scheme (a draft, no demo data) through the API; the analyst works in the browser.
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
  const created = await api('author', 'POST', '/packs', { document: doc });
  if (created.status !== 201) throw new Error(`creating the draft: ${created.status} ${JSON.stringify(created.body)}`);
});

it('a new draft without demo data: 下载填写模板 gives its Chinese headers, 按输入项定义随机生成 makes a dataset, and it simulates', async () => {
  await login('analyst');
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
  expect(ui.pageErrors).toEqual([]);
});
