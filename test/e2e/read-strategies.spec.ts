import { expect, test } from './support/fixtures.js';

// Fresh for an hour by HTTP rules, so only the route's own options decide what happens.
const cacheable = { 'Cache-Control': 'max-age=3600' };

test.describe('network-first', () => {
  const path = '/api/fixtures/network-first/item';

  test('answers from the network while online and from the cache offline', async ({ app, control }) => {
    await control.fixture({ path, headers: cacheable, body: { version: 1 } });
    expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 1 });
    await control.fixture({ path, headers: cacheable, body: { version: 2 } });
    expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 2 });
    expect(await control.requests({ path })).toHaveLength(2);

    await app.setOffline(true);
    const offline = await app.fetch(path);
    expect(offline.status).toBe(200);
    expect(JSON.parse(offline.body)).toEqual({ version: 2 });
    const stats = await app.stats();
    expect(stats.routes['/api/fixtures/network-first/*']).toMatchObject({ network: 2, stale: 1, errors: 0 });
  });

  test('a miss while offline is a prompt 504 naming the reason', async ({ app }) => {
    await app.setOffline(true);
    const response = await app.fetch(`${path}-never-cached`);
    expect(response.status).toBe(504);
    expect(response.headers['x-stowage-error']).toBe('offline');
    expect(JSON.parse(response.body)).toMatchObject({ error: 'offline', url: expect.stringContaining('never-cached') });
  });

  test('falls back to the cache when the server is unreachable but the browser is online', async ({ app, control }) => {
    await control.fixture({ path, headers: cacheable, body: { version: 1 } });
    await app.fetch(path);
    await control.fault({ mode: 'refuse' });
    expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 1 });
    const miss = await app.fetch(`${path}-other`);
    expect(miss.status).toBe(504);
    expect(miss.headers['x-stowage-error']).toBe('network-error');
  });

  test('networkTimeoutMs serves the cached entry when the network is slow', async ({ app, control }) => {
    const slow = '/api/fixtures/network-timeout/item';
    await control.fixture({ path: slow, headers: cacheable, body: { version: 1 } });
    await app.fetch(slow);
    await control.fixture({ path: slow, headers: cacheable, body: { version: 2 } });
    await control.fault({ path: slow, mode: 'delay', latencyMs: 3000, count: 1 });
    expect(JSON.parse((await app.fetch(slow)).body)).toEqual({ version: 1 });
    expect((await app.stats()).routes['/api/fixtures/network-timeout/*']).toMatchObject({ stale: 1 });
  });
});

test.describe('cache-first', () => {
  const path = '/api/fixtures/cache-first/item';

  test('serves a cached entry without the network, online and offline', async ({ app, control }) => {
    await control.fixture({ path, headers: cacheable, body: { version: 1 } });
    await app.fetch(path);
    await control.fixture({ path, headers: cacheable, body: { version: 2 } });
    expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 1 });
    expect(await control.requests({ path })).toHaveLength(1);

    await app.setOffline(true);
    expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 1 });
    expect((await app.stats()).routes['/api/fixtures/cache-first/*']).toMatchObject({ misses: 1, network: 1, hits: 2 });
  });

  test('a miss while offline is a 504', async ({ app }) => {
    await app.setOffline(true);
    const response = await app.fetch('/api/fixtures/cache-first/missing');
    expect(response.status).toBe(504);
    expect(JSON.parse(response.body).error).toBe('offline');
    expect((await app.stats()).routes['/api/fixtures/cache-first/*']).toMatchObject({ misses: 1, errors: 1 });
  });

  test('maxAgeMs expires an entry: it is fetched again, and still serves as a fallback offline', async ({ app, control }) => {
    const expiring = '/api/fixtures/max-age/item';
    await control.fixture({ path: expiring, headers: cacheable, body: { version: 1 } });
    await app.fetch(expiring);
    await app.fetch(expiring);
    expect(await control.requests({ path: expiring })).toHaveLength(1);

    await app.advanceClock(1200);
    await control.fixture({ path: expiring, headers: cacheable, body: { version: 2 } });
    expect(JSON.parse((await app.fetch(expiring)).body)).toEqual({ version: 2 });
    expect(await control.requests({ path: expiring })).toHaveLength(2);

    await app.advanceClock(1200);
    await app.setOffline(true);
    const fallback = await app.fetch(expiring);
    expect(JSON.parse(fallback.body)).toEqual({ version: 2 });
    expect((await app.stats()).routes['/api/fixtures/max-age/*']).toMatchObject({ stale: 1 });
  });

  test('maxEntries evicts the least recently used entry', async ({ app, control }) => {
    for (const name of ['a', 'b', 'c', 'd']) {
      await control.fixture({ path: `/api/fixtures/lru/${name}`, headers: cacheable, body: name });
    }
    await app.fetch('/api/fixtures/lru/a');
    await app.fetch('/api/fixtures/lru/b');
    await app.fetch('/api/fixtures/lru/c');
    await app.fetch('/api/fixtures/lru/a'); // a is now more recent than b
    await app.fetch('/api/fixtures/lru/d');
    await expect.poll(() => app.cachedUrls('/api/fixtures/lru/')).toEqual([
      '/api/fixtures/lru/a',
      '/api/fixtures/lru/c',
      '/api/fixtures/lru/d',
    ]);
  });
});

test.describe('stale-while-revalidate', () => {
  const path = '/api/fixtures/stale-while-revalidate/item';

  test('serves a stale entry at once and refreshes it in the background', async ({ app, control }) => {
    const stale = { 'Cache-Control': 'max-age=0' };
    await control.fixture({ path, headers: stale, body: { version: 1 } });
    await app.fetch(path);
    await control.fixture({ path, headers: stale, body: { version: 2 } });
    expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 1 });
    await expect.poll(async () => (await control.requests({ path })).length).toBe(2);
    await expect.poll(async () => JSON.parse((await app.fetch(path)).body)).toEqual({ version: 2 });
  });

  test('a fresh entry is served without a network request', async ({ app, control }) => {
    const fresh = '/api/fixtures/swr-max-age/item';
    await control.fixture({ path: fresh, headers: cacheable, body: { version: 1 } });
    await app.fetch(fresh);
    await app.fetch(fresh);
    await app.fetch(fresh);
    expect(await control.requests({ path: fresh })).toHaveLength(1);
    expect((await app.stats()).routes['/api/fixtures/swr-max-age/*']).toMatchObject({ hits: 2, network: 1 });
  });

  test('serves the cache offline and a 504 on a miss', async ({ app, control }) => {
    await control.fixture({ path, headers: cacheable, body: { version: 1 } });
    await app.fetch(path);
    await app.setOffline(true);
    expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 1 });
    expect((await app.fetch(`${path}-missing`)).status).toBe(504);
  });
});

test.describe('network-only and cache-only', () => {
  test('network-only always asks the network and stores nothing', async ({ app, control }) => {
    const path = '/api/fixtures/network-only/item';
    await control.fixture({ path, headers: cacheable, body: { version: 1 } });
    await app.fetch(path);
    await app.fetch(path);
    expect(await control.requests({ path })).toHaveLength(2);
    expect(await app.cachedUrls('network-only')).toEqual([]);
    await app.setOffline(true);
    expect((await app.fetch(path)).status).toBe(504);
  });

  test('cache-only serves what is in its cache and never asks the network', async ({ app, control }) => {
    const path = '/api/fixtures/cache-only/item';
    const miss = await app.fetch(path);
    expect(miss.status).toBe(504);
    expect(miss.headers['x-stowage-error']).toBe('cache-miss');

    await app.page.evaluate(async (path) => {
      const cache = await caches.open('stowage-v1:/api/fixtures/cache-only/*');
      await cache.put(path, new Response('"from the cache"', { headers: { 'Content-Type': 'application/json' } }));
    }, path);
    expect((await app.fetch(path)).body).toBe('"from the cache"');
    expect(await control.requests({ path })).toHaveLength(0);
  });
});
