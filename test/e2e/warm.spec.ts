import type { Page } from '@playwright/test';
import type { EventMap } from '../../src/shared/protocol.js';
import { expect, test } from './support/fixtures.js';
import { logIn } from './support/users.js';

const WARM = '/api/fixtures/warm';
const SIZE = 2048;

async function fixtures(control: { fixture(fixture: object): Promise<unknown> }, paths: string[], headers: Record<string, string> = { 'Cache-Control': 'max-age=60', ETag: '"v{{version}}"' }): Promise<void> {
  for (const path of paths) await control.fixture({ path, size: SIZE, headers });
}

/** Records the page's warm-progress events, for progress(). */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: unknown[] = [];
    Object.assign(window, { __warmProgress: seen });
    window.stowage.on('warm-progress', (detail) => seen.push(detail));
  });
}

function progress(page: Page): Promise<Array<EventMap['warm-progress']>> {
  return page.evaluate(() => (window as unknown as { __warmProgress: Array<EventMap['warm-progress']> }).__warmProgress);
}

test('warm() stores URLs through their routes, then skips them while fresh; progress events count done, failed and bytes', async ({ app, control }) => {
  const paths = Array.from({ length: 6 }, (_, i) => `${WARM}/item-${i}`);
  await fixtures(control, paths);
  await recordProgress(app.page);

  const first = await app.page.evaluate((urls) => window.stowage.warm({ urls }), paths);
  expect(first).toEqual({ stored: 6, fresh: 0, failed: 0, failures: [] });
  expect(await app.cachedUrls('warm/*')).toEqual([...paths].sort());
  expect((await control.requests({ prefix: WARM })).length).toBe(6);
  await expect.poll(() => progress(app.page)).toHaveLength(6);
  expect((await progress(app.page)).at(-1)).toEqual({ done: 6, total: 6, failed: 0, bytes: 6 * SIZE });

  // Fresh entries are not fetched again, and a page's use is then a hit without the network.
  expect(await app.page.evaluate((urls) => window.stowage.warm({ urls }), paths)).toMatchObject({ stored: 0, fresh: 6, failed: 0 });
  expect((await control.requests({ prefix: WARM })).length).toBe(6);
  expect((await app.fetch(paths[0]!)).status).toBe(200);
  expect((await control.requests({ prefix: WARM })).length).toBe(6);
  // Warming is no use: only the page's fetch counts.
  expect((await app.stats()).routes[`${WARM}/*`]).toMatchObject({ hits: 1, misses: 0, network: 0 });
});

test('one failing URL does not stop the rest: each failure is listed with its reason', async ({ app, control }) => {
  await fixtures(control, [`${WARM}/a`, `${WARM}/b`]);
  await control.fixture({ path: `${WARM}/broken`, status: 500, body: 'no' });
  await control.fixture({ path: `${WARM}/secret`, headers: { 'Cache-Control': 'no-store' }, body: 'x' });
  const report = await app.page.evaluate(
    (urls) => window.stowage.warm({ urls }, { concurrency: 2 }),
    [`${WARM}/a`, `${WARM}/broken`, '/not-a-route', `${WARM}/secret`, `${WARM}/b`, '/api/fixtures/network-only/x'],
  );
  expect(report).toMatchObject({ stored: 2, fresh: 0, failed: 4 });
  const reasons = Object.fromEntries(report.failures.map(({ url, reason }) => [new URL(url).pathname, reason]));
  expect(reasons).toEqual({ [`${WARM}/broken`]: 'status-500', '/not-a-route': 'no-route', [`${WARM}/secret`]: 'not-stored', '/api/fixtures/network-only/x': 'not-cached' });
  expect(await app.cachedUrls('warm/*')).toEqual([`${WARM}/a`, `${WARM}/b`]);
});

test('offline, every URL fails with reason offline, and nothing is lost from the caches', async ({ app, control }) => {
  await fixtures(control, [`${WARM}/kept`, `${WARM}/new`]);
  await app.fetch(`${WARM}/kept`);
  await app.setOffline(true);
  const report = await app.page.evaluate((urls) => window.stowage.warm({ urls }), [`${WARM}/kept`, `${WARM}/new`]);
  expect(report.stored + report.fresh).toBe(0);
  expect(report.failed).toBe(2);
  expect(report.failures.map((failure) => failure.reason)).toEqual(['offline', 'offline']);
  expect(await app.cachedUrls('warm/*')).toEqual([`${WARM}/kept`]);
});

test('a route or tag target warms the stored entries that went stale, revalidating them (304), and leaves fresh ones alone', async ({ app, control }) => {
  await fixtures(control, [`${WARM}/old-1`, `${WARM}/old-2`]);
  for (const path of [`${WARM}/old-1`, `${WARM}/old-2`]) await app.fetch(path);
  await app.advanceClock(120_000);
  await fixtures(control, [`${WARM}/young`]);
  await app.fetch(`${WARM}/young`);
  await control.clearRequests();

  const byTag = await app.page.evaluate(() => window.stowage.warm({ tags: ['warmable'] }));
  expect(byTag).toMatchObject({ stored: 2, fresh: 1, failed: 0 });
  const revalidations = await control.requests({ prefix: WARM });
  expect(revalidations.map((request) => [request.path, request.status]).sort()).toEqual([
    [`${WARM}/old-1`, 304],
    [`${WARM}/old-2`, 304],
  ]);
  // Revalidated entries are fresh again: a route target finds nothing left to do.
  expect(await app.page.evaluate((route) => window.stowage.warm({ routes: [route] }), `${WARM}/*`)).toMatchObject({ stored: 0, fresh: 3 });
});

test('warming a private encrypted route stores the entry sealed in the user partition, and with nobody signed in fails with no-user', async ({ app, control }) => {
  await control.fixture({ path: '/api/fixtures/encrypted/profile', headers: { 'Cache-Control': 'max-age=60' }, body: { name: 'Ada' } });
  expect(await app.page.evaluate(() => window.stowage.warm({ urls: ['/api/fixtures/encrypted/profile'] }))).toMatchObject({
    failed: 1,
    failures: [{ reason: 'no-user' }],
  });

  await logIn(app, 'alice');
  expect(await app.page.evaluate(() => window.stowage.warm({ urls: ['/api/fixtures/encrypted/profile'] }))).toMatchObject({ stored: 1 });
  const stored = await app.page.evaluate(async () => {
    const name = (await caches.keys()).find((cache) => cache.includes('encrypted') && cache.includes(':u:'))!;
    const entry = await (await caches.open(name)).match('/api/fixtures/encrypted/profile');
    return { type: entry?.headers.get('Content-Type'), text: await entry?.text() };
  });
  expect(stored.type).toBe('application/octet-stream');
  expect(stored.text).not.toContain('Ada');
  // The page reads it decrypted, from the cache.
  await control.clearRequests();
  expect(JSON.parse((await app.fetch('/api/fixtures/encrypted/profile')).body)).toEqual({ name: 'Ada' });
  expect(await control.requests({ prefix: '/api/fixtures/encrypted' })).toEqual([]);
});
