import { expect, test } from './support/fixtures.js';
import { json, storedHeaders } from './support/http-cache.js';
import type { DemoPage } from './support/demo-page.js';
import { recordInvalidated } from './support/invalidation-feed.js';

// Issue 11: tags from a route's parameters, from a function and from the server's Cache-Groups;
// invalidating a type hits every tag of that type; write routes and Cache-Group-Invalidation.
const cacheable = { 'Cache-Control': 'max-age=3600' };
const tagged = (strategy: string, kind: string, id: string): string => `/api/fixtures/tagged-${strategy}/${kind}/${id}`;

function invalidate(app: DemoPage, target: Parameters<Window['stowage']['invalidate']>[0], mode?: 'stale' | 'expire' | 'purge'): Promise<{ matched: number }> {
  return app.page.evaluate(({ target, mode }) => window.stowage.invalidate(target, mode ? { mode } : {}), { target, mode });
}

async function cacheTwo(app: DemoPage, control: import('./support/control.js').Control, paths: string[]): Promise<void> {
  for (const path of paths) {
    await control.fixture({ path, headers: cacheable, body: { path, version: '{{version}}' } });
    await app.fetch(path);
  }
  // Cache-first stores after answering: wait until every entry is there.
  await expect.poll(() => app.cachedUrls('stowage')).toEqual(expect.arrayContaining(paths.map((path) => path.split('?')[0])));
}

test('a tag template filled from the route parameters invalidates exactly the entry that carries it', async ({ app, control }) => {
  const one = tagged('cache-first', 'item', '1');
  const two = tagged('cache-first', 'item', '2');
  await cacheTwo(app, control, [one, two]);
  expect(await invalidate(app, { tags: ['item:1'] })).toEqual({ matched: 1 });
  await app.fetch(one);
  await app.fetch(two);
  expect(await control.requests({ path: one })).toHaveLength(2);
  expect(await control.requests({ path: two })).toHaveLength(1);
});

test('invalidating a tag type (the part before the colon) hits every tag of that type, and nothing else', async ({ app, control }) => {
  const paths = [tagged('cache-first', 'item', '1'), tagged('cache-first', 'item', '2'), tagged('cache-first', 'other', '1')];
  await cacheTwo(app, control, paths);
  expect(await invalidate(app, { tags: ['item'] })).toEqual({ matched: 2 });
  for (const path of paths) await app.fetch(path);
  expect(await Promise.all(paths.map(async (path) => (await control.requests({ path })).length))).toEqual([2, 2, 1]);
});

test('a tags function names the tags from the request', async ({ app, control }) => {
  const path = '/api/fixtures/tagged-by-function/a?tag=colour:red&tag=size';
  const other = '/api/fixtures/tagged-by-function/b?tag=colour:blue';
  await cacheTwo(app, control, [path, other]);
  expect(await invalidate(app, { tags: ['colour:red'] })).toEqual({ matched: 1 });
  expect(await invalidate(app, { tags: ['size'] })).toEqual({ matched: 1 });
  expect(await invalidate(app, { tags: ['colour'] })).toEqual({ matched: 2 });
});

test("the server's Cache-Groups tag the entry, and the header is kept with it", async ({ app, control }) => {
  const path = '/api/fixtures/cache-first/grouped';
  await control.fixture({ path, headers: { ...cacheable, 'Cache-Groups': '"shelf:7", "library";x=1, token-ignored' }, body: { version: '{{version}}' } });
  expect((await app.fetch(path)).headers['cache-groups']).toBe('"shelf:7", "library";x=1, token-ignored');
  expect(json(await app.fetch(path))).toEqual({ version: '1' });
  expect(await invalidate(app, { tags: ['token-ignored'] })).toEqual({ matched: 0 });
  expect(await invalidate(app, { tags: ['shelf:7'] })).toEqual({ matched: 1 });
  await control.fixture({ path, headers: cacheable, body: { version: '{{version}}' } });
  expect(json(await app.fetch(path))).toEqual({ version: '2' });
  // The page has its answer before the worker has stored it: wait for the stored entry to be the new one.
  await expect.poll(async () => (await storedHeaders(app, 'cache-first', path))?.['x-fixture-version']).toBe('2');
  expect(await invalidate(app, { tags: ['library'] })).toEqual({ matched: 0 });
});

test("every entry carries its route's name as a tag, and urls and routes are targets too", async ({ app, control }) => {
  const one = tagged('cache-first', 'item', '1');
  const two = tagged('cache-first', 'item', '2');
  await cacheTwo(app, control, [one, two]);
  expect(await invalidate(app, { tags: ['tagged-cache-first'] })).toEqual({ matched: 2 });
  expect(await invalidate(app, { routes: ['tagged-cache-first'] })).toEqual({ matched: 2 });
  expect(await invalidate(app, { urls: [one] })).toEqual({ matched: 1 });
});

test("'*' invalidates every cached entry and never the outbox", async ({ app, control }) => {
  const paths = [tagged('cache-first', 'item', '1'), '/api/fixtures/cache-first/plain'];
  await cacheTwo(app, control, paths);
  await app.setOffline(true);
  expect((await app.fetch('/api/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'queued' }) })).status).toBe(202);
  const { matched } = await invalidate(app, '*', 'purge');
  expect(matched).toBeGreaterThanOrEqual(2);
  await expect.poll(async () => (await app.cachedUrls('stowage')).filter((url) => paths.includes(url))).toEqual([]);
  expect(await app.page.evaluate(() => window.stowage.pending().then((entries) => entries.map((entry) => entry.url)))).toEqual([expect.stringContaining('/api/notes')]);
  await app.setOffline(false);
  await app.page.evaluate(() => window.stowage.flush());
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['queued']);
});

test('every tab gets the invalidated event, with what was invalidated, how, how many and by whom', async ({ app, control, context }) => {
  await cacheTwo(app, control, [tagged('cache-first', 'item', '1')]);
  const other = context.pages().length > 1 ? context.pages()[1]! : await context.newPage();
  const { DemoPage } = await import('./support/demo-page.js');
  const second = new DemoPage(other, context);
  await second.open();
  const events = await recordInvalidated(second);
  await invalidate(app, { tags: ['item:1'], urls: ['/api/fixtures/nowhere'] }, 'expire');
  await expect
    .poll(async () => (await events()).map(({ atMs, ...event }) => (void atMs, event)))
    .toEqual([{ tags: ['item:1'], urls: [`${new URL(app.page.url()).origin}/api/fixtures/nowhere`], mode: 'expire', matched: 1, source: 'page' }]);
});

test('an invalidation of a tag no entry ever carried is counted in stats()', async ({ app, control }) => {
  await cacheTwo(app, control, [tagged('cache-first', 'item', '1')]);
  await invalidate(app, { tags: ['item:1', 'item', 'itme:1'] });
  await invalidate(app, { tags: ['nothing'] });
  expect((await app.stats()).unknownTagInvalidations).toBe(2);
});

test("a write route's invalidates templates come from its parameters; the server's Cache-Group-Invalidation adds groups", async ({ app, control }) => {
  const one = tagged('cache-first', 'item', '1');
  const two = tagged('cache-first', 'item', '2');
  const three = tagged('cache-first', 'item', '3');
  await cacheTwo(app, control, [one, two, three]);
  const events = await recordInvalidated(app);
  const write = '/api/fixtures/tagged-write/item/1';
  await control.fault({ path: write, method: 'PUT', mode: 'status', status: 200, headers: { 'Cache-Group-Invalidation': '"item:2"' }, body: {} , count: 1 });
  expect((await app.fetch(write, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(200);
  for (const path of [one, two, three]) await app.fetch(path);
  expect(await Promise.all([one, two, three].map(async (path) => (await control.requests({ path, method: 'GET' })).length))).toEqual([2, 2, 1]);
  const seen = await events();
  expect(seen.find((event) => event.source === 'write')).toMatchObject({ tags: ['item:1'], mode: 'stale', matched: 1 });
  expect(seen.find((event) => event.source === 'server')).toMatchObject({ tags: ['item:2'], mode: 'expire', matched: 1 });
});
