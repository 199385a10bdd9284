/**
 * Issue 20 in the browser: a locality runs its assessment period. `keqiao` downloads the fill-in template of
 * keqiao-community-stars on 考评填报, fills it (exceljs) with two bad cells, uploads it and sees both errors by Excel
 * row and column header, fixes them, evaluates (as a job: KP_PERIOD_SYNC_MAX is 3 here, the file has 4 subjects),
 * reads the results with their sentences, exports them, corrects one community and evaluates again (变化), and
 * opens the 公示 notice. A viewer then reads the same results without the upload. Screenshots go to
 * test/e2e-ui/screenshots/periods-*.png (git-ignored).
 */
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { useUi } from './support/page';

// a file of more subjects than this is evaluated as a job with a progress bar, not within the request
process.env.KP_PERIOD_SYNC_MAX = '3';
const PACK = 'keqiao-community-stars';
const WORK = join(tmpdir(), `kp-periods-e2e-${process.pid}`);
mkdirSync(WORK, { recursive: true });

jest.setTimeout(600_000);

const ui = useUi({ prefix: 'periods-', timeout: 30_000, server: { timeoutMs: 480_000 } });
const { eventually, text, hasText, containsText, shot, choose, login, api } = ui;
let page: Page;

type Subject = Record<string, unknown> & { id: string };
const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'rule-packs', PACK, 'example.json'), 'utf8')) as { periods: { subjects: Subject[] }[] };
const subjects = example.periods[0].subjects;

/** The template's data sheet headers and, from its 填写说明 sheet, the input name each header fills. */
interface Template {
  headers: string[];
  nameOf: Map<string, string>;
  headerOf: (name: string) => string;
}

async function readTemplate(path: string): Promise<Template> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const data = wb.getWorksheet('填写数据');
  const guide = wb.getWorksheet('填写说明');
  if (!data || !guide) throw new Error(`the template has sheets ${wb.worksheets.map((w) => w.name).join(', ')}`);
  const headers = (data.getRow(1).values as unknown[]).slice(1).map(String);
  const nameOf = new Map<string, string>();
  guide.eachRow((row, n) => {
    if (n === 1) return;
    const [sheet, column, , name] = (row.values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v)));
    if (sheet === '填写数据' && column && name) nameOf.set(column, name);
  });
  const headerOf = (name: string) => {
    const h = headers.find((x) => nameOf.get(x) === name);
    if (!h) throw new Error(`no column for ${name} in ${headers.join(' | ')}`);
    return h;
  };
  return { headers, nameOf, headerOf };
}

/** The four example communities in the template's layout, with `edit` applied (a cell's value by subject and name). */
async function fill(template: string, t: Template, period: string, file: string, edit: (id: string, name: string, v: unknown) => unknown = (_i, _n, v) => v): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  const ws = wb.getWorksheet('填写数据')!;
  subjects.forEach((s, k) => {
    const row = ws.getRow(k + 2);
    t.headers.forEach((h, c) => {
      const name = h === '期间' ? 'period' : h === '编号' ? 'id' : t.nameOf.get(h);
      if (!name) return;
      let v = edit(s.id, name, name === 'period' ? period : s[name]);
      if (v === true) v = '是';
      if (v === false) v = '否';
      if (v !== undefined) row.getCell(c + 1).value = v as ExcelJS.CellValue;
    });
    row.commit();
  });
  const path = join(WORK, file);
  await wb.xlsx.writeFile(path);
  return path;
}

async function upload(path: string): Promise<void> {
  await page.setInputFiles('[data-test=period-file] input[type=file]', path);
}

async function download(click: string): Promise<{ path: string; name: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(click)]);
  const path = join(WORK, d.suggestedFilename());
  await d.saveAs(path);
  return { path, name: d.suggestedFilename() };
}

beforeAll(() => {
  page = ui.page;
});

describe('考评填报: template, upload with errors, evaluate, notice', () => {
  let period = '';
  let version = '';
  let template = '';
  let t: Template;

  it('keqiao downloads the template of the version in force for the period', async () => {
    await login('keqiao');
    await page.click('[data-test=menu-periods]');
    await page.waitForSelector('[data-test=page-periods]');
    await hasText(page.locator('[data-test=period-org]'), '柯桥街道');
    await choose('period-pack', `（${PACK}）`);
    await containsText(page.locator('[data-test=period-pack]'), '柯桥街道社区党组织“评星晋级”');
    // the current year, with the newest version deployed for it
    await eventually(async () => expect(await text(page.locator('[data-test=period-period]'))).toMatch(/^\d{4} 年度$/));
    period = (await text(page.locator('[data-test=period-period]'))).slice(0, 4);
    await containsText(page.locator('[data-test=period-version]'), `${period} 年度使用版本 `);
    const deployed = (await api('keqiao', 'GET', `/deployments?packId=${PACK}`)).body as { version: string; effectiveFrom: string }[];
    version = deployed.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0].version;
    await containsText(page.locator('[data-test=period-version]'), `${period} 年度使用版本 ${version}`);
    await containsText(page.locator('[data-test=period-no-results]'), '本期尚未考评');

    const got = await download('[data-test=period-template]');
    expect(got.name).toBe(`${PACK}-${version}-填报模板.xlsx`);
    template = got.path;
    t = await readTemplate(template);
    expect(t.headers.slice(0, 2)).toEqual(['期间', '编号']);
    expect(t.headerOf('homicides')).toMatch(/^命案数/);
    expect(t.headerOf('disputeMediationRate')).toMatch(/^矛盾纠纷调处率/);
    await shot('1-page');
  });

  it('shows both errors of the filled file by row and column, and keeps nothing', async () => {
    // row 3 is sq002, row 5 is sq004 (the header is row 1)
    const bad = await fill(template, t, period, 'bad.xlsx', (id, name, v) => (id === 'sq002' && name === 'disputeMediationRate' ? 1.5 : id === 'sq004' && name === 'homicides' ? -1 : v));
    await upload(bad);
    await hasText(page.locator('[data-test=upload-errors-count]'), '共 2 处错误，文件未保存');
    const lines = await page.locator('[data-test=upload-error]').allInnerTexts();
    expect(lines).toHaveLength(2);
    expect(lines).toEqual([`第 3 行 · ${t.headerOf('disputeMediationRate')}：不能大于 1`, `第 5 行 · ${t.headerOf('homicides')}：不能小于 0`]);
    expect(await page.locator('[data-test=period-evaluate]').count()).toBe(0);
    await shot('2-errors');
  });

  it('takes the corrected file, previews it, and evaluates it as a job with progress', async () => {
    await upload(await fill(template, t, period, 'good.xlsx'));
    await page.waitForSelector('[data-test=period-preview] .el-table__row');
    expect(await page.locator('[data-test=upload-errors]').count()).toBe(0);
    await containsText(page.locator('[data-test=period-preview]'), `共 4 个对象（使用版本 ${version}）`);
    expect(await page.locator('[data-test=period-preview] .el-table__row').count()).toBe(4);
    // the preview is headed in Chinese, as the file is
    await containsText(page.locator('[data-test=period-preview] .el-table__header'), t.headerOf('homicides'));
    await shot('3-preview');

    await page.click('[data-test=period-evaluate]');
    await page.waitForSelector('[data-test=period-progress]');
    await containsText(page.locator('[data-test=period-progress]'), '已完成 · 4 / 4', 60_000);
    await page.waitForSelector('[data-test=period-table] .el-table__row');
    expect(await page.locator('[data-test=period-table] .el-table__body-wrapper .el-table__row').count()).toBe(4);
    await eventually(async () => expect(await text(page.locator('[data-test=period-sentence-sq001]'))).toMatch(/五星级/));
    expect(await text(page.locator('[data-test=period-sentence-sq002]'))).toMatch(/三星级/);
    await shot('4-results');

    // each subject's sentences, with the cite, in the expanded row
    await page.locator('[data-test=period-table] .el-table__expand-icon').first().click();
    const why = page.locator('[data-test^="period-why-"]').first();
    await containsText(why, '星级：五星级');
    await containsText(why, '依据：');
    // filters: 星级 = 三星级 leaves sq002 only; the search finds by id
    await choose('period-filter-output', '星级');
    await choose('period-filter-value', '三星级');
    const body = page.locator('[data-test=period-table] .el-table__body-wrapper');
    await eventually(async () => expect(await text(body)).not.toContain('sq001'));
    expect(await text(body)).toContain('sq002');
    await hasText(page.locator('[data-test=period-shown]'), '显示 1 / 4 个对象');
    await shot('5-filtered');
    await ui.fill('period-search', 'sq00x');
    await hasText(page.locator('[data-test=period-shown]'), '显示 0 / 4 个对象');

    const xlsx = await download('[data-test=period-export]');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx.path);
    const cells = wb.worksheets[0].getSheetValues().flat().map((v) => (v === null || v === undefined ? '' : String(v)));
    expect(cells.some((c) => c.includes('柯桥街道'))).toBe(true);
    expect(cells).toContain('五星级');
  });

  it('evaluates a correction again and lists what changed', async () => {
    // sq003 (四星级) turns out to have a family-planning violation: the veto caps it at three stars
    await upload(await fill(template, t, period, 'corrected.xlsx', (id, name, v) => (id === 'sq003' && name === 'familyPlanningViolation' ? true : v)));
    await page.waitForSelector('[data-test=period-evaluate]');
    await page.click('[data-test=period-evaluate]');
    await page.locator('.el-tabs__item', { hasText: '变化（1）' }).click({ timeout: 60_000 });
    const line = page.locator('[data-test=period-change]');
    await eventually(async () => expect(await line.count()).toBe(1));
    expect(await text(line)).toMatch(/^sq003 · 星级 四星级 → 三星级/);
    expect(await text(line)).toContain('一票否决');
    await shot('6-changes');
  });

  it('prints the 公示 notice with the organisation, the period, the scheme and the window', async () => {
    await page.locator('.el-tabs__item', { hasText: '公示名单' }).click();
    const notice = page.locator('[data-test=notice]');
    await page.waitForSelector('[data-test=notice] tbody tr');
    await containsText(notice.locator('h1'), `柯桥街道社区党组织“评星晋级” ${period} 年度 考评结果公示`);
    await containsText(page.locator('[data-test=notice-meta]'), '发布单位：柯桥街道');
    await containsText(page.locator('[data-test=notice-meta]'), `（${version}）`);
    await containsText(page.locator('[data-test=notice-window]'), '公示期：');
    await containsText(page.locator('[data-test=notice-sign-org]'), '柯桥街道');
    const stars = Object.fromEntries(await Promise.all(subjects.map(async (s) => [s.id, await text(page.locator(`[data-test=notice-${s.id}-stars]`))])));
    expect(stars).toEqual({ sq001: '五星级', sq002: '三星级', sq003: '三星级', sq004: '二星级' });
    // one 名次-like column at most, and a grade on one line (五星级 used to wrap a character a line)
    const heads = await notice.locator('thead th').allInnerTexts();
    expect(heads.filter((h) => h.trim() === '名次')).toHaveLength(0);
    expect(heads[0].trim()).toBe('序号');
    const cell = await page.locator('[data-test=notice-sq001-stars]').boundingBox();
    expect(cell!.height).toBeLessThan(32);
    await containsText(page.locator('[data-test=notice-why-sq001]'), '五星级');
    await shot('7-notice');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.el-aside').isVisible()).toBe(false);
    expect(await page.locator('[data-test=period-upload]').isVisible()).toBe(false);
    await shot('8-notice-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('a viewer reads the period’s results but cannot upload', async () => {
    await login('viewer');
    await page.click('[data-test=menu-periods]');
    await choose('period-org', '柯桥街道');
    await choose('period-pack', `（${PACK}）`);
    await choose('period-period', `${period} 年度`);
    await page.waitForSelector('[data-test=period-table] .el-table__row');
    await containsText(page.locator('[data-test=period-readonly]'), '只读');
    expect(await page.locator('[data-test=period-file]').count()).toBe(0);
    await shot('9-viewer');
    expect(ui.pageErrors).toEqual([]);
    expect(ui.serverErrors).toEqual([]);
  });
});
