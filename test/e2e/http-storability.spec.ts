import { expect, test } from './support/fixtures.js';

// RFC 9111 §3 and §4.1: what may be written to Cache Storage, and Vary on lookup.
const route = '/api/fixtures/http-cache-first';

test('a no-store response is never written to the cache', async ({ app, control }) => {
  const path = `${route}/no-store`;
  await control.fixture({ path, headers: { 'Cache-Control': 'no-store, max-age=3600' }, body: 'secret' });
  await app.fetch(path);
  await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(2);
  expect(await app.cachedUrls('http-cache-first')).not.toContain(path);
});

test('a request with Cache-Control: no-store is answered but not stored', async ({ app, control }) => {
  const path = `${route}/request-no-store`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: 'x' });
  expect((await app.fetch(path, { headers: { 'Cache-Control': 'no-store' } })).body).toBe('x');
  expect(await app.cachedUrls('http-cache-first')).not.toContain(path);
});

test('private responses and answers to requests with Authorization are not stored in a shared route', async ({ app, control }) => {
  const privatePath = `${route}/private`;
  const authorized = `${route}/authorized`;
  await control.fixture({ path: privatePath, headers: { 'Cache-Control': 'private, max-age=3600' }, body: 'mine' });
  await control.fixture({ path: authorized, headers: { 'Cache-Control': 'max-age=3600' }, body: 'yours' });
  await app.fetch(privatePath);
  await app.fetch(authorized, { headers: { Authorization: 'Bearer token' } });
  await app.fetch(authorized, { headers: { Authorization: 'Bearer token' } });
  expect(await app.cachedUrls('http-cache-first')).toEqual([]);
  expect(await control.requests({ path: authorized })).toHaveLength(2);
});

test('Vary: * is never stored', async ({ app, control }) => {
  const path = `${route}/vary-star`;
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600', Vary: '*' }, body: 'x' });
  await app.fetch(path);
  await app.fetch(path);
  expect(await control.requests({ path })).toHaveLength(2);
  expect(await app.cachedUrls('http-cache-first')).toEqual([]);
});
