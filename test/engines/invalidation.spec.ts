import type { Control } from '../e2e/support/control.js';
import { json } from '../e2e/support/http-cache.js';
import { recordInvalidated } from '../e2e/support/invalidation-feed.js';
import { memoryFetch } from '../e2e/support/memory.js';
import type { EngineApp } from './support/engine-app.js';
import { expect, test } from './support/fixtures.js';

// Invalidation (issue 11) in every engine: the test worker's `tagged-<strategy>` routes tag each
// entry `{kind}:{id}` and `tagged`. The server goes down through the control API's `refuse` fault.
const cacheable = { 'Cache-Control': 'max-age=3600' };
const tagged = (strategy: string, id = '1', kind = 'item'): string => `/api/fixtures/tagged-${strategy}/${kind}/${id}`;
type Mode = 'stale' | 'expire' | 'purge';

function invalidate(app: EngineApp, target: Parameters<Window['stowage']['invalidate']>[0], mode?: Mode): Promise<{ matched: number }> {
  return app.page.evaluate(({ target, mode }) => window.stowage.invalidate(target, mode ? { mode } : {}), { target, mode });
}

/** Version 1 cached and fresh, version 2 on the server. */
async function cached(app: EngineApp, control: Control, path: string): Promise<void> {
  await control.fixture({ path, headers: cacheable, body: { version: '{{version}}' } });
  expect(json(await app.fetch(path))).toEqual({ version: '1' });
  // Cache-first and stale-while-revalidate store after answering: wait until the entry is there.
  await expect.poll(async () => (await app.cachedUrls('tagged')).includes(path)).toBe(true);
  await control.fixture({ path, headers: cacheable, body: { version: '{{version}}' } });
}

const requests = async (control: Control, paths: string[]): Promise<number[]> =>
  Promise.all(paths.map(async (path) => (await control.requests({ path, method: 'GET' })).length));

test('tags from the route parameters: a tag hits its entry, a tag type every entry of that type, and nothing else', async ({ app, control }) => {
  const paths = [tagged('cache-first', '1'), tagged('cache-first', '2'), tagged('cache-first', '1', 'other')];
  for (const path of paths) await cached(app, control, path);
  expect(await invalidate(app, { tags: ['item:1'] })).toEqual({ matched: 1 });
  for (const path of paths) await app.fetch(path);
  expect(await requests(control, paths)).toEqual([2, 1, 1]);
  expect(await invalidate(app, { tags: ['item'] })).toEqual({ matched: 2 });
  for (const path of paths) await app.fetch(path);
  expect(await requests(control, paths)).toEqual([3, 2, 1]);
});

test("the server's Cache-Groups tag the entry; only its quoted strings count", async ({ app, control }) => {
  const path = '/api/fixtures/cache-first/grouped';
  const groups = '"shelf:7", "library";x=1, token-ignored';
  await control.fixture({ path, headers: { ...cacheable, 'Cache-Groups': groups }, body: { version: '{{version}}' } });
  expect((await app.fetch(path)).headers['cache-groups']).toBe(groups);
  await expect.poll(() => app.cachedUrls('cache-first')).toContain(path);
  expect(await invalidate(app, { tags: ['token-ignored'] })).toEqual({ matched: 0 });
  expect(await invalidate(app, { tags: ['shelf:7'] })).toEqual({ matched: 1 });
  await control.fixture({ path, headers: cacheable, body: { version: '{{version}}' } });
  expect(json(await app.fetch(path))).toEqual({ version: '2' });
  // The new representation carries no Cache-Groups: the group went with the old one.
  expect(await invalidate(app, { tags: ['library'] })).toEqual({ matched: 0 });
});

test('stale serves at once and revalidates behind, expire waits for the server, purge deletes the bytes', async ({ app, control }) => {
  const [stale, expire, purge, kept] = [tagged('stale-while-revalidate', 's'), tagged('stale-while-revalidate', 'e'), tagged('cache-first', 'p'), tagged('cache-first', 'k')];
  for (const path of [stale, expire, purge, kept]) await cached(app, control, path);
  expect(await invalidate(app, { tags: ['item:s'] }, 'stale')).toEqual({ matched: 1 });
  expect(await invalidate(app, { tags: ['item:e'] }, 'expire')).toEqual({ matched: 1 });
  expect(await invalidate(app, { tags: ['item:p'] }, 'purge')).toEqual({ matched: 1 });

  const servedStale = await app.fetch(stale);
  expect([json(servedStale), servedStale.headers['x-stowage-stale']]).toEqual([{ version: '1' }, 'stale']);
  await expect.poll(async () => json(await app.fetch(stale))).toEqual({ version: '2' });
  const servedExpired = await app.fetch(expire);
  expect([json(servedExpired), servedExpired.headers['x-stowage-stale']]).toEqual([{ version: '2' }, undefined]);
  await expect.poll(() => app.cachedUrls('tagged-cache-first')).toEqual([kept]);
  await control.fault({ mode: 'refuse' });
  expect((await app.fetch(purge)).status).toBe(504);
  expect(json(await app.fetch(kept))).toEqual({ version: '1' });
  await control.clearFaults();
  expect(json(await app.fetch(purge))).toEqual({ version: '2' });
});

test('with the server refusing, a stale or expired entry is still served, marked with its mode', async ({ app, control }) => {
  for (const mode of ['stale', 'expire'] as const) {
    const paths = ['cache-first', 'stale-while-revalidate', 'network-first'].map((strategy) => tagged(strategy, mode));
    for (const path of paths) await cached(app, control, path);
    expect(await invalidate(app, { tags: [`item:${mode}`] }, mode)).toEqual({ matched: 3 });
    await control.fault({ mode: 'refuse' });
    for (const path of paths) {
      const served = await app.fetch(path);
      expect([served.status, json(served), served.headers['x-stowage-stale']], `${mode} ${path}`).toEqual([200, { version: '1' }, mode]);
    }
    await control.clearFaults();
  }
});

test("a write invalidates its route's templates, and the server's Cache-Group-Invalidation adds groups; the other tab hears both", async ({ app, control }) => {
  const paths = ['1', '2', '3'].map((id) => tagged('cache-first', id));
  for (const path of paths) await cached(app, control, path);
  const tab = await app.openTab();
  const events = await recordInvalidated(tab);
  const write = '/api/fixtures/tagged-write/item/1';
  await control.fault({ path: write, method: 'PUT', mode: 'status', status: 200, headers: { 'Cache-Group-Invalidation': '"item:2"' }, body: {}, count: 1 });
  expect((await app.fetch(write, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(200);
  await expect.poll(async () => (await events()).map((event) => event.source).sort()).toEqual(['server', 'write']);
  const seen = await events();
  expect(seen.find((event) => event.source === 'write')).toMatchObject({ tags: ['item:1'], mode: 'stale', matched: 1 });
  expect(seen.find((event) => event.source === 'server')).toMatchObject({ tags: ['item:2'], mode: 'expire', matched: 1 });
  for (const path of paths) await tab.fetch(path);
  expect(await requests(control, paths)).toEqual([2, 2, 1]);
});

test("an invalidation made in one tab empties the other tab's page memory, in every mode", async ({ app, control }) => {
  const tab = await app.openTab();
  for (const mode of ['stale', 'expire', 'purge'] as const) {
    const path = `/api/fixtures/memory/inv-${mode}`;
    await control.fixture({ path, headers: { 'Cache-Control': 'max-age=600', ETag: '"{{version}}"' }, body: 'v{{version}}' });
    await memoryFetch(tab.page, path);
    expect((await memoryFetch(tab.page, path)).fromMemory, mode).toBe(true);
    await control.fixture({ path, headers: { 'Cache-Control': 'max-age=600', ETag: '"{{version}}"' }, body: 'v{{version}}' });
    expect(await invalidate(app, { tags: [`item:inv-${mode}`] }, mode)).toEqual({ matched: 1 });
    expect(await memoryFetch(tab.page, path), mode).toMatchObject({ fromMemory: false, body: 'v2' });
  }
});

test('versioned routes: a raised version refetches online, keeps one version behind as a fallback, deletes two behind', async ({ app, control }) => {
  const [online, fallback] = ['/api/fixtures/versioned/online', '/api/fixtures/versioned/fallback'];
  for (const path of [online, fallback]) {
    await control.fixture({ path, headers: cacheable, body: { version: '{{version}}' } });
    expect(json(await app.fetch(path))).toEqual({ version: '1' });
    await control.fixture({ path, headers: cacheable, body: { version: '{{version}}' } });
  }
  await expect.poll(() => app.cachedUrls('versioned')).toEqual([online, fallback].sort());
  const events = await recordInvalidated(app);
  await deploy(app, 2);
  // The worker announces the version after recording it: a deploy before then would end its activation.
  await expect.poll(async () => (await events()).filter((event) => event.source === 'version').length).toBe(2);
  // Never fresh again: the online read asks the server, and stores the answer under version 2.
  expect(json(await app.fetch(online))).toEqual({ version: '2' });
  await control.fault({ mode: 'refuse' });
  const old = await app.fetch(fallback);
  expect([json(old), old.headers['x-stowage-stale']]).toEqual([{ version: '1' }, 'expire']);
  await control.clearFaults();
  await deploy(app, 3);
  // The new worker retires old entries during its activation, which may end after it took control:
  // the version-1 entry is two behind now, the version-2 one only one.
  await expect.poll(() => app.cachedUrls('versioned'), { timeout: 15_000 }).toEqual([online]);
});

/** Registers `/sw.js?version=N` (the test worker reads its routes' version from its URL) and waits for it to take control. */
async function deploy(app: EngineApp, version: number): Promise<void> {
  await app.page.evaluate(async (version) => {
    const registration = await navigator.serviceWorker.register(`/sw.js?version=${version}`, { updateViaCache: 'none' });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no controllerchange')), 10_000);
      navigator.serviceWorker.addEventListener('controllerchange', () => (clearTimeout(timer), resolve()), { once: true });
      void registration.update();
    });
  }, version);
}
