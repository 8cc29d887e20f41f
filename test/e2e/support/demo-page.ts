import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { StatsSnapshot } from '../../../src/shared/stats.js';
import { advanceClock, cachedUrls, pageFetch, type PageResponse, stats } from './in-page.js';

export type { PageResponse } from './in-page.js';

/**
 * The demo app open in a page, with the Stowage handle it exposes as `window.stowage`, and the few
 * browser-level moves the specs need (going offline, stopping the worker).
 */
export class DemoPage {
  #cdp: CDPSession | undefined;

  constructor(
    readonly page: Page,
    readonly context: BrowserContext,
  ) {}

  /** Opens the demo and waits until its worker controls the page. */
  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await this.page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready', null, { timeout: 15_000 });
  }

  /** fetch() from the page, so the request goes through the worker. Never hangs: 15 s deadline. */
  fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PageResponse> {
    return pageFetch(this.page, path, init);
  }

  /** Like fetch(), but resolves to the error message when the fetch itself rejects. */
  fetchOrError(path: string): Promise<PageResponse | { error: string }> {
    return this.page.evaluate(async (path) => {
      try {
        const response = await fetch(path, { signal: AbortSignal.timeout(15_000) });
        return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
      } catch (error) {
        return { error: String(error) };
      }
    }, path);
  }

  stats(): Promise<StatsSnapshot> {
    return stats(this.page);
  }

  /** The browser goes offline; in Playwright 1.65 the worker's own fetches fail too. */
  setOffline(offline: boolean): Promise<void> {
    return this.context.setOffline(offline);
  }

  /**
   * Stops every service worker through CDP; the next fetch from the page starts a fresh one.
   * To test offline after a restart, go offline first and stop second: a worker stopped while online
   * and started after setOffline(true) never answers its first fetch (seen with Playwright 1.65 and
   * Chromium 156; the page's own AbortSignal does not end it either).
   */
  async stopWorker(): Promise<void> {
    this.#cdp ??= await this.context.newCDPSession(this.page);
    await this.#cdp.send('ServiceWorker.enable');
    await this.#cdp.send('ServiceWorker.stopAllWorkers');
  }

  /**
   * Moves the worker's clock forward (the demo's test worker only), so a spec ages entries and
   * backoffs without sleeping. The advance lives in the running worker: a stopped worker forgets it.
   */
  advanceClock(byMs: number): Promise<void> {
    return advanceClock(this.page, byMs);
  }

  /** URLs stored in the Cache Storage caches whose names contain `fragment`. */
  cachedUrls(fragment: string): Promise<string[]> {
    return cachedUrls(this.page, fragment);
  }
}

declare global {
  interface Window {
    stowage: import('../../../src/index.js').Stowage;
  }
}
