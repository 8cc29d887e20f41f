import { expect, test } from './support/fixtures.js';

const notes = ['one', 'two', 'three', 'four', 'five'].map((title) => ({ title, body: `${title} body` }));

test('refresh() after the server changed two of five notes reports 2 changed and 3 unchanged, using conditional requests', async ({
  app,
  control,
  server,
}) => {
  const { notes: seeded } = await control.reset(notes);
  const paths = seeded.map((note) => `/api/notes/${note.id}`);
  for (const path of paths) await app.fetch(path);
  await expect.poll(async () => (await app.cachedUrls(':note')).filter((url) => /^\/api\/notes\/\d+$/.test(url)).length).toBe(5);

  for (const note of seeded.slice(0, 2)) {
    const response = await fetch(`${server.url}/api/notes/${note.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: `${note.title} (edited)`, body: note.body }),
    });
    expect(response.status).toBe(200);
  }
  await control.clearRequests();
  await app.page.evaluate(() => {
    const updated: string[] = [];
    const progress: number[] = [];
    Object.assign(window, { updated, progress });
    window.stowage.on('updated', ({ url }) => updated.push(new URL(url).pathname));
    window.stowage.on('refresh-progress', ({ done }) => progress.push(done));
  });

  const report = await app.page.evaluate(() => window.stowage.refresh({ routes: ['note'] }));
  expect(report).toMatchObject({ checked: 5, changed: 2, unchanged: 3, failed: 0 });
  const changed = report.entries.filter((entry) => entry.outcome === 'changed').map((entry) => new URL(entry.url).pathname);
  expect(changed.sort()).toEqual(paths.slice(0, 2).sort());

  const seen = await control.requests({ prefix: '/api/notes/' });
  expect(seen).toHaveLength(5);
  for (const request of seen) {
    expect(request.method).toBe('GET');
    expect(request.headers['if-none-match']).toMatch(/^(W\/)?"/);
  }
  expect(seen.filter((request) => request.status === 304)).toHaveLength(3);
  await expect.poll(() => app.page.evaluate(() => (window as unknown as { updated: string[] }).updated.sort())).toEqual(paths.slice(0, 2).sort());
  await expect.poll(() => app.page.evaluate(() => (window as unknown as { progress: number[] }).progress.length)).toBe(5);

  // The refreshed entries are what the cache now serves, also offline.
  await app.setOffline(true);
  expect(JSON.parse((await app.fetch(paths[0]!)).body).title).toBe('one (edited)');
  expect(JSON.parse((await app.fetch(paths[2]!)).body).title).toBe('three');
});

test('refresh() offline reports every entry failed with reason offline instead of throwing', async ({ app, control }) => {
  const { notes: seeded } = await control.reset(notes.slice(0, 3));
  for (const note of seeded) await app.fetch(`/api/notes/${note.id}`);
  await expect.poll(async () => (await app.cachedUrls(':note')).filter((url) => /^\/api\/notes\/\d+$/.test(url)).length).toBe(3);
  await app.setOffline(true);
  const report = await app.page.evaluate(() => window.stowage.refresh({ routes: ['note'] }));
  expect(report).toMatchObject({ checked: 3, changed: 0, unchanged: 0, failed: 3 });
  expect(report.entries.map((entry) => entry.reason)).toEqual(['offline', 'offline', 'offline']);
});

test('refresh() with no target takes the refreshable routes, and a private route only in the current user\'s partition', async ({
  app,
  control,
}) => {
  const cacheable = { 'Cache-Control': 'max-age=3600', ETag: '"v1"' };
  const privatePath = '/api/fixtures/private/profile';
  await control.fixture({ path: '/api/fixtures/cache-first/static', headers: cacheable, body: 'static' });
  await control.fixture({ path: privatePath, headers: cacheable, body: 'alice profile' });
  await app.fetch('/api/fixtures/cache-first/static');
  await app.fetch('/api/notes');
  await app.page.evaluate(() => window.stowage.setUser('alice'));
  await app.fetch(privatePath);
  await expect.poll(() => app.cachedUrls(':u:')).toContain(privatePath);

  const all = await app.page.evaluate(() => window.stowage.refresh());
  const urls = all.entries.map((entry) => new URL(entry.url).pathname);
  expect(urls).toContain('/api/notes'); // network-first: refreshable by default
  expect(urls).not.toContain('/api/fixtures/cache-first/static'); // cache-first: not by default
  expect(urls).not.toContain(privatePath);

  const route = '/api/fixtures/private/*';
  await app.page.evaluate(() => window.stowage.setUser('bob'));
  expect(await app.page.evaluate((route) => window.stowage.refresh({ routes: [route] }), route)).toMatchObject({ checked: 0 });
  await app.page.evaluate(() => window.stowage.setUser('alice'));
  await control.clearRequests();
  expect(await app.page.evaluate((route) => window.stowage.refresh({ routes: [route] }), route)).toMatchObject({ checked: 1, unchanged: 1 });
  const seen = await control.requests({ path: privatePath });
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatchObject({ status: 304, headers: { 'if-none-match': '"v1"' } });
});

test('refresh() revalidates a stale cache-first entry: a 304 is unchanged, a new version changed', async ({ app, control }) => {
  const path = '/api/fixtures/http-cache-first/stale';
  const route = '/api/fixtures/http-cache-first/*';
  const spec = { path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' };
  await control.fixture(spec);
  await app.fetch(path);
  await expect.poll(() => app.cachedUrls('http-cache-first')).toContain(path);

  expect(await app.page.evaluate((route) => window.stowage.refresh({ routes: [route] }), route)).toMatchObject({ checked: 1, unchanged: 1, failed: 0 });
  expect((await control.requests({ path })).at(-1)).toMatchObject({ status: 304, headers: { 'if-none-match': '"1"' } });

  await control.fixture(spec);
  expect(await app.page.evaluate((route) => window.stowage.refresh({ routes: [route] }), route)).toMatchObject({ checked: 1, changed: 1, failed: 0 });
  await app.setOffline(true);
  expect((await app.fetch(path)).body).toBe('v2');
});

test('a changed entry of a stale-while-revalidate route is announced exactly once', async ({ app, control }) => {
  const path = '/api/fixtures/http-swr/refreshed';
  // Changed later: its announcement comes after any second announcement of the first would have.
  const later = '/api/fixtures/http-swr/refreshed-later';
  const spec = (path: string) => ({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"{{version}}"' }, body: 'v{{version}}' });
  for (const url of [path, later]) {
    await control.fixture(spec(url));
    await app.fetch(url);
    await expect.poll(() => app.cachedUrls('http-swr')).toContain(url);
  }
  await app.page.evaluate(() => {
    const updated: string[] = [];
    Object.assign(window, { updated });
    window.stowage.on('updated', ({ url }) => updated.push(new URL(url).pathname));
  });
  const updated = (): Promise<string[]> => app.page.evaluate(() => (window as unknown as { updated: string[] }).updated);
  const refresh = (url: string) => app.page.evaluate((url) => window.stowage.refresh({ urls: [url] }), url);

  await control.fixture(spec(path));
  expect(await refresh(path)).toMatchObject({ checked: 1, changed: 1 });
  await expect.poll(updated).toContain(path);
  // The worker posts its announcements to the page in order, so once the later one has arrived, a
  // second announcement of the first (live, or replayed to the listener) would have arrived before it.
  await control.fixture(spec(later));
  expect(await refresh(later)).toMatchObject({ checked: 1, changed: 1 });
  await expect.poll(updated).toContain(later);
  expect(await updated()).toEqual([path, later]);
});

test('refresh() revalidates an encrypted entry with its sealed validators, and re-seals what it stores', async ({ app, control }) => {
  const path = '/api/fixtures/encrypted/refreshed';
  const route = '/api/fixtures/encrypted/*';
  const spec = { path, headers: { 'Cache-Control': 'max-age=3600', ETag: '"{{version}}"' }, body: 'SECRET-v{{version}}' };
  await control.fixture(spec);
  await app.page.evaluate(() => window.stowage.setUser('alice'));
  await app.fetch(path);
  await expect.poll(() => app.cachedUrls(':u:')).toContain(path);

  expect(await app.page.evaluate((route) => window.stowage.refresh({ routes: [route] }), route)).toMatchObject({ checked: 1, unchanged: 1, failed: 0 });
  expect((await control.requests({ path })).at(-1)).toMatchObject({ status: 304, headers: { 'if-none-match': '"1"' } });

  await control.fixture(spec);
  expect(await app.page.evaluate((route) => window.stowage.refresh({ routes: [route] }), route)).toMatchObject({ checked: 1, changed: 1, failed: 0 });
  const stored = await app.page.evaluate(async (path) => {
    for (const name of await caches.keys()) {
      const entry = name.includes(':u:') ? await (await caches.open(name)).match(path) : undefined;
      if (entry) return new TextDecoder().decode(await entry.arrayBuffer());
    }
    return null;
  }, path);
  expect(stored).not.toBeNull();
  expect(stored).not.toContain('SECRET');
  await app.setOffline(true);
  expect((await app.fetch(path)).body).toBe('SECRET-v2');
});
