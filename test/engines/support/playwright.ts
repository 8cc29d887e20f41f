import { type BrowserContext, chromium, firefox, type Page, webkit } from '@playwright/test';
import { chromiumArgs, executablePath } from '../../../playwright.config.js';
import { CallbackTab, TabDriver, type EngineName, type EngineTab, type Evaluate, type LaunchOptions, withDeadline } from './driver.js';

/**
 * A browser Playwright drives: here Debian's Chromium; on a machine with Playwright's own browsers
 * (`npx playwright install firefox webkit`, STOWAGE_ENGINE_DRIVER=playwright) its Firefox and WebKit
 * too. A persistent context, so restart() keeps the profile.
 */
export class PlaywrightDriver extends TabDriver {
  readonly keepsProfile = true;
  #context: BrowserContext | undefined;
  #page: Page | undefined;

  private constructor(
    readonly engine: EngineName,
    readonly options: LaunchOptions,
  ) {
    super();
  }

  static async launch(engine: EngineName, options: LaunchOptions): Promise<PlaywrightDriver> {
    const driver = new PlaywrightDriver(engine, options);
    await driver.#launch();
    return driver;
  }

  async #launch(): Promise<void> {
    const { profileDir, serviceWorkerIdleMs: idleMs } = this.options;
    this.#context =
      this.engine === 'chromium'
        ? await chromium.launchPersistentContext(profileDir, { headless: true, args: chromiumArgs, ...(executablePath ? { executablePath } : {}) })
        : this.engine === 'firefox'
          ? await firefox.launchPersistentContext(profileDir, {
              headless: true,
              ...(idleMs === undefined ? {} : { firefoxUserPrefs: { 'dom.serviceWorkers.idle_timeout': idleMs, 'dom.serviceWorkers.idle_extended_timeout': idleMs } }),
            })
          : await webkit.launchPersistentContext(profileDir, { headless: true });
    this.#page = this.#context.pages()[0] ?? (await this.#context.newPage());
  }

  #current(): Page {
    if (!this.#page) throw new Error(`${this.engine}: the browser is closed`);
    return this.#page;
  }

  async goto(url: string): Promise<void> {
    await this.#current().goto(url);
  }

  readonly evaluate = ((fn: string | ((arg: unknown) => unknown), arg?: unknown) =>
    withDeadline(this.#current().evaluate(fn, arg), `${this.engine} evaluate`)) as Evaluate;

  async newTab(): Promise<EngineTab> {
    const page = await this.#context!.newPage();
    return new CallbackTab(
      ((fn: string | ((arg: unknown) => unknown), arg?: unknown) => withDeadline(page.evaluate(fn, arg), `${this.engine} evaluate (second tab)`)) as Evaluate,
      { goto: async (url) => void (await page.goto(url)), close: () => page.close() },
    );
  }

  async restart(): Promise<void> {
    await this.close();
    await this.#launch();
  }

  async close(): Promise<void> {
    const context = this.#context;
    this.#context = undefined;
    this.#page = undefined;
    await context?.close();
  }
}
