import { expect, test } from './support/fixtures.js';

// RFC 9111 §3 and §4.1: what may be written to Cache Storage, and Vary on lookup.
const route = '/api/fixtures/http-cache-first';

test('a no-store response is never written to the cache', async ({ app, control }) => {
  const path = `${route}/no-store`;
  await control.fixture({ path, headers: { 'Cache-Control': 'no-store, max-age=3600' }, body: 'secret' });
  await app.fetch(path);
  await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(2);
  expect(await app.cachedUrls('http-cache-first')).not.toContain(path);
});

test('a request with Cache-Control: no-store is answered but not stored', async ({ app, control }) => {
  const path = `${route}/request-no-store`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: 'x' });
  expect((await app.fetch(path, { headers: { 'Cache-Control': 'no-store' } })).body).toBe('x');
  expect(await app.cachedUrls('http-cache-first')).not.toContain(path);
});

test('private responses and answers to requests with Authorization are not stored in a shared route', async ({ app, control }) => {
  const privatePath = `${route}/private`;
  const authorized = `${route}/authorized`;
  await control.fixture({ path: privatePath, headers: { 'Cache-Control': 'private, max-age=3600' }, body: 'mine' });
  await control.fixture({ path: authorized, headers: { 'Cache-Control': 'max-age=3600' }, body: 'yours' });
  await app.fetch(privatePath);
  await app.fetch(authorized, { headers: { Authorization: 'Bearer token' } });
  await app.fetch(authorized, { headers: { Authorization: 'Bearer token' } });
  expect(await app.cachedUrls('http-cache-first')).toEqual([]);
  expect(await control.requests({ path: authorized })).toHaveLength(2);
});

test('Vary: * is never stored', async ({ app, control }) => {
  const path = `${route}/vary-star`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600', Vary: '*' }, body: 'x' });
  await app.fetch(path);
  await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(2);
  expect(await app.cachedUrls('http-cache-first')).toEqual([]);
});

test('a 404 with explicit freshness is stored and reused: offline, a deleted note stays deleted', async ({ app, control }) => {
  const path = `${route}/gone`;
  await control.fixture({ path, status: 404, headers: { 'Cache-Control': 'max-age=3600' }, body: { error: 'not-found' } });
  expect((await app.fetch(path)).status).toBe(404);
  await expect.poll(() => app.cachedUrls('http-cache-first')).toContain(path);
  expect((await app.fetch(path)).status).toBe(404);
  await app.setOffline(true);
  const offline = await app.fetch(path);
  expect([offline.status, JSON.parse(offline.body)]).toEqual([404, { error: 'not-found' }]);
  expect(await control.requests({ path })).toHaveLength(1);
});

test('heuristically cacheable statuses get heuristic freshness; other statuses are not stored at all', async ({ app, control }) => {
  const lastModified = { 'Last-Modified': new Date(Date.now() - 30 * 24 * 3600_000).toUTCString() };
  const cacheable = { 410: `${route}/status-410`, 501: `${route}/status-501`, 204: `${route}/status-204` };
  const uncacheable = { 403: `${route}/status-403`, 500: `${route}/status-500` };
  for (const [status, path] of Object.entries(cacheable)) await control.fixture({ path, status: Number(status), headers: lastModified, body: 'x' });
  // Explicit freshness does not make these storable (RFC 9110 §15.1 lists which statuses are).
  for (const [status, path] of Object.entries(uncacheable)) await control.fixture({ path, status: Number(status), headers: { 'Cache-Control': 'max-age=3600', ...lastModified }, body: 'x' });
  const paths = [...Object.values(cacheable), ...Object.values(uncacheable)];
  for (const path of paths) expect((await app.fetch(path)).status).toBe(Number(path.slice(-3)));
  await expect.poll(() => app.cachedUrls('http-cache-first')).toEqual(Object.values(cacheable).sort());
  for (const path of paths) expect((await app.fetch(path)).status).toBe(Number(path.slice(-3)));
  for (const path of Object.values(cacheable)) expect(await control.requests({ path })).toHaveLength(1);
  for (const path of Object.values(uncacheable)) expect(await control.requests({ path })).toHaveLength(2);
});

test('without HTTP rules only 200s are stored, as in plain Workbox', async ({ app, control }) => {
  const path = '/api/fixtures/plain/gone';
  await control.fixture({ path, status: 404, headers: { 'Cache-Control': 'max-age=3600' }, body: 'x' });
  await app.fetch(path);
  await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(2);
});

test('the cached copy lacks the fields Connection lists and the connection-level ones (RFC 9111 §3.1)', async ({ app, control }) => {
  const path = `${route}/connection-listed`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600', Connection: 'x-hop-a, x-hop-b', 'X-Hop-A': '1', 'X-Hop-B': '2', 'X-Kept': '3' }, body: 'x' });
  await app.fetch(path);
  await expect.poll(() => app.cachedUrls('http-cache-first')).toContain(path);
  const cached = await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(1);
  expect(cached.headers['x-kept']).toBe('3');
  expect(Object.keys(cached.headers).filter((name) => ['connection', 'x-hop-a', 'x-hop-b'].includes(name))).toEqual([]);
});

test('a qualified no-cache keeps its fields out of the cached copy, and the rest is served without revalidation', async ({ app, control }) => {
  const path = `${route}/no-cache-qualified`;
  await control.fixture({ path, headers: { 'Cache-Control': 'no-cache="x-secret", max-age=3600', 'X-Secret': '1', 'X-Kept': '2' }, body: 'x' });
  await app.fetch(path);
  await expect.poll(() => app.cachedUrls('http-cache-first')).toContain(path);
  const cached = await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(1);
  expect([cached.headers['x-kept'], cached.headers['x-secret']]).toEqual(['2', undefined]);
});
