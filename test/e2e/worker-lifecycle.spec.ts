import { expect, test } from './support/fixtures.js';

const cacheable = { 'Cache-Control': 'max-age=3600' };

test('the worker controls the page on first install, without a reload', async ({ app }) => {
  expect(await app.page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/);
  expect(await app.page.evaluate(() => window.stowage.stats().then((stats) => Object.keys(stats.routes)))).toContain('notes');
});

test('cached entries of every strategy survive a worker restart', async ({ app, control }) => {
  const paths = ['network-first', 'cache-first', 'stale-while-revalidate'].map((strategy) => `/api/fixtures/${strategy}/item`);
  for (const path of paths) {
    await control.fixture({ path, headers: cacheable, body: { path } });
    await app.fetch(path);
  }
  await app.setOffline(true);
  await app.stopWorker();
  for (const path of paths) {
    const response = await app.fetch(path);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ path });
  }
});

test('maxEntries bookkeeping survives a worker restart', async ({ app, control }) => {
  for (const name of ['a', 'b', 'c', 'd']) {
    await control.fixture({ path: `/api/fixtures/lru/${name}`, headers: cacheable, body: name });
  }
  for (const name of ['a', 'b', 'c']) await app.fetch(`/api/fixtures/lru/${name}`);
  await expect.poll(() => app.cachedUrls('/api/fixtures/lru/')).toHaveLength(3);
  await app.stopWorker();
  await app.fetch('/api/fixtures/lru/d');
  await expect.poll(() => app.cachedUrls('/api/fixtures/lru/')).toEqual([
    '/api/fixtures/lru/b',
    '/api/fixtures/lru/c',
    '/api/fixtures/lru/d',
  ]);
});

test('the app shell opens offline from the cache after the first visit', async ({ app }) => {
  await expect.poll(() => app.cachedUrls('stowage-v1:pages')).toEqual(['/']);
  await app.setOffline(true);
  await app.page.reload();
  await app.page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready', null, { timeout: 15_000 });
  await expect(app.page.locator('h1')).toHaveText('Stowage notes');
});

test('a navigation to an uncached page offline gets the browser error, not a hang', async ({ app }) => {
  await app.setOffline(true);
  await expect(app.page.goto('/never-visited')).rejects.toThrow(/ERR_/);
});

test('an update deletes only its own outdated caches', async ({ app }) => {
  await app.fetch('/api/notes');
  await app.page.evaluate(async () => {
    await caches.open('someone-else');
    await caches.open('stowage-v1:a-route-that-was-removed');
    await caches.open('stowage-v0:notes');
  });
  // A different script URL is an update of the same registration: a new worker installs and activates.
  await app.page.evaluate(async () => {
    const registration = await navigator.serviceWorker.register('/sw.js?update=1', { updateViaCache: 'none' });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no controllerchange')), 10_000);
      navigator.serviceWorker.addEventListener('controllerchange', () => (clearTimeout(timer), resolve()), { once: true });
      void registration.update();
    });
  });
  await expect
    .poll(() => app.page.evaluate(() => caches.keys().then((keys) => keys.sort())))
    .toEqual(['someone-else', 'stowage-v1:assets', 'stowage-v1:notes', 'stowage-v1:pages']);
});
