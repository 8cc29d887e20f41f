import { expect, test } from './support/fixtures.js';

// earlyRefresh (XFetch): a fresh entry close to expiry is served from the cache and refreshed in the
// background. Here 5 s of a 200 s lifetime are left, so each use refreshes with probability
// e^(-5/10) ≈ 0.61 (see sw/http/early-refresh.ts); twenty uses without one: about once in 10^8 runs.

test('an entry close to expiry is served fresh and refreshed in the background', async ({ app, control }) => {
  const path = '/api/fixtures/early/near-expiry';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=200', Age: '195', ETag: '"e"' }, body: 'hot' });
  await app.fetch(path);
  for (let i = 0; i < 20; i += 1) expect((await app.fetch(path)).body).toBe('hot');
  await expect.poll(async () => (await control.requests({ path })).length).toBeGreaterThan(1);
  const refresh = (await control.requests({ path }))[1]!;
  expect(refresh.headers['if-none-match']).toBe('"e"');
  expect((await app.stats()).routes['/api/fixtures/early/*']).toMatchObject({ hits: 20, network: 1 });
});

test('a young entry is not refreshed early', async ({ app, control }) => {
  const path = '/api/fixtures/early/young';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: 'young' });
  for (let i = 0; i < 10; i += 1) await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(1);
});
