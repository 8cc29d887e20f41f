import type { Page } from '@playwright/test';
import type { StatsSnapshot } from '../../../src/shared/protocol.js';
import type { PageResponse } from '../../e2e/support/demo-page.js';
import type { EngineDriver } from './driver.js';

/**
 * The demo app in whichever engine the driver runs, with the Stowage handle it exposes as
 * `window.stowage`. `page` is the driver seen as a Playwright page's `evaluate`, so the e2e helpers
 * that only evaluate (mutate, pending, scanOrigin…) work here unchanged.
 */
export class EngineApp {
  readonly page: Pick<Page, 'evaluate'>;

  constructor(
    readonly driver: EngineDriver,
    readonly baseUrl: string,
  ) {
    this.page = { evaluate: driver.evaluate };
  }

  open(path = '/'): Promise<void> {
    return this.driver.openDemo(new URL(path, this.baseUrl).href);
  }

  /** fetch() from the page, so the request goes through the worker; 15 s deadline. */
  fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PageResponse> {
    return this.driver.evaluate(
      async ({ path, init }) => {
        const response = await fetch(path, { ...init, signal: AbortSignal.timeout(15_000) });
        return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
      },
      { path, init },
    );
  }

  stats(): Promise<StatsSnapshot> {
    return this.driver.evaluate(() => window.stowage.stats());
  }

  /** Moves the demo test worker's clock forward (see DemoPage.advanceClock). */
  advanceClock(byMs: number): Promise<void> {
    return this.driver.evaluate(async (byMs) => {
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

  /** Pathnames stored in the Cache Storage caches whose names contain `fragment`. */
  cachedUrls(fragment: string): Promise<string[]> {
    return this.driver.evaluate(async (fragment) => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        if (!name.includes(fragment)) continue;
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls.sort();
    }, fragment);
  }
}
