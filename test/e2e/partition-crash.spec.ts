import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { DemoPage } from './support/demo-page.js';
import { expect, test } from './support/fixtures.js';
import { scanOrigin } from './support/origin-scan.js';
import { killBrowser } from './support/persistent-browser.js';
import { logIn, partitionedUrls } from './support/users.js';

const MARKER = 'MARKER-crash-51c0';

/** Reads every record of one store of the worker's database from the page. */
function records(page: Page, store: string): Promise<unknown[]> {
  return page.evaluate(async (store) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('stowage');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return all.map((record) => JSON.parse(JSON.stringify(record)) as unknown);
  }, store);
}

test('a clear() the browser is killed in the middle of completes on the next start, before anything is served', async ({ server, control }) => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'stowage-crash-'));
  const launch = (): Promise<BrowserContext> =>
    chromium.launchPersistentContext(userDataDir, { ...test.info().project.use.launchOptions, headless: true, baseURL: server.url });
  try {
    const first = await launch();
    const app = new DemoPage(first.pages()[0] ?? (await first.newPage()), first);
    await app.open();
    await control.setUser('alice', { secret: `${MARKER}-secret`, inbox: [{ from: 'x@example.com', subject: MARKER, text: MARKER }] });
    await logIn(app, 'alice');
    await app.fetch('/api/me');
    await app.fetch('/api/inbox');
    await expect.poll(() => partitionedUrls(app)).toEqual(['/api/inbox', '/api/me']);

    // Hold the purge right after its intent is persisted: the purge's first step writes the current
    // user, and a readwrite transaction the page keeps busy on that store makes it wait.
    await app.page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('stowage');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const store = db.transaction('currentUser', 'readwrite').objectStore('currentUser');
      const spin = (): void => void (store.get('current').onsuccess = spin);
      spin();
    });
    void app.page.evaluate(() => window.stowage.clear()).catch(() => undefined);
    await expect.poll(() => records(app.page, 'purges')).toHaveLength(1);
    // Mid-clear: the intent is on disk, alice's entries and key are still there.
    expect(await partitionedUrls(app)).toHaveLength(2);
    expect(await records(app.page, 'userKeys')).toHaveLength(1);
    await killBrowser(first, userDataDir);

    const second = await launch();
    const relaunched = new DemoPage(second.pages()[0] ?? (await second.newPage()), second);
    // The page itself is served by the worker, which completes the purge before answering anything.
    await relaunched.open();
    expect(await scanOrigin(relaunched.page, MARKER)).toEqual([]);
    expect(await partitionedUrls(relaunched)).toEqual([]);
    expect(await records(relaunched.page, 'purges')).toEqual([]);
    expect(await records(relaunched.page, 'userKeys')).toEqual([]);
    expect(await records(relaunched.page, 'currentUser')).toEqual([{ userId: null, partitionId: null }]);
    await relaunched.setOffline(true);
    const inbox = await relaunched.fetch('/api/inbox');
    expect(inbox.status).toBe(504);
    expect(inbox.body).not.toContain(MARKER);
    await second.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});
