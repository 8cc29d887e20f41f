import type { EventMap } from '../../src/shared/protocol.js';
import { storedAt } from '../e2e/support/http-cache.js';
import { memoryFetch } from '../e2e/support/memory.js';
import type { EngineApp } from './support/engine-app.js';
import { expect, test } from './support/fixtures.js';

// The cache hierarchy (issue 15) in every engine: the tab's memory above the worker, Cache-Status,
// refresh-ahead and warm(). Ages pass on the test worker's clock (advanceClock), never by sleeping.
const fresh = { 'Cache-Control': 'max-age=600', ETag: '"{{version}}"' };
const cacheStatus = (response: { headers: Record<string, string> }): string => response.headers['cache-status'] ?? '';

/** Every outcome the worker counts, summed: unchanged means the worker served nothing. */
async function workerCount(app: EngineApp): Promise<number> {
  const { hits, misses, network, stale, errors } = (await app.stats()).totals;
  return hits + misses + network + stale + errors;
}

test("a fresh entry is answered from the tab's memory, without the worker or the server, until the worker's clock passes its lifetime", async ({ app, control }) => {
  const path = '/api/fixtures/memory/1';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=10', ETag: '"{{version}}"' }, body: 'one' });
  expect((await memoryFetch(app.page, path)).cacheStatus).toBe('Stowage; fwd=uri-miss; fwd-status=200; stored');
  const served = await workerCount(app);
  const second = await memoryFetch(app.page, path);
  expect(second).toMatchObject({ status: 200, body: 'one', fromMemory: true, cacheStatus: 'Stowage; fwd=uri-miss; fwd-status=200; stored, Stowage-Memory; hit' });
  expect(await workerCount(app)).toBe(served);
  expect(await control.requests({ path })).toHaveLength(1);
  expect((await app.page.evaluate(() => window.stowage.stats({ memory: true }))).memory).toMatchObject({ hits: 1, entries: 1 });
  // A plain fetch() still goes to the worker.
  expect(cacheStatus(await app.fetch(path))).toMatch(/^Stowage; hit; ttl=\d+$/);
  expect(await workerCount(app)).toBe(served + 1);
  await app.advanceClock(11_000);
  expect((await memoryFetch(app.page, path)).fromMemory).toBe(false);
  expect(await control.requests({ path })).toHaveLength(2);
});

test("a new representation stored through one tab drops the other tab's memory copy; that tab's own read is then the worker's", async ({ app, control }) => {
  const path = '/api/fixtures/memory/replaced';
  await control.fixture({ path, headers: fresh, body: 'v{{version}}' });
  const tab = await app.openTab();
  await memoryFetch(tab.page, path);
  expect(await memoryFetch(tab.page, path)).toMatchObject({ fromMemory: true, body: 'v1' });
  await memoryFetch(app.page, path);
  expect((await memoryFetch(app.page, path)).fromMemory).toBe(true);
  await control.fixture({ path, headers: fresh, body: 'v{{version}}' });
  expect(await app.page.evaluate((url) => window.stowage.refresh({ urls: [url] }), path)).toMatchObject({ changed: 1 });
  // Both tabs' copies are gone: the refreshing tab's own and the other one's.
  for (const reader of [tab, app]) expect(await memoryFetch(reader.page, path)).toMatchObject({ fromMemory: false, body: 'v2' });
  expect(await memoryFetch(tab.page, path)).toMatchObject({ fromMemory: true, body: 'v2' });
});

test("Stowage's Cache-Status member follows the server's and a proxy's: miss stored, hit with ttl, a 304 revalidation, the server refusing", async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/status';
  const upstream = 'Origin; fwd=miss, Varnish; hit; ttl=50';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=60', ETag: '"a"', 'Cache-Status': upstream }, body: 'v' });
  expect(cacheStatus(await app.fetch(path))).toBe(`${upstream}, Stowage; fwd=uri-miss; fwd-status=200; stored`);
  await app.advanceClock(15_000);
  const hit = cacheStatus(await app.fetch(path));
  expect(hit).toMatch(new RegExp(`^${upstream}, Stowage; hit; ttl=\\d+$`));
  // 45 s left on the worker's clock, less the real seconds a slow engine spent in between.
  expect(Number(/ttl=(\d+)$/.exec(hit)![1])).toBeGreaterThanOrEqual(35);
  expect(Number(/ttl=(\d+)$/.exec(hit)![1])).toBeLessThanOrEqual(45);
  await app.advanceClock(50_000);
  // The 304 carries no Cache-Status: the stored copy's upstream members stay, without an old Stowage one.
  expect(cacheStatus(await app.fetch(path))).toBe(`${upstream}, Stowage; fwd=stale; fwd-status=304; stored`);
  await app.advanceClock(61_000);
  await control.fault({ mode: 'refuse' });
  const refused = await app.fetch(path);
  expect([refused.status, refused.body, cacheStatus(refused)]).toEqual([200, 'v', `${upstream}, Stowage; hit; detail=offline`]);
});

test('refresh-ahead on the worker clock: an entry used 3 times within 10 s is refreshed (a 304) before it expires; one used less is not', async ({ app, control }) => {
  const [hot, lukewarm] = ['/api/fixtures/refresh-ahead/hot', '/api/fixtures/refresh-ahead/lukewarm'];
  for (const path of [hot, lukewarm]) await control.fixture({ path, headers: { 'Cache-Control': 'max-age=10', ETag: '"{{version}}"' }, body: 'v' });
  for (const path of [hot, lukewarm]) await app.fetch(path);
  // Into the last 5 s of freshness. The worker's clock also runs on in real time, which a slow engine
  // spends seconds of: the advance leaves the reads below as much of the 10 s as it can.
  await app.advanceClock(5_100);
  const nearExpiry = /^Stowage; hit; ttl=[0-4]$/;
  // Two uses each: neither hot yet.
  for (const path of [hot, lukewarm]) expect(cacheStatus(await app.fetch(path))).toMatch(nearExpiry);
  expect(cacheStatus(await app.fetch(hot))).toMatch(nearExpiry);
  // The third use makes it hot: refreshed in the background (the event that proves it: a new stored entry).
  const before = await storedAt(app, 'refresh-ahead', hot);
  expect(cacheStatus(await app.fetch(hot))).toMatch(nearExpiry);
  await expect.poll(() => storedAt(app, 'refresh-ahead', hot)).not.toBe(before);
  expect((await control.requests({ path: hot })).map((request) => request.status)).toEqual([200, 304]);
  await app.advanceClock(5_000);
  // Past the first lifetime: the hot entry is still fresh, the lukewarm one revalidates in the foreground.
  expect(cacheStatus(await app.fetch(hot))).toMatch(/^Stowage; hit; ttl=\d+$/);
  expect(cacheStatus(await app.fetch(lukewarm))).toBe('Stowage; fwd=stale; fwd-status=304; stored');
});

test('warm() stores through the routes, then skips what is fresh; progress events count; each failure has its reason', async ({ app, control }) => {
  const paths = ['a', 'b', 'c'].map((id) => `/api/fixtures/warm/${id}`);
  for (const path of paths) await control.fixture({ path, size: 2048, headers: { 'Cache-Control': 'max-age=60', ETag: '"v{{version}}"' } });
  await control.fixture({ path: '/api/fixtures/warm/broken', status: 500, body: 'no' });
  await app.page.evaluate(() => {
    const seen: unknown[] = [];
    Object.assign(window, { warmProgress: seen });
    window.stowage.on('warm-progress', (detail) => seen.push(detail));
  });
  const progress = (): Promise<Array<EventMap['warm-progress']>> => app.page.evaluate(() => (window as unknown as { warmProgress: Array<EventMap['warm-progress']> }).warmProgress);

  const report = await app.page.evaluate((urls) => window.stowage.warm({ urls }, { concurrency: 2 }), [...paths, '/api/fixtures/warm/broken', '/not-a-route']);
  expect(report).toMatchObject({ stored: 3, fresh: 0, failed: 2 });
  expect(Object.fromEntries(report.failures.map(({ url, reason }) => [new URL(url).pathname, reason]))).toEqual({ '/api/fixtures/warm/broken': 'status-500', '/not-a-route': 'no-route' });
  expect(await app.cachedUrls('warm/*')).toEqual(paths);
  await expect.poll(progress).toHaveLength(5);
  expect((await progress()).at(-1)).toEqual({ done: 5, total: 5, failed: 2, bytes: 3 * 2048 });

  expect(await app.page.evaluate((urls) => window.stowage.warm({ urls }), paths)).toMatchObject({ stored: 0, fresh: 3, failed: 0 });
  expect((await app.fetch(paths[0]!)).status).toBe(200);
  expect((await control.requests({ prefix: '/api/fixtures/warm/' })).length).toBe(4);
  expect((await app.stats()).routes['/api/fixtures/warm/*']).toMatchObject({ hits: 1, misses: 0, network: 0 });
});
