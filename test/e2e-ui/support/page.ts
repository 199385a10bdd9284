/**
 * What every browser suite needs, in one place: the seeded server (support/server.ts), Debian's chromium driven by
 * playwright-core, and the few steps a person takes on an Element Plus page (log in, type into an input, pick an
 * option, take a screenshot, wait for the page to catch up).
 *
 *   const ui = useUi({ prefix: 'village-' });          // registers beforeAll/afterAll
 *   const { input, choose, shot, login, eventually } = ui;
 *   let page: Page; beforeAll(() => ({ page } = ui));  // the suite's own handle, once started
 *
 * KP_E2E_UI_DIR: a UI built elsewhere (`vite build --outDir …`), so a run does not race another build of
 * admin-ui/dist. KP_CHROMIUM: another chromium binary.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../server/src/seed/demo-tree';
import { REPO_ROOT, startServer, type RunningServer } from './server';

export const DIST = process.env.KP_E2E_UI_DIR ?? join(REPO_ROOT, 'admin-ui', 'dist');
export const CHROMIUM = process.env.KP_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots of the browser suites (git-ignored). */
export const SCREENS = join(REPO_ROOT, 'test', 'e2e-ui', 'screenshots');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Retry an assertion until it holds (the page updates asynchronously); the last failure is thrown. */
export async function eventually(check: () => Promise<void>, timeout = 15_000): Promise<void> {
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

/** The trimmed text of the first match, '' when there is none. */
export const text = async (l: Locator): Promise<string> => ((await l.count()) ? (await l.first().innerText()).trim() : '');

export interface UiOptions {
  /** Prepended to every screenshot's file name. */
  prefix?: string;
  /** Where screenshots go (default test/e2e-ui/screenshots). */
  screens?: string;
  /** The default wait of `eventually` (ms). */
  timeout?: number;
  viewport?: { width: number; height: number };
  /** Passed to page.setDefaultTimeout. */
  pageTimeout?: number;
  /** Extra options of the seeded server (support/server.ts startServer). */
  server?: Omit<Parameters<typeof startServer>[0], 'adminUiDir'>;
}

/** A started browser on a started server, with the steps of a person on the admin UI. */
export class Ui {
  server!: RunningServer;
  browser!: Browser;
  context!: BrowserContext;
  page!: Page;
  /** Uncaught errors in the page, 5xx answers of the server, requests that left localhost. */
  readonly pageErrors: string[] = [];
  readonly serverErrors: string[] = [];
  readonly outsideRequests: string[] = [];

  constructor(private readonly opts: UiOptions = {}) {}

  async start(): Promise<void> {
    if (!existsSync(join(DIST, 'index.html'))) {
      throw new Error(`The admin UI is not built: ${DIST}/index.html is missing. Run \`npm run build -w admin-ui\` first.`);
    }
    if (!existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}: apt-get install -y chromium (or set KP_CHROMIUM).`);
    mkdirSync(this.opts.screens ?? SCREENS, { recursive: true });
    this.server = await startServer({ ...(this.opts.server ?? {}), adminUiDir: DIST });
    this.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    this.context = await this.browser.newContext({ viewport: this.opts.viewport ?? { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    this.page = await this.context.newPage();
    if (this.opts.pageTimeout) this.page.setDefaultTimeout(this.opts.pageTimeout);
    this.page.on('pageerror', (e) => this.pageErrors.push(e.message));
    this.page.on('response', (r) => {
      if (r.status() >= 500) void r.text().then((body) => this.serverErrors.push(`${r.status()} ${r.url()} ${body.slice(0, 300)}`));
    });
    this.page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(this.server.baseUrl) && !u.startsWith('data:') && !u.startsWith('blob:')) this.outsideRequests.push(u);
    });
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.server?.stop();
  }

  readonly eventually = (check: () => Promise<void>, timeout = this.opts.timeout ?? 15_000) => eventually(check, timeout);
  readonly text = text;
  readonly hasText = (l: Locator, v: string, timeout?: number) => this.eventually(async () => expect(await text(l)).toBe(v), timeout);
  readonly containsText = (l: Locator, v: string, timeout?: number) => this.eventually(async () => expect(await text(l)).toContain(v), timeout);

  /** An Element Plus input or textarea: the attribute lands on the element itself or on its wrapper. */
  readonly input = (testId: string): Locator =>
    this.page.locator(`input[data-test="${testId}"], textarea[data-test="${testId}"], [data-test="${testId}"] input, [data-test="${testId}"] textarea`).first();
  readonly valueOf = (testId: string) => this.input(testId).inputValue();

  /** Type a value and leave the field, as a person does (the change is committed on blur). */
  readonly fill = async (testId: string, v: string): Promise<void> => {
    const el = this.input(testId);
    await el.fill(v);
    await el.press('Tab');
  };

  /** Pick an option of an Element Plus select by its visible text. */
  readonly choose = async (selectTestId: string, label: string): Promise<void> => {
    await this.page.click(`[data-test="${selectTestId}"]`);
    await this.page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
  };

  /** A screenshot of the page (or of one element), once charts and transitions have settled. */
  readonly shot = async (name: string, target?: Locator): Promise<void> => {
    await this.page.waitForTimeout(300);
    const path = join(this.opts.screens ?? SCREENS, `${this.opts.prefix ?? ''}${name}.png`);
    if (target) await target.screenshot({ path });
    else await this.page.screenshot({ path });
  };

  /** The designer's rule card k and the formula bar of one of its slots (expr, when, of, …). */
  readonly card = (k: number): Locator => this.page.locator(`[data-test="rule-card-${k}"]`);
  readonly bar = (k: number, slot: string): Locator => this.page.locator(`[data-test="rule-${k}-formula-${slot}"] input[data-test="formula-bar"]`);

  /** Type a formula the way a person does: click the bar, type, close the completion list. */
  readonly typeFormula = async (k: number, slot: string, formula: string): Promise<void> => {
    const b = this.bar(k, slot);
    await b.fill('');
    await b.click();
    await this.page.keyboard.type(formula);
    await this.page.waitForTimeout(300);
    await this.page.keyboard.press('Escape');
  };

  /** A rule added from the designer's 添加规则 menu as card k, named in Chinese (and English). */
  readonly addRule = async (kind: string, k: number, label: string, name?: string): Promise<void> => {
    await this.page.click('[data-test=rules-add]');
    await this.page.locator(`[data-test="rules-add-${kind}"]:visible`).click();
    await this.page.waitForSelector(`[data-test="rule-card-${k}"]`);
    await this.fill(`rule-${k}-label`, label);
    if (name) await this.fill(`rule-${k}-name`, name);
  };

  /** Sign in as a demo user (password DEMO_PASSWORD), leaving any earlier session. */
  readonly login = async (username: string, landing: RegExp = /\/packs/): Promise<void> => {
    await this.logout();
    await this.page.goto(`${this.server.baseUrl}/login`);
    await this.input('login-username').fill(username);
    await this.input('login-password').fill(DEMO_PASSWORD);
    await this.page.click('[data-test=login-submit]');
    await this.page.waitForURL(landing);
  };

  readonly logout = async (): Promise<void> => {
    await this.page.evaluate(() => sessionStorage.clear()).catch(() => undefined);
  };

  /** A call of the API as a demo user, outside the page (to set up or to check what the page stored); `path` with or without /api/v1. */
  readonly api = async (username: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const base = this.server.baseUrl;
    const signedIn = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    const token = ((await signedIn.json()) as { accessToken: string }).accessToken;
    const res = await fetch(`${base}${path.startsWith('/api/') ? path : `/api/v1${path}`}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = await res.text();
    let parsed: unknown = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      /* not JSON (a file) */
    }
    return { status: res.status, body: parsed };
  };
}

/** The stored document of a pack version, read with the signed-in user's token from the page (what the page saved). */
export async function storedDocument(page: Page, id: string, version: string): Promise<any> {
  return page.evaluate(
    async ([packId, v]) => {
      const token = JSON.parse(sessionStorage.getItem('kaoping.session')!).token as string;
      const got = await fetch(`/api/v1/packs/${packId}/versions/${v}`, { headers: { Authorization: `Bearer ${token}` } });
      return (await got.json()).document;
    },
    [id, version],
  );
}

/** A Ui started before the suite's tests and stopped after them. */
export function useUi(opts: UiOptions = {}): Ui {
  const ui = new Ui(opts);
  beforeAll(() => ui.start());
  afterAll(() => ui.stop());
  return ui;
}
