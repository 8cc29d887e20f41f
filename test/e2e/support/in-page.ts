import type { Page } from '@playwright/test';
import type { StatsSnapshot } from '../../../src/shared/stats.js';

/** What these helpers need of a page: a Playwright page, or a cross-engine driver (test/engines/support/). */
export type InPage = Pick<Page, 'evaluate'>;

export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** fetch() from the page, so the request goes through the worker. Never hangs: 15 s deadline. */
export function pageFetch(page: InPage, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PageResponse> {
  return page.evaluate(
    async ({ path, init }) => {
      const response = await fetch(path, { ...init, signal: AbortSignal.timeout(15_000) });
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    },
    { path, init },
  );
}

export function stats(page: InPage): Promise<StatsSnapshot> {
  return page.evaluate(() => window.stowage.stats());
}

/**
 * Moves the worker's clock forward (the demo's test worker only), so a spec ages entries and
 * backoffs without sleeping. The advance lives in the running worker: a stopped worker forgets it.
 */
export function advanceClock(page: InPage, byMs: number): Promise<void> {
  return page.evaluate(async (byMs) => {
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
export function cachedUrls(page: InPage, fragment: string): Promise<string[]> {
  return page.evaluate(async (fragment) => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.includes(fragment)) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
    }
    return urls.sort();
  }, fragment);
}
