import { expect, test } from './support/fixtures.js';

// RFC 5861: stale-while-revalidate and stale-if-error.

test('stale-while-revalidate=N lets cache-first serve a stale entry at once and revalidate in the background', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/swr-window';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, stale-while-revalidate=3600', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, stale-while-revalidate=3600', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  expect((await app.fetch(path)).body).toBe('v1');
  await expect.poll(async () => (await control.requests({ path })).length).toBe(2);
  await expect.poll(async () => (await app.fetch(path)).body).toBe('v2');
  expect((await app.stats()).routes['/api/fixtures/http-cache-first/*']).toMatchObject({ stale: expect.any(Number) });
});

test('stale-if-error=N serves the stale entry when the server answers 503', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/stale-if-error';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, stale-if-error=3600' }, body: 'stale but fine' });
  await app.fetch(path);
  await control.fault({ path, mode: 'status', status: 503, count: 1 });
  const response = await app.fetch(path);
  expect(response.status).toBe(200);
  expect(response.body).toBe('stale but fine');
  expect((await control.requests({ path })).map((request) => request.status)).toEqual([200, 503]);
});

test('without stale-if-error a 503 reaches the page', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/no-stale-if-error';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0' }, body: 'stale' });
  await app.fetch(path);
  await control.fault({ path, mode: 'status', status: 503, count: 1 });
  expect((await app.fetch(path)).status).toBe(503);
});

test('network-first falls back to the entry on a 500 within stale-if-error', async ({ app, control }) => {
  const path = '/api/fixtures/http-network-first/stale-if-error';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, stale-if-error=60' }, body: 'kept' });
  await app.fetch(path);
  await control.fault({ path, mode: 'status', status: 500, count: 1 });
  const response = await app.fetch(path);
  expect(response.status).toBe(200);
  expect(response.body).toBe('kept');
});
