import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoPage } from './support/demo-page.js';
import { expect, test } from './support/fixtures.js';
import { json } from './support/http-cache.js';
import { killBrowser, launchPersistent } from './support/persistent-browser.js';

// Issue 11: what each mode does online and offline, and that invalidations are on disk before
// invalidate() resolves (a worker stop, a browser kill).
const cacheable = { 'Cache-Control': 'max-age=3600' };
const path = (strategy: string, id = '1'): string => `/api/fixtures/tagged-${strategy}/item/${id}`;

/** Version 1 cached, version 2 on the server (network-first reads the server each time: it is cached as 1 only). */
async function cached(app: DemoPage, control: import('./support/control.js').Control, url: string): Promise<void> {
  await control.fixture({ path: url, headers: cacheable, body: { version: '{{version}}' } });
  expect(json(await app.fetch(url))).toEqual({ version: '1' });
  await control.fixture({ path: url, headers: cacheable, body: { version: '{{version}}' } });
  // The server's copy moved on; a fresh cached one is still version 1.
  if (!url.includes('network-first')) expect(json(await app.fetch(url))).toEqual({ version: '1' });
}

function invalidate(app: DemoPage, tags: string[], mode?: 'stale' | 'expire' | 'purge'): Promise<{ matched: number }> {
  return app.page.evaluate(({ tags, mode }) => window.stowage.invalidate({ tags }, mode ? { mode } : {}), { tags, mode });
}

test('stale (the default) on stale-while-revalidate: the next online read is served at once and revalidated in the background', async ({ app, control }) => {
  const url = path('stale-while-revalidate');
  await cached(app, control, url);
  await invalidate(app, ['item:1']);
  const served = await app.fetch(url);
  expect([json(served), served.headers['x-stowage-stale']]).toEqual([{ version: '1' }, 'stale']);
  await expect.poll(async () => json(await app.fetch(url))).toEqual({ version: '2' });
  expect(await control.requests({ path: url })).toHaveLength(2);
});

test('stale on cache-first: the next online read revalidates first', async ({ app, control }) => {
  const url = path('cache-first');
  await cached(app, control, url);
  await invalidate(app, ['item:1'], 'stale');
  expect(json(await app.fetch(url))).toEqual({ version: '2' });
});

test('expire on stale-while-revalidate: nothing is served online before the revalidation', async ({ app, control }) => {
  const url = path('stale-while-revalidate');
  await cached(app, control, url);
  await invalidate(app, ['item:1'], 'expire');
  const served = await app.fetch(url);
  expect([json(served), served.headers['x-stowage-stale']]).toEqual([{ version: '2' }, undefined]);
});

for (const mode of ['stale', 'expire'] as const) {
  for (const strategy of ['cache-first', 'stale-while-revalidate', 'network-first']) {
    test(`${mode} on ${strategy}: offline the entry is still served, marked X-Stowage-Stale: ${mode}`, async ({ app, control }) => {
      const url = path(strategy);
      await cached(app, control, url);
      await invalidate(app, ['item'], mode);
      await app.setOffline(true);
      const served = await app.fetch(url);
      expect([served.status, json(served), served.headers['x-stowage-stale']]).toEqual([200, { version: '1' }, mode]);
    });
  }
}

test('purge deletes the stored bytes: gone from Cache Storage, not served offline, refetched online', async ({ app, control }) => {
  const url = path('cache-first');
  const kept = path('cache-first', '2');
  await cached(app, control, url);
  await cached(app, control, kept);
  expect(await invalidate(app, ['item:1'], 'purge')).toEqual({ matched: 1 });
  await expect.poll(() => app.cachedUrls('tagged-cache-first')).toEqual([kept]);
  await app.setOffline(true);
  expect((await app.fetch(url)).status).toBe(504);
  expect(json(await app.fetch(kept))).toEqual({ version: '1' });
  await app.setOffline(false);
  expect(json(await app.fetch(url))).toEqual({ version: '2' });
});

test('the strongest mode among the invalidations that cover an entry applies', async ({ app, control }) => {
  const url = path('stale-while-revalidate');
  await cached(app, control, url);
  await invalidate(app, ['item:1'], 'expire');
  await invalidate(app, ['tagged'], 'stale');
  // The later `stale` does not weaken the `expire`: the read waits for the server.
  expect(json(await app.fetch(url))).toEqual({ version: '2' });
});

test('an invalidation survives a worker restart', async ({ app, control }) => {
  const url = path('cache-first');
  await cached(app, control, url);
  await invalidate(app, ['item:1'], 'expire');
  await app.stopWorker();
  expect(json(await app.fetch(url))).toEqual({ version: '2' });
});

test('an invalidation survives a browser kill: it was on disk when invalidate() resolved', async ({ server, control }) => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'stowage-invalidation-'));
  try {
    const url = path('cache-first');
    const first = await launchPersistent(userDataDir, server.url);
    const app = new DemoPage(first.page, first.context);
    await cached(app, control, url);
    await invalidate(app, ['item:1'], 'expire');
    await killBrowser(first.context, userDataDir);
    const second = await launchPersistent(userDataDir, server.url);
    const again = new DemoPage(second.page, second.context);
    expect(json(await again.fetch(url))).toEqual({ version: '2' });
    await second.context.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});
