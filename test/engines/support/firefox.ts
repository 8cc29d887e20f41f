import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CallbackTab, TabDriver, type EngineTab, type Evaluate, type LaunchOptions, withDeadline } from './driver.js';

/** Debian's Firefox ESR; FIREFOX_PATH points elsewhere (puppeteer-core downloads no browser). */
export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Firefox over WebDriver BiDi with puppeteer-core, headless, on a profile folder of its own. */
export class FirefoxDriver extends TabDriver {
  readonly engine = 'firefox';
  readonly keepsProfile = true;
  #browser: Browser | undefined;
  #page: Page | undefined;

  private constructor(readonly options: LaunchOptions) {
    super();
  }

  static async launch(options: LaunchOptions): Promise<FirefoxDriver> {
    const driver = new FirefoxDriver(options);
    await driver.#launch();
    return driver;
  }

  async #launch(): Promise<void> {
    const idleMs = this.options.serviceWorkerIdleMs;
    this.#browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
      userDataDir: this.options.profileDir,
      ...(idleMs === undefined
        ? {}
        : { extraPrefsFirefox: { 'dom.serviceWorkers.idle_timeout': idleMs, 'dom.serviceWorkers.idle_extended_timeout': idleMs } }),
    });
    this.#page = (await this.#browser.pages())[0] ?? (await this.#browser.newPage());
  }

  #current(): Page {
    if (!this.#page) throw new Error('firefox: the browser is closed');
    return this.#page;
  }

  async goto(url: string): Promise<void> {
    await this.#current().goto(url);
  }

  readonly evaluate = evaluateIn(() => this.#current(), 'firefox evaluate');

  async newTab(): Promise<EngineTab> {
    if (!this.#browser) throw new Error('firefox: the browser is closed');
    const page = await this.#browser.newPage();
    return new CallbackTab(evaluateIn(() => page, 'firefox evaluate (second tab)'), {
      goto: async (url) => void (await page.goto(url)),
      close: () => page.close(),
    });
  }

  async restart(): Promise<void> {
    await this.close();
    await this.#launch();
  }

  async close(): Promise<void> {
    const browser = this.#browser;
    this.#browser = undefined;
    this.#page = undefined;
    await browser?.close();
  }
}

// puppeteer's evaluate takes the same function-or-string and one argument; its types are spelt differently.
function evaluateIn(page: () => Page, what: string): Evaluate {
  return ((fn: string | ((arg: unknown) => unknown), arg?: unknown) => withDeadline(page().evaluate(fn as (arg: unknown) => unknown, arg), what)) as Evaluate;
}
