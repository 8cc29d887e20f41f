import { expect, test } from './support/fixtures.js';
import { mutate } from './support/outbox.js';

const ROUTE = '/api/fixtures/cache-first/*';
const SIZE = 4096;

test('stats() counts hitRatio and the bytes served from cache and network, per route, in total and over the last five minutes of the worker clock', async ({ app, control }) => {
  await control.fixture({ path: '/api/fixtures/cache-first/rated', size: SIZE, headers: { 'Cache-Control': 'max-age=3600' } });
  for (let i = 0; i < 4; i++) expect((await app.fetch('/api/fixtures/cache-first/rated')).status).toBe(200);

  const counted = { hits: 3, misses: 1, network: 1, hitRatio: 0.75, bytesFromCache: 3 * SIZE, bytesFromNetwork: SIZE };
  const first = await app.stats();
  expect(first.routes[ROUTE]).toMatchObject({ ...counted, lastFiveMinutes: counted });
  // The totals add every route: the demo page's own reads are in them too.
  expect(first.totals.hits).toBeGreaterThanOrEqual(3);
  expect(first.totals.bytesFromCache).toBeGreaterThanOrEqual(3 * SIZE);
  expect(first.totals.hitRatio).toBeCloseTo(first.totals.hits / (first.totals.hits + first.totals.stale + first.totals.network + first.totals.errors));

  // Six minutes on, the window is empty and the totals are unchanged; a new hit is the window's only use.
  await app.advanceClock(6 * 60_000);
  expect((await app.stats()).routes[ROUTE]).toMatchObject({ ...counted, lastFiveMinutes: { hits: 0, misses: 0, network: 0, hitRatio: 0, bytesFromCache: 0, bytesFromNetwork: 0 } });
  await app.fetch('/api/fixtures/cache-first/rated');
  expect((await app.stats()).routes[ROUTE]).toMatchObject({ hits: 4, hitRatio: 0.8, lastFiveMinutes: { hits: 1, network: 0, hitRatio: 1, bytesFromCache: SIZE } });
});

test("stats() reports the origin's storage estimate and Stowage's own bytes per route and for the outbox", async ({ app, control }) => {
  await control.fixture({ path: '/api/fixtures/cache-first/sized', size: 10_000, headers: { 'Cache-Control': 'max-age=3600' } });
  await app.fetch('/api/fixtures/cache-first/sized');
  await app.setOffline(true);
  await mutate(app.page, [{ body: { title: 'x'.repeat(5000), body: '' } }]);

  // The size is logged just after the store.
  await expect.poll(async () => (await app.stats()).routes[ROUTE]!.storedBytes).toBe(10_000);
  const stats = await app.stats();
  expect(stats.totals.storedBytes).toBeGreaterThanOrEqual(10_000);
  expect(stats.outboxBytes).toBeGreaterThan(5000);
  expect(stats.outboxBytes).toBeLessThan(7000);
  expect(stats.estimate!.usage).toBeGreaterThan(15_000);
  expect(stats.estimate!.quota).toBeGreaterThan(stats.estimate!.usage);
});
