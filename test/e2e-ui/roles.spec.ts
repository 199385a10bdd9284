/**
 * Issue 19: the admin UI as each demo role meets it. Every menu item and every tab of every page, as every demo
 * user, fails the suite on
 *   - a menu item or tab that leads to a 403 (or any 4xx/5xx answer of the API),
 *   - a console warning or error,
 *   - a table column without a header,
 *   - English words in the zh-CN UI outside code and ids (ALLOWED below),
 *   - a toast of fewer than four characters,
 * and checks what each role must (not) see: 政策模拟 for analysts only, 试算 for those who may evaluate, role
 * names in Chinese, a reader landing on the version in force, 新增部署, 请先选择数据集, money totals.
 * Screenshots: test/e2e-ui/screenshots/roles-<user>-<page>.png (git-ignored).
 */
import type { Page } from 'playwright-core';
import { useUi } from './support/page';

jest.setTimeout(1_500_000);

const ui = useUi({ prefix: 'roles-', server: { timeoutMs: 480_000 }, timeout: 30_000, pageTimeout: 60_000 });
let page: Page;

/** Demo users and the roles they hold (server/SEED.md). */
const USERS: Record<string, string[]> = {
  author: ['author'],
  publisher: ['publisher'],
  deployer: ['deployer'],
  analyst: ['analyst'],
  viewer: ['viewer'],
  admin: ['admin'],
  keqiao: ['deployer', 'viewer'],
  yongxi: ['author', 'publisher', 'deployer', 'analyst', 'viewer'],
};
const ROLE_ZH: Record<string, string> = { admin: '管理员', author: '作者', publisher: '发布人', deployer: '部署管理员', analyst: '分析员', viewer: '查阅人' };
const may = (user: string, ...roles: string[]) => USERS[user].some((r) => roles.includes(r));

/**
 * Latin words the Chinese UI may show outside code and ids: the language switch names English in English, and
 * file formats and file names are written so in Chinese too.
 */
const ALLOWED = new Set(['EN', 'English', 'Excel', 'CSV', 'JSON', 'xlsx', 'README']);
/**
 * Where Latin text is code or an id, not words: Monaco, inputs, the signed-in user's name, and (checked per text)
 * anything set in a monospace font, an id in full-width brackets after its label (星级（stars）), a pack id
 * (keqiao-member-review, chengzhuang-checklist-steps@1.2.0), a code value quoted as an explanation quotes it when
 * the pack gives it no words (名额线上同分的处理为“break”: parameters have no value labels).
 */
const CODE = 'code, pre, kbd, .monaco-editor, input, textarea, .user, [data-code]';

/** What went wrong for the user on the page being visited, flushed by check(). */
let where = '';
const problems: string[] = [];

function watch(p: Page): void {
  p.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') problems.push(`${where}: console ${m.type()}: ${m.text().slice(0, 300)}`);
  });
  p.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400) problems.push(`${where}: ${r.request().method()} ${new URL(r.url()).pathname} answered ${r.status()}`);
  });
}

/**
 * Collects every toast's text into window.__kpToasts as it appears; turns CSS transitions off, so that on a loaded
 * machine an element is not waited for while it fades in (the suite checks screens, not animations).
 */
const TOAST_RECORDER = `
  document.addEventListener('DOMContentLoaded', () => {
    const s = document.createElement('style');
    s.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.appendChild(s);
  });
  window.__kpToasts = [];
  new MutationObserver((list) => {
    for (const m of list) for (const n of m.addedNodes) {
      if (n.nodeType !== 1) continue;
      const els = n.matches('.el-message') ? [n] : [...n.querySelectorAll('.el-message')];
      for (const el of els) setTimeout(() => window.__kpToasts.push((el.querySelector('.el-message__content') || el).textContent.trim()), 0);
    }
  }).observe(document, { childList: true, subtree: true });
`;

/** The page's visible headers, Latin words and toasts, checked against the rules above. */
async function check(): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(250);
  const found = await page.evaluate(
    ({ code }) => {
      const visible = (el: Element) => (el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true;
      const headless: string[] = [];
      document.querySelectorAll('.el-table').forEach((table, t) => {
        if (!visible(table)) return;
        const name = table.getAttribute('data-test') ?? `table ${t + 1}`;
        table.querySelectorAll('thead th').forEach((th, i) => {
          if (!visible(th) || th.classList.contains('is-hidden') || th.querySelector('.el-checkbox')) return;
          if (!(th as HTMLElement).innerText.trim()) headless.push(`${name}: column ${i + 1}`);
        });
      });
      const words: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest(code) || el.closest('script, style, noscript') || !visible(el)) continue;
        if (/mono/i.test(getComputedStyle(el).fontFamily)) continue;
        const prose = (n.textContent ?? '').replace(/（[A-Za-z0-9_.@$[\]-]+）/g, ' ').replace(/“[A-Za-z0-9_.@-]+”/g, ' ').replace(/\b[a-z0-9]+(?:-[a-z0-9]+)+(?:@[0-9.]+)?/g, ' ');
        for (const w of prose.match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) ?? []) words.push(`${w} 〔${n.textContent!.trim().slice(0, 60)}〕`);
      }
      const toasts = (window as unknown as { __kpToasts?: string[] }).__kpToasts ?? [];
      (window as unknown as { __kpToasts?: string[] }).__kpToasts = [];
      return { headless, words, toasts };
    },
    { code: CODE },
  );
  for (const h of found.headless) problems.push(`${where}: a column without a header (${h})`);
  for (const w of found.words) if (!ALLOWED.has(w.split(' ')[0])) problems.push(`${where}: English in the Chinese UI: ${w}`);
  for (const t of found.toasts) if ([...t].length < 4) problems.push(`${where}: a toast of ${[...t].length} characters: “${t}”`);
}

/** Check the page, screenshot it, then open each of its tabs in turn and do the same. */
async function visit(user: string, name: string, root = '.main'): Promise<void> {
  where = `${user} ${name}`;
  await check();
  await ui.shot(`${user}-${name}`);
  const tabs = page.locator(`${root} .el-tabs__item:visible`);
  const n = await tabs.count();
  for (let i = 0; i < n; i++) {
    const tab = tabs.nth(i);
    if ((await tab.getAttribute('aria-selected')) === 'true') continue;
    const label = (await tab.innerText()).trim();
    where = `${user} ${name} › ${label}`;
    await tab.click();
    await check();
    await ui.shot(`${user}-${name}-${i}`);
  }
}

/** The menu items the user sees, by data-test (menu-packs …). */
async function menuItems(): Promise<string[]> {
  return page.locator('.aside .el-menu-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-test') ?? e.textContent ?? ''));
}

/** The role names the user menu shows (角色：…). */
async function roleLine(): Promise<string> {
  await page.hover('.header .user');
  const item = page.locator('.el-dropdown-menu__item.is-disabled:visible').first();
  await item.waitFor();
  const s = (await item.innerText()).trim();
  await page.mouse.move(700, 500);
  await page.locator('.el-dropdown-menu__item.is-disabled').first().waitFor({ state: 'hidden' }).catch(() => undefined);
  return s;
}

/** A draft beside the published version, so that opening the pack shows who lands where (issue 19, item 6). */
const DRAFT_OF = { pack: 'rehab-branch-stars', version: '1.9.0' };

beforeAll(async () => {
  page = ui.page;
  watch(page);
  await page.addInitScript(TOAST_RECORDER);
  const made = await ui.api('author', 'POST', `/packs/${DRAFT_OF.pack}/versions`, { version: DRAFT_OF.version });
  expect(made.status).toBe(201);
});

describe('the admin UI as each demo role meets it', () => {
  it('the login page: no warning (el-link underline), Chinese apart from the language switch', async () => {
    where = 'login';
    await page.goto(`${ui.server.baseUrl}/login`);
    await page.waitForSelector('[data-test=login-submit]');
    await visit('anonymous', 'login', 'body');
    expect(problems).toEqual([]);
  });

  it('the server names roles in Chinese when it refuses (403)', async () => {
    const res = await ui.api('viewer', 'POST', '/packs/try', { document: {}, envelope: { periods: [] } });
    expect(res.status).toBe(403);
    expect(res.body.message['zh-CN']).toBe('需要以下角色之一：分析员、作者、发布人、部署管理员。');
  });

  for (const user of Object.keys(USERS)) {
    it(`${user}: every menu item and tab opens without a 403, warning, headless column, English word or wordless toast`, async () => {
      problems.length = 0;
      where = `${user} login`;
      await ui.login(user);

      // the menu shows what the role may open, nothing else
      const items = await menuItems();
      expect(items).toEqual(expect.arrayContaining(['menu-packs', 'menu-deployments', 'menu-results']));
      expect(items.includes('menu-simulation')).toBe(may(user, 'analyst'));
      expect(await roleLine()).toBe(`角色：${USERS[user].map((r) => ROLE_ZH[r]).join('、')}`);

      for (const item of items) {
        await page.click(`[data-test="${item}"]`);
        await page.waitForSelector('.main [data-test^="page-"]');
        await visit(user, item.replace(/^menu-/, ''));

        if (item === 'menu-packs') {
          // a pack opened from the library: a reader lands on the version in force, others on their newest draft
          const packs = (await ui.api(user, 'GET', '/packs')).body as { id: string; latestPublished: string | null; versions: { version: string; status: string }[] }[];
          const pack = packs.find((p) => p.id === DRAFT_OF.pack) ?? packs.find((p) => p.latestPublished)!;
          await page.click(`[data-test="open-${pack.id}"]`);
          await page.waitForSelector('[data-test=version-status]');
          // the header says 编辑方案 only over a draft this user may save; otherwise 查看方案
          const status = (await page.locator('[data-test=version-status]').innerText()).trim();
          await ui.eventually(async () => expect((await page.locator('[data-test=page-title]').innerText()).trim()).toBe(may(user, 'author') && status === '草稿' ? '编辑方案' : '查看方案'));
          if (may(user, 'author', 'publisher') && pack.id === DRAFT_OF.pack) {
            expect(page.url()).toMatch(new RegExp(`/versions/${DRAFT_OF.version.replace(/\./g, '\\.')}$`));
          } else if (!may(user, 'author', 'publisher')) {
            expect(page.url()).toMatch(new RegExp(`/packs/${pack.id}/versions/${pack.latestPublished!.replace(/\./g, '\\.')}$`));
            expect((await page.locator('[data-test=version-status]').innerText()).trim()).toBe('已发布');
          }
          // 试算 only for those who may evaluate
          const tryTab = page.locator('.side .el-tabs__item', { hasText: '试算' });
          expect(await tryTab.count()).toBe(may(user, 'analyst', 'author', 'publisher', 'deployer') ? 1 : 0);
          await visit(user, 'editor');
          // a draft read by one who cannot edit it says it is not in force
          const draft = pack.versions.find((v) => v.status === 'draft');
          if (draft && !may(user, 'author')) {
            await page.goto(`${ui.server.baseUrl}/packs/${pack.id}/versions/${draft.version}`);
            await page.waitForSelector('[data-test=draft-notice]');
            expect((await page.locator('[data-test=version-status]').innerText()).trim()).toBe('草稿');
            expect((await page.locator('[data-test=page-title]').innerText()).trim()).toBe('查看方案');
            where = `${user} editor (draft)`;
            await check();
            await ui.shot(`${user}-editor-draft`);
          }
        }

        if (item === 'menu-deployments' && may(user, 'deployer')) {
          await page.click('[data-test=deployment-add]');
          await page.waitForSelector('[data-test=deployment-dialog]');
          expect((await page.locator('[data-test=deployment-dialog] .el-dialog__title').innerText()).trim()).toBe('新增部署');
          where = `${user} deployments › 新增部署`;
          await check();
          await ui.shot(`${user}-deployments-add`);
          await page.keyboard.press('Escape');
          await page.locator('[data-test=deployment-dialog]').waitFor({ state: 'hidden' });
        }

        if (item === 'menu-simulation') {
          // 开始模拟 with no dataset says what to do
          await page.waitForSelector('[data-test=sim-run]:not([disabled])');
          await page.click('[data-test=sim-run]');
          await page.locator('.el-message', { hasText: '请先选择数据集' }).waitFor();
          where = `${user} simulation › 开始模拟 without a dataset`;
          await check();
        }
      }

      // pages the role may not open are not reached by typing their address either
      if (!may(user, 'analyst')) {
        await page.goto(`${ui.server.baseUrl}/simulation`);
        await page.waitForURL(/\/packs$/);
      }
      expect(problems).toEqual([]);
    });
  }

  it('analyst on chengzhuang: each sweep figure once, money totalled only in 元, never the rank', async () => {
    problems.length = 0;
    where = 'analyst simulation (chengzhuang)';
    await ui.login('analyst');
    await page.click('[data-test=menu-simulation]');
    await ui.choose('sim-pack', '（chengzhuang-checklist-steps）');
    await page.click('[data-test=dataset-demo]');
    await ui.containsText(page.locator('[data-test=dataset-select]'), '演示数据', 60_000);
    await page.locator('.el-checkbox', { hasText: '参数扫描' }).click();
    await page.click('[data-test=sweep-form] .el-select');
    await page.locator('.el-select-dropdown__item:visible', { hasText: '（coefficients.0）' }).click();
    const [from, to, step] = [0, 1, 2].map((i) => page.locator('[data-test=sweep-form] .el-input-number input').nth(i));
    for (const [el, v] of [[from, '0.7'], [to, '0.8'], [step, '0.1']] as const) {
      await el.fill(v);
      await el.press('Tab');
    }
    await page.click('[data-test=sim-run]');
    await ui.hasText(page.locator('[data-test=sim-status]'), '已完成', 240_000);
    await page.locator('.el-tabs__item', { hasText: '参数扫描' }).waitFor({ timeout: 240_000 });
    await visit('analyst', 'simulation-chengzhuang', '[data-test=sim-results]');

    await page.locator('.el-tabs__item', { hasText: '参数扫描' }).click();
    await page.click('[data-test=sweep-figure]');
    const figures = await page.locator('.el-select-dropdown__item:visible').allInnerTexts();
    expect(figures.length).toBeGreaterThan(1);
    expect(new Set(figures).size).toBe(figures.length);
    await page.keyboard.press('Escape');

    await page.locator('.el-tabs__item', { hasText: '金额合计' }).click();
    const money = page.locator('[data-test=money-table] .el-table__body tr');
    if (await money.count()) {
      for (const row of await money.allInnerTexts()) expect(row).toContain('（元）');
    } else {
      await ui.containsText(page.locator('[data-test=no-money]'), '不做金额合计');
    }
    expect(await page.locator('[data-test=money-table]', { hasText: '排名' }).count()).toBe(0);
    await ui.shot('analyst-simulation-chengzhuang-money');
    expect(problems).toEqual([]);
  });
});
