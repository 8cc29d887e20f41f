import { expect, test } from './support/fixtures.js';
import type { Control } from './support/control.js';

// RFC 9111 §4.1: the variants of one URL (Vary) are kept side by side, each served to its own request.
const asJson = { Accept: 'application/json' };
const asCsv = { Accept: 'text/csv' };

function varyOnAccept(control: Control, path: string, cacheControl = 'max-age=3600') {
  return control.fixture({
    path,
    headers: { 'Cache-Control': cacheControl, Vary: 'Accept', ETag: '"{{version}}"' },
    body: 'default',
    varyBodies: { accept: { 'application/json': '{"as":"json"}', 'text/csv': 'as,csv' } },
  });
}

test('two variants of one URL are kept together and each is served to its own request, online and offline', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/vary-accept';
  await varyOnAccept(control, path);
  expect((await app.fetch(path, { headers: asJson })).body).toBe('{"as":"json"}');
  expect((await app.fetch(path, { headers: asCsv })).body).toBe('as,csv');
  // Chromium's Cache Storage alone keeps one variant per URL: the CSV would have replaced the JSON.
  expect((await app.fetch(path, { headers: asJson })).body).toBe('{"as":"json"}');
  expect((await app.fetch(path, { headers: asCsv })).body).toBe('as,csv');
  expect((await control.requests({ path })).map((request) => request.headers['accept'])).toEqual(['application/json', 'text/csv']);

  await app.setOffline(true);
  expect((await app.fetch(path, { headers: asCsv })).body).toBe('as,csv');
  expect((await app.fetch(path, { headers: asJson })).body).toBe('{"as":"json"}');
  expect((await app.stats()).routes['/api/fixtures/http-cache-first/*']).toMatchObject({ hits: 4, network: 2, misses: 2 });
});

test('a variant no request has selected yet is a miss, not another variant', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/vary-miss';
  await varyOnAccept(control, path);
  await app.fetch(path, { headers: asJson });
  await app.setOffline(true);
  const miss = await app.fetch(path, { headers: asCsv });
  expect(miss.status).toBe(504);
});

test('a response varying on two fields (listed with a space after the comma) is matched on both', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/vary-two';
  await control.fixture({
    path,
    headers: { 'Cache-Control': 'max-age=3600', Vary: 'Accept, X-Lang' },
    body: 'default',
    varyBodies: { 'x-lang': { en: 'hello', fr: 'bonjour' } },
  });
  const english = { ...asJson, 'X-Lang': 'en' };
  const french = { ...asJson, 'X-Lang': 'fr' };
  for (const headers of [english, french, english, french]) await app.fetch(path, { headers });
  expect((await app.fetch(path, { headers: french })).body).toBe('bonjour');
  expect((await app.fetch(path, { headers: english })).body).toBe('hello');
  expect(await control.requests({ path })).toHaveLength(2);
});

test('each variant is revalidated on its own: conditionally when stale, and by refresh()', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/vary-stale';
  await varyOnAccept(control, path, 'max-age=0');
  await app.fetch(path, { headers: asJson });
  await app.fetch(path, { headers: asCsv });
  await expect.poll(async () => (await app.cachedUrls('http-cache-first')).length).toBe(3); // the index and two variants
  expect((await app.fetch(path, { headers: asCsv })).body).toBe('as,csv');
  const report = await app.page.evaluate(() => window.stowage.refresh({ routes: ['/api/fixtures/http-cache-first/*'] }));
  expect(report).toMatchObject({ checked: 2, unchanged: 2, failed: 0 });
  const requests = (await control.requests({ path })).map((request) => [request.headers['accept'], request.headers['if-none-match'], request.status]);
  expect(requests[2]).toEqual(['text/csv', '"1"', 304]);
  // refresh() revalidates both variants (in parallel), each with its own Accept.
  expect(requests.slice(3).sort()).toEqual([
    ['application/json', '"1"', 304],
    ['text/csv', '"1"', 304],
  ]);
});

test('a write to the URL makes every variant stale', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/vary-written';
  await varyOnAccept(control, path);
  await app.fetch(path, { headers: asJson });
  await app.fetch(path, { headers: asCsv });
  await control.fault({ path, method: 'PUT', mode: 'status', status: 204, count: 1 });
  expect((await app.fetch(path, { method: 'PUT', headers: { 'X-Test-Write': 'write-around' }, body: 'x' })).status).toBe(204);
  await app.fetch(path, { headers: asJson });
  await app.fetch(path, { headers: asCsv });
  const gets = (await control.requests({ path, method: 'GET' })).map((request) => [request.headers['accept'], request.headers['if-none-match']]);
  expect(gets).toEqual([
    ['application/json', undefined],
    ['text/csv', undefined],
    ['application/json', '"1"'],
    ['text/csv', '"1"'],
  ]);
});

test('LRU eviction counts each variant as an entry and evicts the least recently used one', async ({ app, control }) => {
  const varied = '/api/fixtures/lru/varied';
  await varyOnAccept(control, varied);
  for (const name of ['b', 'c']) await control.fixture({ path: `/api/fixtures/lru/${name}`, headers: { 'Cache-Control': 'max-age=3600' }, body: name });
  await app.fetch(varied, { headers: asJson });
  await app.fetch(varied, { headers: asCsv });
  await app.fetch('/api/fixtures/lru/b');
  await app.fetch(varied, { headers: asCsv });
  await app.fetch('/api/fixtures/lru/c'); // the fourth entry: the JSON variant was used least recently
  // The index and three entries remain once the eviction (after the response) is done.
  await expect.poll(() => app.cachedUrls('lru')).toEqual(['/api/fixtures/lru/b', '/api/fixtures/lru/c', varied, varied]);
  await app.setOffline(true);
  expect((await app.fetch(varied, { headers: asCsv })).body).toBe('as,csv');
  expect((await app.fetch(varied, { headers: asJson })).status).toBe(504);
});
