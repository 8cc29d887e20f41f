import type { DemoPage } from './support/demo-page.js';
import { expect, test } from './support/fixtures.js';
import { storedHeaders } from './support/http-cache.js';

// Update broadcasts: a revalidation that stores a different representation tells every page.
const route = '/api/fixtures/http-swr/*';

function subscribe(app: DemoPage): Promise<void> {
  return app.page.evaluate(() => {
    const updates: unknown[] = [];
    Object.assign(window, { updates });
    window.stowage.on('updated', (update) => updates.push(update));
  });
}

const updates = (app: DemoPage): Promise<Array<{ url: string; route: string }>> =>
  app.page.evaluate(() => (window as unknown as { updates: Array<{ url: string; route: string }> }).updates);

/** Waits until the background refresh has re-stored the entry (its stored-at stamp changed). */
async function waitForRestore(app: DemoPage, path: string, before: string | undefined): Promise<void> {
  await expect.poll(async () => (await storedHeaders(app, 'http-swr', path))?.['x-stowage-stored-at']).not.toBe(before);
}

test('a background revalidation bringing a new ETag announces the URL and route', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/changed';
  await subscribe(app);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  expect((await app.fetch(path)).body).toBe('v1');
  await expect.poll(() => updates(app)).toEqual([{ url: expect.stringContaining(path), route, atMs: expect.any(Number) }]);
});

test('a 304 announces nothing', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/not-modified';
  await subscribe(app);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"same"' }, body: 'body' });
  await app.fetch(path);
  const before = (await storedHeaders(app, 'http-swr', path))?.['x-stowage-stored-at'];
  await app.fetch(path);
  await waitForRestore(app, path, before);
  expect((await control.requests({ path }))[1]!.status).toBe(304);
  expect(await updates(app)).toEqual([]);
});

test('without an ETag, the same body announces nothing and a different body announces an update', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/no-etag';
  await subscribe(app);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0' }, body: 'same' });
  await app.fetch(path);
  let before = (await storedHeaders(app, 'http-swr', path))?.['x-stowage-stored-at'];
  await app.fetch(path);
  await waitForRestore(app, path, before);
  expect(await updates(app)).toEqual([]);

  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0' }, body: 'different' });
  before = (await storedHeaders(app, 'http-swr', path))?.['x-stowage-stored-at'];
  await app.fetch(path);
  await waitForRestore(app, path, before);
  await expect.poll(async () => (await updates(app)).length).toBe(1);
});

test('a page that subscribes after the update still learns of it', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/late';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  await app.fetch(path);
  await expect.poll(async () => (await storedHeaders(app, 'http-swr', path))?.['etag']).toBe('"2"');

  await subscribe(app);
  await expect.poll(() => updates(app)).toEqual([{ url: expect.stringContaining(path), route, atMs: expect.any(Number) }]);
});

test('a page loaded after an update is not told of it again', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/before-load';
  const spec = { path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' };
  await control.fixture(spec);
  await app.fetch(path);
  await control.fixture(spec);
  await app.fetch(path);
  await expect.poll(async () => (await storedHeaders(app, 'http-swr', path))?.['etag']).toBe('"2"');

  await app.open();
  await subscribe(app);
  await control.fixture(spec);
  await app.fetch(path);
  // Only the update after this page loaded arrives (the earlier one would have come first).
  await expect.poll(async () => (await updates(app)).length).toBe(1);
  await expect.poll(async () => (await storedHeaders(app, 'http-swr', path))?.['etag']).toBe('"3"');
  expect(await updates(app)).toHaveLength(1);
});
