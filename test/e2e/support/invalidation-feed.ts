import type { Browser } from '@playwright/test';
import { PROTOCOL_VERSION, type EventMap } from '../../../src/shared/protocol.js';
import { DemoPage } from './demo-page.js';
import type { InPage } from './in-page.js';

/** The demo server's invalidation feed, as its control API shows and steers it (demo/server/control.ts). */
export class FeedControl {
  constructor(readonly baseUrl: string) {}

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(`/__control/invalidations${path}`, this.baseUrl), {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} invalidations${path} -> ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  state(): Promise<{ keep: number; newestId: number; rows: Array<{ id: number; tags: string[] }>; openStreams: number }> {
    return this.#call('GET', '');
  }

  /** Lowers the log's bound and trims it now: a client further behind can only be told `reset`. */
  keep(keep: number): Promise<unknown> {
    return this.#call('PUT', '', { keep });
  }

  /** Publishes an invalidation with no write behind it. */
  publish(tags: string[], mode?: string): Promise<{ id: number }> {
    return this.#call('POST', '', mode === undefined ? { tags } : { tags, mode });
  }

  /** Ends every open stream, as a server restart would. */
  endStreams(): Promise<{ ended: number }> {
    return this.#call('DELETE', '/streams');
  }
}

/** A second device: the demo in a browser context of its own (its own caches, worker and feed). */
export async function openDevice(browser: Browser, baseURL: string): Promise<DemoPage> {
  const context = await browser.newContext({ baseURL });
  const device = new DemoPage(await context.newPage(), context);
  await device.open();
  return device;
}

/** Starts recording the page's `invalidated` events with the page's time of arrival. */
export async function recordInvalidated(app: { page: InPage }): Promise<() => Promise<Array<EventMap['invalidated'] & { atMs: number }>>> {
  await app.page.evaluate(() => {
    const seen: Array<unknown> = [];
    Object.assign(window, { invalidatedEvents: seen });
    window.stowage.on('invalidated', (detail) => seen.push({ ...detail, atMs: Date.now() }));
  });
  return () => app.page.evaluate(() => (window as unknown as { invalidatedEvents: Array<EventMap['invalidated'] & { atMs: number }> }).invalidatedEvents);
}

/** The id the device's worker would resume the feed from (its `feed-cursor` request; null: none yet). */
export function workerFeedCursor(device: DemoPage): Promise<string | null> {
  return device.page.evaluate(
    (version) =>
      new Promise<string | null>((resolve, reject) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event: MessageEvent<{ ok: boolean; result: { lastEventId: string | null } }>) =>
          event.data.ok ? resolve(event.data.result.lastEventId) : reject(new Error('feed-cursor failed'));
        navigator.serviceWorker.controller!.postMessage({ stowage: version, kind: 'request', id: 1, type: 'feed-cursor', params: {} }, [channel.port2]);
      }),
    PROTOCOL_VERSION,
  );
}
