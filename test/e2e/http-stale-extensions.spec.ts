import type { DemoPage } from './support/demo-page.js';
import { expect, test } from './support/fixtures.js';
import { storedHeaders } from './support/http-cache.js';

// RFC 5861: stale-while-revalidate and stale-if-error.

/** Fetches `path` once and waits until its route stored it (a strategy may store after answering). */
async function fetchStored(app: DemoPage, path: string): Promise<void> {
  await app.fetch(path);
  const route = path.split('/')[3]!;
  await expect.poll(() => storedHeaders(app, route, path)).not.toBeNull();
}

test('stale-while-revalidate=N lets cache-first serve a stale entry at once and revalidate in the background', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/swr-window';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, stale-while-revalidate=3600', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  await fetchStored(app, path);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, stale-while-revalidate=3600', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  expect((await app.fetch(path)).body).toBe('v1');
  await expect.poll(async () => (await control.requests({ path })).length).toBe(2);
  await expect.poll(async () => (await app.fetch(path)).body).toBe('v2');
  expect((await app.stats()).routes['/api/fixtures/http-cache-first/*']).toMatchObject({ stale: expect.any(Number) });
});

test('stale-if-error=N serves the stale entry when the server answers 503', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/stale-if-error';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, stale-if-error=3600' }, body: 'stale but fine' });
  await fetchStored(app, path);
  await control.fault({ path, mode: 'status', status: 503, count: 1 });
  const response = await app.fetch(path);
  expect(response.status).toBe(200);
  expect(response.body).toBe('stale but fine');
  expect((await control.requests({ path })).map((request) => request.status)).toEqual([200, 503]);
});

test('without stale-if-error a 503 reaches the page', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/no-stale-if-error';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0' }, body: 'stale' });
  await fetchStored(app, path);
  await control.fault({ path, mode: 'status', status: 503, count: 1 });
  expect((await app.fetch(path)).status).toBe(503);
});

test('network-first falls back to the entry on a 500 within stale-if-error', async ({ app, control }) => {
  const path = '/api/fixtures/http-network-first/stale-if-error';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, stale-if-error=60' }, body: 'kept' });
  await fetchStored(app, path);
  await control.fault({ path, mode: 'status', status: 500, count: 1 });
  const response = await app.fetch(path);
  expect(response.status).toBe(200);
  expect(response.body).toBe('kept');
});
