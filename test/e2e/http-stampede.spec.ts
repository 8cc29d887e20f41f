import { expect, test } from './support/fixtures.js';
import { fetchMany } from './support/http-cache.js';

// Stampede protection: concurrent requests for one cache key share one network request. The server
// holds the shared request for a second, so all hundred page requests are surely concurrent.
const slowOnce = (path: string) => ({ path, mode: 'delay' as const, latencyMs: 1000, count: 1 });

test('100 concurrent requests for an expired cache-first entry reach the server as 1', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/stampede-expired';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  await control.clearRequests();
  await control.fault(slowOnce(path));
  const bodies = await fetchMany(app, path, 100);
  expect(new Set(bodies)).toEqual(new Set(['v2']));
  const requests = await control.requests({ path });
  expect(requests).toHaveLength(1);
  expect(requests[0]!.headers['if-none-match']).toBe('"1"');
});

test('100 concurrent requests for a missing entry reach the server as 1', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/stampede-missing';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=60' }, body: 'only once' });
  await control.fault(slowOnce(path));
  const bodies = await fetchMany(app, path, 100);
  expect(bodies.every((body) => body === 'only once')).toBe(true);
  expect(await control.requests({ path })).toHaveLength(1);
});

test('100 concurrent network-first requests reach the server as 1', async ({ app, control }) => {
  const path = '/api/fixtures/http-network-first/stampede';
  await control.fixture({ path, body: 'shared' });
  await control.fault(slowOnce(path));
  expect(new Set(await fetchMany(app, path, 100))).toEqual(new Set(['shared']));
  expect(await control.requests({ path })).toHaveLength(1);
});

test('stale-while-revalidate background refreshes of one entry coalesce into 1 request', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/stampede';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  await app.fetch(path);
  await control.clearRequests();
  await control.fault(slowOnce(path));
  // All served the stale entry at once, each asking for a background refresh.
  expect(new Set(await fetchMany(app, path, 100))).toEqual(new Set(['v1']));
  await expect.poll(async () => (await control.requests({ path }))[0]?.status, { timeout: 10_000 }).toBe(304);
  expect(await control.requests({ path })).toHaveLength(1);
});
