import type { Page } from '@playwright/test';
import type { InPage } from './in-page.js';

export interface MemoryRead {
  status: number;
  body: string;
  cacheStatus: string;
  /** The fixture version the server stamped on the representation. */
  version: number;
  fromMemory: boolean;
}

/** `stowage.fetch(path)` in the page. */
export function memoryFetch(page: InPage, path: string): Promise<MemoryRead> {
  return page.evaluate(async (path) => {
    const response = await window.stowage.fetch(path, { signal: AbortSignal.timeout(15_000) });
    const cacheStatus = response.headers.get('Cache-Status') ?? '';
    return {
      status: response.status,
      body: await response.text(),
      cacheStatus,
      version: Number(response.headers.get('X-Fixture-Version')),
      fromMemory: cacheStatus.endsWith('Stowage-Memory; hit'),
    };
  }, path);
}

/**
 * Installed before the page loads: `window.dropNotices(n)` makes the page's notice channel lose the
 * next n notices, as a tab that missed them would (the only way to make a real gap in the numbers).
 */
export async function lossyNoticeChannel(page: Page): Promise<void> {
  await page.addInitScript(() => {
    let drop = 0;
    (window as unknown as { dropNotices: (n: number) => void }).dropNotices = (n) => {
      drop = n;
    };
    const descriptor = Object.getOwnPropertyDescriptor(BroadcastChannel.prototype, 'onmessage')!;
    Object.defineProperty(BroadcastChannel.prototype, 'onmessage', {
      ...descriptor,
      set(this: BroadcastChannel, listener: ((event: MessageEvent) => void) | null) {
        descriptor.set!.call(this, listener && ((event: MessageEvent) => (drop > 0 ? void (drop -= 1) : listener.call(this, event))));
      },
    });
  });
}

/** Dispatches what the page sees when it comes back: from the back/forward cache, a frozen state or a hidden one. */
export function comeBack(page: Page, how: 'bfcache' | 'frozen' | 'hidden'): Promise<void> {
  return page.evaluate((how) => {
    if (how === 'bfcache') {
      dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
      dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    } else if (how === 'frozen') document.dispatchEvent(new Event('resume'));
    else document.dispatchEvent(new Event('visibilitychange'));
  }, how);
}

/** Resolves once the page's memory has finished any resynchronisation with the worker. */
export function memorySettled(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}
