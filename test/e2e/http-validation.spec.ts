import { expect, test } from './support/fixtures.js';
import { json, storedHeaders } from './support/http-cache.js';

// RFC 9111 §4.3: a stale entry with validators is revalidated conditionally, and a 304 refreshes it
// without downloading the body again.

test('a stale entry with an ETag is revalidated with If-None-Match, and the 304 serves the stored body', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/etag';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"v1"' }, body: { version: 'stored' } });
  await app.fetch(path);
  // Same validator on the server, a different body: only a full download could show it.
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"v1"' }, body: { version: 'new' } });
  const revalidated = await app.fetch(path);
  expect(revalidated.status).toBe(200);
  expect(json(revalidated)).toEqual({ version: 'stored' });
  const requests = await control.requests({ path });
  expect(requests).toHaveLength(2);
  expect(requests[0]!.headers['if-none-match']).toBeUndefined();
  expect(requests[1]!.headers['if-none-match']).toBe('"v1"');
  expect(requests[1]!.status).toBe(304);
});

test('a stale entry with only Last-Modified is revalidated with If-Modified-Since', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/last-modified';
  const lastModified = new Date(Date.now() - 60_000).toUTCString();
  await control.fixture({ path, headers: { 'Cache-Control': 'no-cache', 'Last-Modified': lastModified }, body: 'stored' });
  await app.fetch(path);
  expect((await app.fetch(path)).body).toBe('stored');
  const requests = await control.requests({ path });
  expect(requests[1]!.headers['if-modified-since']).toBe(lastModified);
  expect(requests[1]!.status).toBe(304);
});

test('a 304 updates the stored headers and freshness: the entry is fresh again', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/refreshed';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"same"', 'X-Note': 'first' }, body: 'body' });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600', ETag: '"same"', 'X-Note': 'second' }, body: 'body' });
  const revalidated = await app.fetch(path);
  expect(revalidated.headers['x-note']).toBe('second');
  expect(revalidated.headers['content-type']).toContain('text/plain');
  const again = await app.fetch(path);
  expect(again.body).toBe('body');
  expect(again.headers['x-note']).toBe('second');
  expect(await control.requests({ path })).toHaveLength(2);
  expect((await storedHeaders(app, 'http-cache-first', path))?.['x-note']).toBe('second');
});

test('a changed resource answers the conditional request with 200, which replaces the entry', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/changed';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: { version: '{{version}}' } });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: { version: '{{version}}' } });
  expect(json(await app.fetch(path))).toEqual({ version: '2' });
  const requests = await control.requests({ path });
  expect(requests[1]!.headers['if-none-match']).toBe('"1"');
  expect(requests[1]!.status).toBe(200);
  expect((await storedHeaders(app, 'http-cache-first', path))?.['etag']).toBe('"2"');
});

test('stale-while-revalidate revalidates in the background with If-None-Match', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/etag';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"a"' }, body: 'stored' });
  await app.fetch(path);
  expect((await app.fetch(path)).body).toBe('stored');
  await expect.poll(async () => (await control.requests({ path })).length).toBe(2);
  const requests = await control.requests({ path });
  expect(requests[1]!.headers['if-none-match']).toBe('"a"');
  await expect.poll(async () => (await control.requests({ path }))[1]!.status).toBe(304);
});

test('network-first asks the network conditionally when it holds validators', async ({ app, control }) => {
  const path = '/api/fixtures/http-network-first/etag';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600', ETag: '"n"' }, body: 'stored' });
  await app.fetch(path);
  // The page has its answer before the worker has stored it; the validators exist only once it has.
  await expect.poll(async () => (await storedHeaders(app, 'http-network-first', path))?.['etag']).toBe('"n"');
  const second = await app.fetch(path);
  expect(second.status).toBe(200);
  expect(second.body).toBe('stored');
  const requests = await control.requests({ path });
  expect(requests).toHaveLength(2);
  expect(requests[1]!.headers['if-none-match']).toBe('"n"');
  expect(requests[1]!.status).toBe(304);
});

test('a conditional request the page makes itself reaches the server untouched', async ({ app, control }) => {
  const path = '/api/fixtures/http-network-first/page-conditional';
  await control.fixture({ path, headers: { ETag: '"p"' }, body: 'x' });
  await app.fetch(path);
  const response = await app.fetch(path, { headers: { 'If-None-Match': '"p"' } });
  expect(response.status).toBe(304);
  expect((await control.requests({ path }))[1]!.headers['if-none-match']).toBe('"p"');
});

test('a 304 whose ETag names another representation does not update the entry: the body is fetched again', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/mismatched-304';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"v1"' }, body: { version: 'stored' } });
  await app.fetch(path);
  await expect.poll(async () => (await storedHeaders(app, 'http-cache-first', path))?.['etag']).toBe('"v1"');
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"v2"' }, body: { version: 'new' } });
  // A confused server (or proxy) answers the conditional request with a 304 for another tag.
  await control.fault({ path, mode: 'status', status: 304, headers: { ETag: '"v3"' }, count: 1 });
  const served = await app.fetch(path);
  expect(served.status).toBe(200);
  expect(json(served)).toEqual({ version: 'new' });
  const requests = await control.requests({ path });
  expect(requests.map((request) => [request.status, request.headers['if-none-match']])).toEqual([
    [200, undefined],
    [304, '"v1"'],
    [200, undefined],
  ]);
  await expect.poll(async () => (await storedHeaders(app, 'http-cache-first', path))?.['etag']).toBe('"v2"');
});

test('a 304 adds the header fields only it carries to the stored response (RFC 9111 §4.3.4)', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/added-by-304';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"same"' }, body: 'body' });
  await app.fetch(path);
  await expect.poll(async () => (await storedHeaders(app, 'http-cache-first', path))?.['etag']).toBe('"same"');
  expect((await storedHeaders(app, 'http-cache-first', path))?.['x-only-in-304']).toBeUndefined();
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600', ETag: '"same"', 'X-Only-In-304': 'added' }, body: 'body' });
  const revalidated = await app.fetch(path);
  expect((await control.requests({ path })).map((request) => request.status)).toEqual([200, 304]);
  expect(revalidated.headers['x-only-in-304']).toBe('added');
  await expect.poll(async () => (await storedHeaders(app, 'http-cache-first', path))?.['x-only-in-304']).toBe('added');
  expect((await app.fetch(path)).headers['x-only-in-304']).toBe('added');
});

test("a page's cache: 'no-cache' revalidates with the Cache-Control: max-age=0 the browser's cache would send", async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/no-cache-mode';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600, immutable', ETag: '"v1"' }, body: 'stored' });
  await app.fetch(path);
  await expect.poll(async () => (await storedHeaders(app, 'http-cache-first', path))?.etag).toBe('"v1"');
  const body = await app.page.evaluate(async (path) => (await fetch(path, { cache: 'no-cache' })).text(), path);
  expect(body).toBe('stored');
  const requests = await control.requests({ path });
  expect(requests).toHaveLength(2);
  expect([requests[1]!.headers['cache-control'], requests[1]!.headers['if-none-match'], requests[1]!.status]).toEqual(['max-age=0', '"v1"', 304]);
});
