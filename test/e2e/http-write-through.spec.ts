import { expect, test } from './support/fixtures.js';
import { json } from './support/http-cache.js';

// A write-through's confirmed representation is stored the way a read would store it (issue 9 §5):
// stamped with its stored policy, so it ages by the server's headers instead of staying fresh forever.
const path = '/api/fixtures/http-cache-first/written';
const writeThrough = { 'X-Test-Write': 'write-through', 'Content-Type': 'application/json' };

test('a write-through copy on a cache-first route goes stale when the server says, and is then revalidated', async ({ app, control }) => {
  const headers = { 'Cache-Control': 'max-age=60', ETag: '"w1"' };
  await control.fault({ path, method: 'PUT', mode: 'status', status: 200, headers: { ...headers, 'Content-Location': path }, body: { version: 'written' }, count: 1 });
  await control.fixture({ path, headers, body: { version: 'on the server' } });
  expect((await app.fetch(path, { method: 'PUT', headers: writeThrough, body: '{}' })).status).toBe(200);

  const fresh = await app.fetch(path);
  expect(json(fresh)).toEqual({ version: 'written' });
  expect(Number(fresh.headers['age'])).toBeLessThan(60);
  expect(await control.requests({ path, method: 'GET' })).toHaveLength(0);

  await app.advanceClock(61_000);
  expect(json(await app.fetch(path))).toEqual({ version: 'written' }); // a 304: the copy was the representation
  const gets = await control.requests({ path, method: 'GET' });
  expect(gets.map((request) => [request.headers['if-none-match'], request.status])).toEqual([['"w1"', 304]]);
});

test('a write-through answer the server marks no-store is not stored: the URL is marked stale instead', async ({ app, control }) => {
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: { version: '{{version}}' } });
  await app.fetch(path);
  const noStore = { 'Cache-Control': 'no-store', 'Content-Location': path };
  await control.fault({ path, method: 'PUT', mode: 'status', status: 200, headers: noStore, body: { version: 'secret' }, count: 1 });
  await app.fetch(path, { method: 'PUT', headers: writeThrough, body: '{}' });
  expect(json(await app.fetch(path))).toEqual({ version: '1' });
  expect(await control.requests({ path, method: 'GET' })).toHaveLength(2);
});
