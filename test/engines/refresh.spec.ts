import { expect, test } from './support/fixtures.js';

const stale = (path: string) => ({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' });

test('refresh() revalidates with conditional requests: a 304 is unchanged, a new version is changed and stored', async ({ app, control }) => {
  const route = '/api/fixtures/http-cache-first/*';
  const path = '/api/fixtures/http-cache-first/refreshed';
  await control.fixture(stale(path));
  await app.fetch(path);
  await expect.poll(() => app.cachedUrls('http-cache-first')).toContain(path);
  expect(await app.page.evaluate((route) => window.stowage.refresh({ routes: [route] }), route)).toMatchObject({ checked: 1, unchanged: 1, failed: 0 });
  expect((await control.requests({ path })).at(-1)).toMatchObject({ status: 304, headers: { 'if-none-match': '"1"' } });

  await control.fixture(stale(path));
  expect(await app.page.evaluate((route) => window.stowage.refresh({ routes: [route] }), route)).toMatchObject({ checked: 1, changed: 1, failed: 0 });
  await control.fault({ mode: 'refuse' });
  expect((await app.fetch(path)).body).toBe('v2');
  expect(await app.page.evaluate((route) => window.stowage.refresh({ routes: [route] }), route)).toMatchObject({ checked: 1, failed: 1 });
});

test('a stale-while-revalidate read that stored a new version announces it to the page, once', async ({ app, control }) => {
  const first = '/api/fixtures/http-swr/first';
  const second = '/api/fixtures/http-swr/second';
  for (const path of [first, second]) {
    await control.fixture(stale(path));
    await app.fetch(path);
  }
  await expect.poll(() => app.cachedUrls('http-swr')).toEqual([first, second]);
  await app.page.evaluate(() => {
    const updated: string[] = [];
    Object.assign(window, { updated });
    window.stowage.on('updated', ({ url }) => updated.push(new URL(url).pathname));
  });
  const updated = (): Promise<string[]> => app.page.evaluate(() => (window as unknown as { updated: string[] }).updated);
  await control.fixture(stale(first));
  expect((await app.fetch(first)).body).toBe('v1'); // answered from the cache, revalidated behind
  await expect.poll(updated).toEqual([first]);
  expect((await app.fetch(first)).body).toBe('v2');
  // The second URL's announcement comes after any repeat of the first would have.
  await control.fixture(stale(second));
  await app.fetch(second);
  await expect.poll(updated).toEqual([first, second]);
});
