import { expect, test } from './support/fixtures.js';

// RFC 9211: every response a read route serves says what Stowage did, after what the server or a
// proxy said (issue 15, "Hit rates and which layer answered").

const status = (response: { headers: Record<string, string> }): string => response.headers['cache-status'] ?? '';

test('a first fetch is a URI miss that was stored; the next one a hit with its seconds of freshness left', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/status-miss';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=60' }, body: 'v' });
  expect(status(await app.fetch(path))).toBe('Stowage; fwd=uri-miss; fwd-status=200; stored');
  await app.advanceClock(15_000);
  const hit = /^Stowage; hit; ttl=(\d+)$/.exec(status(await app.fetch(path)));
  // 60 s of max-age less the 15 s the clock moved, less the real seconds the test took (a loaded
  // machine takes a few) and up to one more for the server's `Date`, which has whole seconds.
  expect(Number(hit?.[1])).toBeLessThanOrEqual(45);
  expect(Number(hit?.[1])).toBeGreaterThanOrEqual(40);
});

test("Stowage's member comes after the server's and a proxy's, and a stored copy does not keep an old one of Stowage's", async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/status-proxy';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=60', 'Cache-Status': 'Origin; fwd=miss, Varnish; hit; ttl=50' }, body: 'v' });
  expect(status(await app.fetch(path))).toBe('Origin; fwd=miss, Varnish; hit; ttl=50, Stowage; fwd=uri-miss; fwd-status=200; stored');
  expect(status(await app.fetch(path))).toMatch(/^Origin; fwd=miss, Varnish; hit; ttl=50, Stowage; hit; ttl=\d+$/);
  const stored = await app.page.evaluate(async (path) => {
    for (const name of await caches.keys()) {
      const entry = await (await caches.open(name)).match(path);
      if (entry) return entry.headers.get('Cache-Status');
    }
    return null;
  }, path);
  expect(stored).toBe('Origin; fwd=miss, Varnish; hit; ttl=50');
});

test('a stale entry revalidated by a 304 says fwd=stale; fwd-status=304; stored', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/status-304';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=10', ETag: '"a"' }, body: 'v' });
  await app.fetch(path);
  await app.advanceClock(11_000);
  expect(status(await app.fetch(path))).toBe('Stowage; fwd=stale; fwd-status=304; stored');
});

test('a stale entry served because the network failed says hit; detail=offline', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/status-offline';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=10', ETag: '"a"' }, body: 'v' });
  await app.fetch(path);
  await app.advanceClock(11_000);
  await app.setOffline(true);
  const offline = await app.fetch(path);
  expect(offline.body).toBe('v');
  expect(status(offline)).toBe('Stowage; hit; detail=offline');
});

test('a stale-while-revalidate entry served at once says hit with a negative ttl', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/status-stale';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=10' }, body: 'v' });
  await app.fetch(path);
  await app.advanceClock(20_000);
  expect(status(await app.fetch(path))).toMatch(/^Stowage; hit; ttl=-1\d$/);
});

test('a response not stored (no-store) says so by leaving out stored; network-only routes bypass', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/status-no-store';
  await control.fixture({ path, headers: { 'Cache-Control': 'no-store' }, body: 'v' });
  expect(status(await app.fetch(path))).toBe('Stowage; fwd=uri-miss; fwd-status=200');
  const bypass = '/api/fixtures/network-only/status';
  await control.fixture({ path: bypass, body: 'v' });
  expect(status(await app.fetch(bypass))).toBe('Stowage; fwd=bypass; fwd-status=200');
});

test('network-first with a stored entry forwards because the route says so; offline with none it fails with detail=offline', async ({ app, control }) => {
  const path = '/api/fixtures/http-network-first/status';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=60', ETag: '"n"' }, body: 'v' });
  expect(status(await app.fetch(path))).toBe('Stowage; fwd=uri-miss; fwd-status=200; stored');
  expect(status(await app.fetch(path))).toBe('Stowage; fwd=request; fwd-status=304; stored');
  await app.setOffline(true);
  expect(status(await app.fetch(path))).toBe('Stowage; hit; detail=offline');
  const failed = await app.fetch('/api/fixtures/http-network-first/status-none');
  expect(failed.status).toBe(504);
  expect(status(failed)).toBe('Stowage; fwd=uri-miss; detail=offline');
});

test('requests that joined another one’s fetch say collapsed', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/status-collapsed';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=60' }, body: 'v' });
  await control.fault({ path, mode: 'delay', latencyMs: 300 });
  const statuses = await app.page.evaluate(
    (path) => Promise.all(Array.from({ length: 3 }, () => fetch(path).then((response) => response.headers.get('Cache-Status')))),
    path,
  );
  expect(statuses.sort()).toEqual([
    'Stowage; fwd=uri-miss; fwd-status=200; stored',
    'Stowage; fwd=uri-miss; stored; collapsed',
    'Stowage; fwd=uri-miss; stored; collapsed',
  ]);
  expect(await control.requests({ path })).toHaveLength(1);
});

test('writes through the worker say what it did: forwarded because of the method, or queued', async ({ app }) => {
  const body = JSON.stringify({ title: 'status' });
  const json = { 'Content-Type': 'application/json' };
  const through = await app.fetch('/api/notes', { method: 'POST', headers: { ...json, 'X-Test-Outbox': 'write-through' }, body });
  expect([through.status, status(through)]).toEqual([201, 'Stowage; fwd=method; fwd-status=201']);
  const around = await app.fetch('/api/notes', { method: 'POST', headers: { ...json, 'X-Test-Outbox': 'write-around' }, body });
  expect([around.status, status(around)]).toEqual([201, 'Stowage; fwd=method; fwd-status=201']);
  await app.setOffline(true);
  const queued = await app.fetch('/api/notes', { method: 'POST', headers: json, body });
  expect([queued.status, status(queued)]).toEqual([202, 'Stowage; detail=queued']);
});

test('a request selecting a variant not stored yet is a Vary miss, not a URI miss', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/status-vary';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=60', Vary: 'Accept' }, body: 'v', varyBodies: { accept: { 'application/json': '{}', 'text/csv': 'a' } } });
  expect(status(await app.fetch(path, { headers: { Accept: 'application/json' } }))).toBe('Stowage; fwd=uri-miss; fwd-status=200; stored');
  // The worker stores after answering: the variant and the URL's index of variants are there first.
  await expect.poll(async () => (await app.cachedUrls('http-cache-first')).filter((url) => url.includes('/status-vary')).length).toBe(2);
  expect(status(await app.fetch(path, { headers: { Accept: 'text/csv' } }))).toBe('Stowage; fwd=vary-miss; fwd-status=200; stored');
  expect(status(await app.fetch(path, { headers: { Accept: 'text/csv' } }))).toMatch(/^Stowage; hit; ttl=\d+$/);
});
