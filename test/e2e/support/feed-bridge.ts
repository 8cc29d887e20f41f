/**
 * A stand-in for the worker side of issue 11 (`register(url, { invalidations })`), which is being
 * built elsewhere: the page listens to the invalidation feed and has its worker revalidate the
 * notes an event names. It is what an app could write today with `refresh()`; once the demo page
 * registers the feed itself, this adds one conditional request per event and nothing else.
 */
import type { DemoPage } from './demo-page.js';

export async function bridgeFeedToWorker(device: DemoPage): Promise<void> {
  await device.page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const feed = new EventSource('/api/invalidations');
        feed.addEventListener('open', () => resolve(), { once: true });
        feed.addEventListener('error', () => reject(new Error('the invalidation feed did not open')), { once: true });
        feed.addEventListener('invalidate', (event) => {
          const { tags } = JSON.parse((event as MessageEvent<string>).data) as { tags: string[] };
          const urls = tags.map((tag) => (tag === 'notes' ? '/api/notes' : `/api/notes/${tag.slice('note:'.length)}`));
          void window.stowage.refresh({ urls }).then(() => {
            document.documentElement.dataset['feedApplied'] = String(Number(document.documentElement.dataset['feedApplied'] ?? 0) + 1);
          });
        });
      }),
  );
}
