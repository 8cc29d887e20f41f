import { expect, test } from './support/fixtures.js';

// RFC 9111 §5.2.2.2 and §5.2.2.4: must-revalidate forbids stale serving even offline; no-cache only
// forces validation while the network answers (Stowage's choice: an offline strategy may fall back).

test('must-revalidate: a stale entry is not served offline; the page gets a 504 naming why', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/must-revalidate';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, must-revalidate', ETag: '"m"' }, body: 'stale' });
  await app.fetch(path);
  await app.setOffline(true);
  const offline = await app.fetch(path);
  expect(offline.status).toBe(504);
  expect(offline.headers['x-stowage-error']).toBe('must-revalidate');
  expect(JSON.parse(offline.body)).toMatchObject({ error: 'must-revalidate' });
});

test('must-revalidate holds for network-first and stale-while-revalidate fallbacks too', async ({ app, control }) => {
  const networkFirst = '/api/fixtures/http-network-first/must-revalidate';
  const swr = '/api/fixtures/http-swr/must-revalidate';
  for (const path of [networkFirst, swr]) {
    await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0, must-revalidate' }, body: 'stale' });
    await app.fetch(path);
  }
  await control.fault({ mode: 'refuse' });
  for (const path of [networkFirst, swr]) {
    const response = await app.fetch(path);
    expect(response.status).toBe(504);
    expect(response.headers['x-stowage-error']).toBe('must-revalidate');
  }
});

test('must-revalidate does not stop a fresh entry from being served', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/must-revalidate-fresh';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600, must-revalidate' }, body: 'fresh' });
  await app.fetch(path);
  await app.setOffline(true);
  expect((await app.fetch(path)).body).toBe('fresh');
});

test('no-cache: revalidated before every use while online, served from the cache offline', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/no-cache';
  await control.fixture({ path, headers: { 'Cache-Control': 'no-cache', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'no-cache', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  // Even stale-while-revalidate must not serve it before validating.
  expect((await app.fetch(path)).body).toBe('v2');
  const requests = await control.requests({ path });
  expect(requests).toHaveLength(2);
  expect(requests[1]!.headers['if-none-match']).toBe('"1"');

  await app.setOffline(true);
  const offline = await app.fetch(path);
  expect(offline.status).toBe(200);
  expect(offline.body).toBe('v2');
});
