/**
 * A stand-in for the worker side of issue 11 (`register(url, { invalidations })`), which is being
 * built elsewhere: the page listens to the invalidation feed and has its worker revalidate the
 * notes an event names (the list's route is network-first, so its next use asks the network anyway,
 * and refetching a list on every write would be the costliest way to invalidate it). It is what an
 * app could write today with `refresh()`; once the demo page
 * registers the feed itself, this adds one conditional request per event and nothing else.
 * Each event's arrival is kept in `window.stowageFeedLog` (the stack benchmark reads it).
 */
import type { DemoPage } from './demo-page.js';

export interface FeedArrival {
  tags: string[];
  /** Date.now() in the page when the event arrived. */
  at: number;
}

declare global {
  interface Window {
    stowageFeedLog?: FeedArrival[];
  }
}

export async function bridgeFeedToWorker(device: DemoPage): Promise<void> {
  await device.page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const log: FeedArrival[] = (window.stowageFeedLog = []);
        const feed = new EventSource('/api/invalidations');
        feed.addEventListener('open', () => resolve(), { once: true });
        feed.addEventListener('error', () => reject(new Error('the invalidation feed did not open')), { once: true });
        feed.addEventListener('invalidate', (event) => {
          const { tags } = JSON.parse((event as MessageEvent<string>).data) as { tags: string[] };
          log.push({ tags, at: Date.now() });
          const urls = tags.filter((tag) => tag.startsWith('note:')).map((tag) => `/api/notes/${tag.slice('note:'.length)}`);
          void window.stowage.refresh({ urls });
        });
      }),
  );
}

/** The events the device's bridge has received so far. */
export function feedArrivals(device: DemoPage): Promise<FeedArrival[]> {
  return device.page.evaluate(() => window.stowageFeedLog ?? []);
}
