import { expect, test } from './support/fixtures.js';

// RFC 9111 basics in every engine, by Stowage's own rules on the demo's HTTP test bed.
const route = '/api/fixtures/http-cache-first';

test('a fresh entry is reused until max-age runs out, then revalidated with a 304 that keeps its body', async ({ app, control }) => {
  const path = `${route}/fresh`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=60', ETag: '"{{version}}"' }, body: 'v1' });
  expect((await app.fetch(path)).body).toBe('v1');
  expect((await app.fetch(path)).body).toBe('v1');
  expect(await control.requests({ path })).toHaveLength(1);

  await app.advanceClock(61_000); // past max-age by the worker's clock, no sleep
  expect((await app.fetch(path)).body).toBe('v1');
  const requests = await control.requests({ path });
  expect(requests.map((request) => [request.headers['if-none-match'], request.status])).toEqual([
    [undefined, 200],
    ['"1"', 304],
  ]);
  // The 304 made it fresh again.
  expect((await app.fetch(path)).body).toBe('v1');
  expect(await control.requests({ path })).toHaveLength(2);
});

test('Vary: X-A, X-B keeps the variants side by side and matches on both fields, whatever the engine\'s Cache Storage does', async ({ app, control }, testInfo) => {
  const path = `${route}/vary-two`;
  // A space after the comma, as merged header lines arrive: WebKit's cache.match() ignores X-B then.
  await control.fixture({
    path,
    headers: { 'Cache-Control': 'max-age=3600', Vary: 'X-A, X-B' },
    body: 'default',
    varyBodies: { 'x-b': { one: 'b-one', two: 'b-two' } },
  });
  const one = { 'X-A': 'same', 'X-B': 'one' };
  const two = { 'X-A': 'same', 'X-B': 'two' };
  expect((await app.fetch(path, { headers: one })).body).toBe('b-one');
  expect((await app.fetch(path, { headers: two })).body).toBe('b-two');
  expect(await control.requests({ path })).toHaveLength(2);

  await control.fault({ mode: 'refuse' });
  for (let round = 0; round < 2; round += 1) {
    expect((await app.fetch(path, { headers: one })).body).toBe('b-one');
    expect((await app.fetch(path, { headers: two })).body).toBe('b-two');
  }
  expect(await control.requests({ path })).toHaveLength(2);
  // A third value of X-B was never stored: a miss, not one of the others.
  expect((await app.fetch(path, { headers: { 'X-A': 'same', 'X-B': 'three' } })).status).toBe(504);

  // What the engine's own Cache Storage would have answered, for the record (README's engine table).
  const engineMatch = await app.page.evaluate(async () => {
    const cache = await caches.open('stowage-test:raw-vary');
    const stored = (value: string) => new Response(value, { headers: { Vary: 'X-A, X-B' } });
    await cache.put(new Request('/raw', { headers: { 'X-A': 'same', 'X-B': 'one' } }), stored('b-one'));
    const match = await cache.match(new Request('/raw', { headers: { 'X-A': 'same', 'X-B': 'two' } }));
    await caches.delete('stowage-test:raw-vary');
    return match ? `served ${await match.text()} to X-B: two` : 'a miss for X-B: two (correct)';
  });
  testInfo.annotations.push({ type: 'engine cache.match with Vary: X-A, X-B', description: engineMatch });
});

test('a stale entry whose server is down is served stale (RFC 9111 §4.2.4) rather than failing', async ({ app, control }) => {
  const path = `${route}/stale-down`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=60', ETag: '"{{version}}"' }, body: 'kept' });
  await app.fetch(path);
  await app.advanceClock(61_000);
  await control.fault({ mode: 'refuse' });
  const response = await app.fetch(path);
  expect(response.body).toBe('kept');
  expect(response.status).toBe(200);
});

test('what may not be stored is not: no-store (response or request), private, an Authorization request, Vary: *', async ({ app, control }) => {
  const paths = { noStore: `${route}/no-store`, requestNoStore: `${route}/request-no-store`, private: `${route}/private`, authorized: `${route}/authorized`, varyStar: `${route}/vary-star` };
  await control.fixture({ path: paths.noStore, headers: { 'Cache-Control': 'no-store, max-age=3600' }, body: 'x' });
  await control.fixture({ path: paths.requestNoStore, headers: { 'Cache-Control': 'max-age=3600' }, body: 'x' });
  await control.fixture({ path: paths.private, headers: { 'Cache-Control': 'private, max-age=3600' }, body: 'x' });
  await control.fixture({ path: paths.authorized, headers: { 'Cache-Control': 'max-age=3600' }, body: 'x' });
  await control.fixture({ path: paths.varyStar, headers: { 'Cache-Control': 'max-age=3600', Vary: '*' }, body: 'x' });
  for (let round = 0; round < 2; round++) {
    await app.fetch(paths.noStore);
    await app.fetch(paths.requestNoStore, { headers: { 'Cache-Control': 'no-store' } });
    await app.fetch(paths.private);
    await app.fetch(paths.authorized, { headers: { Authorization: 'Bearer token' } });
    await app.fetch(paths.varyStar);
  }
  for (const path of Object.values(paths)) expect(await control.requests({ path }), path).toHaveLength(2);
  expect(await app.cachedUrls('http-cache-first')).toEqual([]);
});

test('must-revalidate: with the server refusing, a stale entry is a 504 naming why in every strategy; a fresh one is served', async ({ app, control }) => {
  const stale = ['http-cache-first', 'http-network-first', 'http-swr'].map((route) => `/api/fixtures/${route}/must-revalidate`);
  const fresh = '/api/fixtures/http-cache-first/must-revalidate-fresh';
  for (const path of stale) await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, must-revalidate', ETag: '"m"' }, body: 'stale' });
  await control.fixture({ path: fresh, headers: { 'Cache-Control': 'max-age=3600, must-revalidate' }, body: 'fresh' });
  for (const path of [...stale, fresh]) await app.fetch(path);
  await expect.poll(async () => (await app.cachedUrls('http-')).length).toBe(4);
  await control.fault({ mode: 'refuse' });
  for (const path of stale) {
    const response = await app.fetch(path);
    expect([response.status, response.headers['x-stowage-error']], path).toEqual([504, 'must-revalidate']);
  }
  expect((await app.fetch(fresh)).body).toBe('fresh');
});

test('no-cache: revalidated before every use while the server answers, served from the cache while it refuses', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/no-cache';
  const fixture = { path, headers: { 'Cache-Control': 'no-cache', ETag: '"{{version}}"' }, body: 'v{{version}}' };
  await control.fixture(fixture);
  await app.fetch(path);
  await control.fixture(fixture);
  // Even stale-while-revalidate must not serve it before validating.
  expect((await app.fetch(path)).body).toBe('v2');
  const requests = await control.requests({ path });
  expect([requests.length, requests[1]!.headers['if-none-match']]).toEqual([2, '"1"']);
  await control.fault({ mode: 'refuse' });
  const refused = await app.fetch(path);
  expect([refused.status, refused.body]).toEqual([200, 'v2']);
});
