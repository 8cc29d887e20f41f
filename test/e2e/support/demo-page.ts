import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { StatsSnapshot } from '../../../src/shared/protocol.js';

export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

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
    return this.page.evaluate(
      async ({ path, init }) => {
        const response = await fetch(path, { ...init, signal: AbortSignal.timeout(15_000) });
        return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
      },
      { path, init },
    );
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
    return this.page.evaluate(() => window.stowage.stats());
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
    return this.page.evaluate(async (byMs) => {
      const worker = navigator.serviceWorker.controller;
      if (!worker) throw new Error('advanceClock: the page has no controlling worker');
      const channel = new MessageChannel();
      const answered = new Promise<void>((resolve, reject) => {
        channel.port1.onmessage = () => resolve();
        setTimeout(() => reject(new Error('advanceClock: the worker did not answer')), 5_000);
      });
      worker.postMessage({ type: 'stowage-test:advance-clock', byMs }, [channel.port2]);
      await answered;
    }, byMs);
  }

  /** URLs stored in the Cache Storage caches whose names contain `fragment`. */
  cachedUrls(fragment: string): Promise<string[]> {
    return this.page.evaluate(async (fragment) => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        if (!name.includes(fragment)) continue;
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
      }
      return urls.sort();
    }, fragment);
  }
}

declare global {
  interface Window {
    stowage: import('../../../src/index.js').Stowage;
  }
}
