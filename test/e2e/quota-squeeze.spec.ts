import type { Page } from '@playwright/test';
import type { Control } from './support/control.js';
import type { DemoPage } from './support/demo-page.js';
import { expect, test } from './support/fixtures.js';
import { mutate, notes, pending, waitForEmptyOutbox } from './support/outbox.js';
import { openWithQuota } from './support/quota.js';

const QUOTA_BYTES = 3 * 1024 * 1024;
const FILL_BYTES = 200 * 1024;

/** What the origin uses now, as the quota manager counts it. */
function usage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

/**
 * Fills the read caches to the brim, as a new user's app does over time: 200 KB entries on the
 * demo's cache-first test route while they fit easily, then one sized to what is left of the quota
 * but a kilobyte, so the next write does not fit. Returns the paths, oldest first.
 */
async function fillReadCaches(app: DemoPage, control: Control): Promise<string[]> {
  const paths: string[] = [];
  const store = async (size: number): Promise<void> => {
    const path = `/api/fixtures/cache-first/fill-${paths.length}`;
    await control.fixture({ path, size, headers: { 'Cache-Control': 'max-age=3600' } });
    expect((await app.fetch(path)).status).toBe(200);
    paths.push(path);
  };
  while ((await usage(app.page)) < QUOTA_BYTES - 2 * FILL_BYTES) await store(FILL_BYTES);
  await store(QUOTA_BYTES - (await usage(app.page)) - 1024);
  await expect.poll(() => app.cachedUrls('cache-first')).toEqual([...paths].sort());
  return paths;
}

/**
 * Resolves once IndexedDB refuses a 4 KB write of the page's own: Chromium's IndexedDB lends itself
 * the space the quota manager reported up to 30 s earlier, so until then a write would fit whatever
 * the caches took meanwhile, and the squeeze would not be one.
 */
async function untilIndexedDBSeesTheQuota(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('quota-probe');
      open.onupgradeneeded = () => open.result.createObjectStore('probe');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const write = (): Promise<string | null> =>
      new Promise((resolve) => {
        const tx = db.transaction('probe', 'readwrite');
        // Random bytes: IndexedDB compresses its values.
        tx.objectStore('probe').put(crypto.getRandomValues(new Uint8Array(4096)), 'value');
        tx.oncomplete = () => resolve(null);
        tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
      });
    const deadline = Date.now() + 45_000;
    while ((await write()) !== 'QuotaExceededError') {
      if (Date.now() > deadline) throw new Error('IndexedDB never saw the lowered quota');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    db.close();
  });
}

test('with the read caches filled to the quota, every one of 20 write-behind notes is queued (202) and delivered, and reads keep working', async ({ page, context, control, server }) => {
  // Up to 30 s go by before IndexedDB enforces the lowered quota (untilIndexedDBSeesTheQuota).
  test.setTimeout(90_000);
  const { app, liftQuota } = await openWithQuota(page, context, server.url, QUOTA_BYTES);
  try {
    const paths = await fillReadCaches(app, control);
    expect(await usage(page)).toBeGreaterThan(QUOTA_BYTES - 2048);
    await untilIndexedDBSeesTheQuota(page);

    const cachedBefore = await app.cachedUrls('cache-first');
    await app.setOffline(true);
    const answers = await mutate(page, notes('squeezed', 20));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(202));
    expect(await pending(page)).toHaveLength(20);
    // The room came from the least recently used reads: the oldest fill went, the newest stayed.
    const cachedAfter = await app.cachedUrls('cache-first');
    expect(cachedAfter.length).toBeLessThan(cachedBefore.length);
    expect(cachedAfter).toContain(paths.at(-1));
    expect(cachedAfter).not.toContain(paths.find((path) => cachedBefore.includes(path)));
    // The newest read is still cached and answers offline.
    expect((await app.fetch(paths.at(-1)!)).status).toBe(200);

    await app.setOffline(false);
    await waitForEmptyOutbox(page);
    const titles = (await control.db()).notes.map((note) => note.title).sort();
    expect(titles).toEqual(notes('squeezed', 20).map((note) => (note.body as { title: string }).title).sort());
    expect((await app.fetch(paths[0]!)).status).toBe(200);
  } finally {
    await liftQuota();
  }
});

test('a read that does not fit even after making room is served unstored, and the pages get a quota event', async ({ page, context, control, server }) => {
  const { app, liftQuota } = await openWithQuota(page, context, server.url, QUOTA_BYTES);
  try {
    await page.evaluate(() => {
      const seen: unknown[] = [];
      Object.assign(window, { __quota: seen });
      window.stowage.on('quota', (detail) => seen.push(detail));
    });
    const path = '/api/fixtures/cache-first/too-big';
    await control.fixture({ path, size: QUOTA_BYTES + 1024 * 1024, headers: { 'Cache-Control': 'max-age=3600' } });
    const served = await app.fetch(path);
    expect(served.status).toBe(200);
    expect(served.body.length).toBe(QUOTA_BYTES + 1024 * 1024);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __quota: unknown[] }).__quota)).toEqual([{ url: `${server.url}${path}`, kind: 'read' }]);
    expect(await app.cachedUrls('cache-first')).toEqual([]);
    // Smaller reads are still stored.
    await control.fixture({ path: '/api/fixtures/cache-first/small', size: 1000, headers: { 'Cache-Control': 'max-age=3600' } });
    await app.fetch('/api/fixtures/cache-first/small');
    await expect.poll(() => app.cachedUrls('cache-first')).toEqual(['/api/fixtures/cache-first/small']);
  } finally {
    await liftQuota();
  }
});
