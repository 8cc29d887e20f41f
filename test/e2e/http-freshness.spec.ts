import { expect, test } from './support/fixtures.js';
import { json } from './support/http-cache.js';

// RFC 9111 §4.2: the server's headers decide how long an entry is served without the network.
const route = '/api/fixtures/http-cache-first';

test('a fresh entry (max-age) is served from the cache without asking the server', async ({ app, control }) => {
  const path = `${route}/max-age`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: { version: '{{version}}' } });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: { version: '{{version}}' } });
  const second = await app.fetch(path);
  expect(json(second)).toEqual({ version: '1' });
  expect(Number(second.headers['age'])).toBeGreaterThanOrEqual(0);
  expect(second.headers['x-stowage-policy']).toBeUndefined();
  expect(await control.requests({ path })).toHaveLength(1);
  expect((await app.stats()).routes[`${route}/*`]).toMatchObject({ hits: 1, network: 1 });
});

test('max-age=0 is stale at once, so cache-first asks the server on every use', async ({ app, control }) => {
  const path = `${route}/max-age-0`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0' }, body: { version: '{{version}}' } });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0' }, body: { version: '{{version}}' } });
  expect(json(await app.fetch(path))).toEqual({ version: '2' });
  expect(await control.requests({ path })).toHaveLength(2);
});

test('an Age header at least as large as max-age makes the response stale on arrival', async ({ app, control }) => {
  const path = `${route}/aged`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=600', Age: '600' }, body: 'old' });
  await app.fetch(path);
  await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(2);
});

test('a served entry carries the Age it arrived with plus its time in the cache', async ({ app, control }) => {
  const path = `${route}/age-header`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=600', Age: '100' }, body: 'x' });
  await app.fetch(path);
  const cached = await app.fetch(path);
  expect(Number(cached.headers['age'])).toBeGreaterThanOrEqual(100);
  expect(Number(cached.headers['age'])).toBeLessThan(200);
  // RFC 9111 §4.2.3: current_age = corrected_initial_age + resident_time.
  await app.advanceClock(300_000);
  const later = await app.fetch(path);
  expect(Number(later.headers['age'])).toBeGreaterThanOrEqual(400);
  expect(Number(later.headers['age'])).toBeLessThan(500);
  expect(await control.requests({ path })).toHaveLength(1);
  // And the time in the cache counts against the lifetime: at 600 s the entry is stale.
  await app.advanceClock(200_000);
  await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(2);
});

test('Cache-Control directive names are case-insensitive: MAX-AGE=3600 is reused like max-age=3600', async ({ app, control }) => {
  const path = `${route}/upper-case`;
  await control.fixture({ path, headers: { 'Cache-Control': 'MAX-AGE=3600' }, body: { version: '{{version}}' } });
  await app.fetch(path);
  expect(json(await app.fetch(path))).toEqual({ version: '1' });
  expect(await control.requests({ path })).toHaveLength(1);
});

test('Expires in the future keeps an entry fresh; an Expires in the past does not', async ({ app, control }) => {
  const future = `${route}/expires-future`;
  const past = `${route}/expires-past`;
  await control.fixture({ path: future, headers: { Expires: new Date(Date.now() + 3600_000).toUTCString() }, body: 'f' });
  await control.fixture({ path: past, headers: { Expires: new Date(Date.now() - 3600_000).toUTCString() }, body: 'p' });
  for (const path of [future, past, future, past]) await app.fetch(path);
  expect(await control.requests({ path: future })).toHaveLength(1);
  expect(await control.requests({ path: past })).toHaveLength(2);
});

test('without explicit freshness, an old Last-Modified gives heuristic freshness', async ({ app, control }) => {
  const path = `${route}/heuristic`;
  const other = `${route}/no-freshness`;
  await control.fixture({ path, headers: { 'Last-Modified': new Date(Date.now() - 30 * 24 * 3600_000).toUTCString() }, body: 'h' });
  await control.fixture({ path: other, body: 'n' });
  for (const url of [path, other, path, other]) await app.fetch(url);
  expect(await control.requests({ path })).toHaveLength(1);
  expect(await control.requests({ path: other })).toHaveLength(2);
});

test('s-maxage is for shared caches and ignored by the worker', async ({ app, control }) => {
  const path = `${route}/s-maxage`;
  await control.fixture({ path, headers: { 'Cache-Control': 's-maxage=3600, max-age=0' }, body: 's' });
  await app.fetch(path);
  await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(2);
});

test('maxAgeMs caps the server lifetime of a route', async ({ app, control }) => {
  const path = '/api/fixtures/http-capped/item';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: { version: '{{version}}' } });
  await app.fetch(path);
  await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(1);
  await app.advanceClock(1700);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: { version: '{{version}}' } });
  expect(json(await app.fetch(path))).toEqual({ version: '2' });
  expect(await control.requests({ path })).toHaveLength(2);
});

test('maxAgeMs supplies a lifetime when the server gives none', async ({ app, control }) => {
  const path = '/api/fixtures/http-capped/no-lifetime';
  await control.fixture({ path, body: 'x' });
  await app.fetch(path);
  await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(1);
});

test('http: false ignores the headers: a max-age=0 entry stays in use, as in plain Workbox', async ({ app, control }) => {
  const path = '/api/fixtures/plain/item';
  await control.fixture({ path, headers: { 'Cache-Control': 'no-cache, max-age=0' }, body: { version: '{{version}}' } });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'no-cache, max-age=0' }, body: { version: '{{version}}' } });
  expect(json(await app.fetch(path))).toEqual({ version: '1' });
  expect(await control.requests({ path })).toHaveLength(1);
});

test("http: false still honours the page's cache: 'no-cache' and Cache-Control: no-cache", async ({ app, control }) => {
  const path = '/api/fixtures/plain/request-no-cache';
  await control.fixture({ path, body: { version: '{{version}}' } });
  await app.fetch(path);
  await expect.poll(() => app.cachedUrls('/api/fixtures/plain/')).toContain(path);
  await control.fixture({ path, body: { version: '{{version}}' } });
  const mode = await app.page.evaluate(async (path) => (await fetch(path, { cache: 'no-cache' })).json(), path);
  expect(mode).toEqual({ version: '2' });
  await control.fixture({ path, body: { version: '{{version}}' } });
  expect(json(await app.fetch(path, { headers: { 'Cache-Control': 'no-cache' } }))).toEqual({ version: '3' });
  expect(await control.requests({ path })).toHaveLength(3);
});

test("a page's Cache-Control: no-cache or cache: 'reload' revalidates even a fresh entry", async ({ app, control }) => {
  const path = `${route}/request-no-cache`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600', ETag: '"r"' }, body: 'cached' });
  await app.fetch(path);
  // The entry is stored just after the first response is served; only a stored entry has validators.
  await expect.poll(() => app.cachedUrls(route)).toContain(path);
  expect((await app.fetch(path, { headers: { 'Cache-Control': 'no-cache' } })).body).toBe('cached');
  await app.page.evaluate(async (path) => void (await (await fetch(path, { cache: 'reload' })).text()), path);
  const requests = await control.requests({ path });
  expect(requests).toHaveLength(3);
  expect(requests.slice(1).map((request) => [request.headers['if-none-match'], request.status])).toEqual([
    ['"r"', 304],
    ['"r"', 304],
  ]);
});
