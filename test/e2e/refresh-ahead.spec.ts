import { expect, test } from './support/fixtures.js';
import { storedHeaders } from './support/http-cache.js';

// Issue 15, refresh-ahead: the demo's route refreshes an entry used 3 times within 10 s once less
// than 5 s of its freshness is left (max-age=10 here). Ages count from the server's whole-second Date
// and real time runs on beside the advanced clock, so "4 s left" shows as ttl=2 to 4 on a loaded machine.

const storedAt = async (app: Parameters<typeof storedHeaders>[0], path: string): Promise<string | undefined> =>
  (await storedHeaders(app, 'refresh-ahead', path))?.['x-stowage-stored-at'];

test('a hot entry read across several lifetimes is never served stale and never waits on the network; a cold one is not refreshed', async ({ app, control }) => {
  const hot = '/api/fixtures/refresh-ahead/hot';
  const cold = '/api/fixtures/refresh-ahead/cold';
  for (const path of [hot, cold]) await control.fixture({ path, headers: { 'Cache-Control': 'max-age=10', ETag: '"{{version}}"' }, body: 'v' });
  await app.fetch(hot);
  await app.fetch(cold);
  let refreshes = 0;
  // 40 s of use at one read every 2 s: four lifetimes of the entry.
  for (let step = 1; step <= 20; step++) {
    await app.advanceClock(2_000);
    // The cold entry is used once with 4 s left: not hot, so not refreshed.
    if (step === 3) expect((await app.fetch(cold)).headers['cache-status']).toMatch(/^Stowage; hit; ttl=[2-4]$/);
    const before = await storedAt(app, hot);
    const read = await app.fetch(hot);
    const status = read.headers['cache-status'] ?? '';
    // A hit with freshness left: neither stale nor a network round trip.
    expect(status, `read ${step}`).toMatch(/^Stowage; hit; ttl=\d+$/);
    const ttl = Number(/ttl=(\d+)/.exec(status)![1]);
    if (ttl < 5 && step >= 3) {
      // Refreshed in the background: wait for the event that proves it (a new stored entry).
      await expect.poll(() => storedAt(app, hot)).not.toBe(before);
      refreshes += 1;
    }
  }
  expect(refreshes).toBeGreaterThanOrEqual(4);
  const hotRequests = await control.requests({ path: hot });
  expect(hotRequests.length).toBe(1 + refreshes);
  // Conditional: the server answered the refreshes with 304s.
  expect(hotRequests.slice(1).every((request) => request.status === 304)).toBe(true);
  // Nothing refreshed the cold entry: its next read finds it stale and revalidates in the foreground.
  expect(await control.requests({ path: cold })).toHaveLength(1);
  expect((await app.fetch(cold)).headers['cache-status']).toBe('Stowage; fwd=stale; fwd-status=304; stored');
});

test('an entry used fewer than minUses times within withinMs is left to expire', async ({ app, control }) => {
  const path = '/api/fixtures/refresh-ahead/lukewarm';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=10', ETag: '"{{version}}"' }, body: 'v' });
  await app.fetch(path);
  await app.advanceClock(6_000);
  // Two uses (the second with 4 s left): not hot yet.
  expect((await app.fetch(path)).headers['cache-status']).toMatch(/^Stowage; hit; ttl=[2-4]$/);
  expect((await app.fetch(path)).headers['cache-status']).toMatch(/^Stowage; hit; ttl=[2-4]$/);
  // The third use makes it hot: refreshed.
  const before = await storedAt(app, path);
  await app.fetch(path);
  await expect.poll(() => storedAt(app, path)).not.toBe(before);
  expect(await control.requests({ path })).toHaveLength(2);
});
