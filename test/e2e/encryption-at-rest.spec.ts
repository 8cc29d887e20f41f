import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';

const cacheable = { 'Cache-Control': 'max-age=3600', ETag: '"content-hash-1"' };

/** The raw stored entry of a URL in the caches whose names contain `fragment`, as Cache Storage holds it. */
function storedEntry(page: Page, fragment: string, path: string): Promise<{ cache: string; headers: Record<string, string>; body: string } | null> {
  return page.evaluate(
    async ({ fragment, path }) => {
      for (const name of await caches.keys()) {
        if (!name.includes(fragment)) continue;
        const response = await (await caches.open(name)).match(path);
        if (response) return { cache: name, headers: Object.fromEntries(response.headers), body: new TextDecoder().decode(await response.arrayBuffer()) };
      }
      return null;
    },
    { fragment, path },
  );
}

/** Copies the stored entry of `from` (in the cache named `fromCache`) over the entry of `to` in `toCache`. */
function moveCiphertext(page: Page, move: { fromCache: string; from: string; toCache: string; to: string }): Promise<void> {
  return page.evaluate(async ({ fromCache, from, toCache, to }) => {
    const stored = await (await caches.open(fromCache)).match(from);
    if (!stored) throw new Error(`nothing stored for ${from}`);
    await (await caches.open(toCache)).put(to, stored);
  }, move);
}

async function setUser(page: Page, user: string | null): Promise<void> {
  await page.evaluate((user) => window.stowage.setUser(user), user);
}

test('the stored entry of an encrypted route holds neither the plaintext nor revealing headers', async ({ app, control }) => {
  const path = '/api/fixtures/encrypted/doc';
  await control.fixture({ path, headers: cacheable, body: { secret: 'PLAINTEXT-4411' } });
  await setUser(app.page, 'alice');
  expect((await app.fetch(path)).body).toContain('PLAINTEXT-4411');
  await expect.poll(() => storedEntry(app.page, 'encrypted', path)).not.toBeNull();

  const stored = (await storedEntry(app.page, 'encrypted', path))!;
  expect(stored.body).not.toContain('PLAINTEXT-4411');
  expect(stored.headers['content-type']).toBe('application/octet-stream');
  expect(Object.keys(stored.headers).sort()).toEqual(['content-type', 'x-stowage-sealed']);

  // Served decrypted from the cache, with its real headers back.
  const hit = await app.fetch(path);
  expect(hit.body).toContain('PLAINTEXT-4411');
  expect(hit.headers['etag']).toBe('"content-hash-1"');
  expect(await control.requests({ path })).toHaveLength(1);
});

test('a ciphertext moved to another URL is rejected as a miss, not served', async ({ app, control }) => {
  for (const name of ['a', 'b']) {
    await control.fixture({ path: `/api/fixtures/encrypted/${name}`, headers: cacheable, body: { doc: `DOC-${name.toUpperCase()}` } });
  }
  await setUser(app.page, 'alice');
  await app.fetch('/api/fixtures/encrypted/a');
  await app.fetch('/api/fixtures/encrypted/b');
  await expect.poll(() => storedEntry(app.page, 'encrypted', '/api/fixtures/encrypted/b')).not.toBeNull();
  const cache = (await storedEntry(app.page, 'encrypted', '/api/fixtures/encrypted/a'))!.cache;
  await moveCiphertext(app.page, { fromCache: cache, from: '/api/fixtures/encrypted/a', toCache: cache, to: '/api/fixtures/encrypted/b' });

  await app.setOffline(true);
  const offline = await app.fetch('/api/fixtures/encrypted/b');
  expect(offline.status).toBe(504);
  expect(offline.body).not.toContain('DOC-A');
  await app.setOffline(false);
  const online = await app.fetch('/api/fixtures/encrypted/b');
  expect(online.body).toContain('DOC-B');
  expect(await control.requests({ path: '/api/fixtures/encrypted/b' })).toHaveLength(2);
});

test('a ciphertext moved to another user\'s partition is rejected as a miss', async ({ app, control }) => {
  const path = '/api/fixtures/encrypted/profile';
  await control.fixture({ path, headers: cacheable, body: { owner: 'ALICE-ONLY' } });
  await setUser(app.page, 'alice');
  await app.fetch(path);
  await expect.poll(() => storedEntry(app.page, 'encrypted', path)).not.toBeNull();
  const aliceCache = (await storedEntry(app.page, 'encrypted', path))!.cache;

  await setUser(app.page, 'bob');
  await control.fixture({ path, headers: cacheable, body: { owner: 'BOB' } });
  await app.fetch(path);
  await expect.poll(async () => (await app.cachedUrls('encrypted')).length).toBe(2);
  const bobCache = (await app.page.evaluate(() => caches.keys())).find((name) => name.includes('encrypted') && name !== aliceCache)!;
  await moveCiphertext(app.page, { fromCache: aliceCache, from: path, toCache: bobCache, to: path });

  await app.setOffline(true);
  const response = await app.fetch(path);
  expect(response.status).toBe(504);
  expect(response.body).not.toContain('ALICE-ONLY');
});

test('a tampered ciphertext is rejected as a miss, and the worker logs decrypt-failed', async ({ app, control, context }) => {
  const warnings: string[] = [];
  context.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  const path = '/api/fixtures/encrypted/tampered';
  await control.fixture({ path, headers: cacheable, body: { doc: 'ORIGINAL' } });
  await setUser(app.page, 'alice');
  await app.fetch(path);
  await expect.poll(() => storedEntry(app.page, 'encrypted', path)).not.toBeNull();
  await app.page.evaluate(async (path) => {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      const stored = await cache.match(path);
      if (!stored) continue;
      const bytes = new Uint8Array(await stored.arrayBuffer());
      bytes[bytes.length - 1]! ^= 1;
      await cache.put(path, new Response(bytes, { headers: stored.headers }));
    }
  }, path);
  await app.setOffline(true);
  const response = await app.fetch(path);
  expect(response.status).toBe(504);
  expect(response.body).not.toContain('ORIGINAL');
  await expect.poll(() => warnings.join('\n')).toContain('decrypt');
});

test('the stored key is not extractable and cannot be exported', async ({ app, control }) => {
  const path = '/api/fixtures/encrypted/key';
  await control.fixture({ path, headers: cacheable, body: { doc: 1 } });
  await setUser(app.page, 'alice');
  await app.fetch(path);
  await expect.poll(() => storedEntry(app.page, 'encrypted', path)).not.toBeNull();
  const result = await app.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('stowage');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const records = await new Promise<Array<{ key: CryptoKey }>>((resolve, reject) => {
      const request = db.transaction('userKeys').objectStore('userKeys').getAll();
      request.onsuccess = () => resolve(request.result as Array<{ key: CryptoKey }>);
      request.onerror = () => reject(request.error);
    });
    db.close();
    const exports = await Promise.all(
      records.flatMap(({ key }) => (['raw', 'jwk'] as const).map((format) => crypto.subtle.exportKey(format, key).then(() => 'exported', (error: Error) => error.name))),
    );
    return { count: records.length, extractable: records.map(({ key }) => key.extractable), algorithm: records.map(({ key }) => key.algorithm), exports };
  });
  expect(result.count).toBe(1);
  expect(result.extractable).toEqual([false]);
  expect(result.algorithm).toEqual([{ name: 'AES-GCM', length: 256 }]);
  expect(result.exports).toEqual(['InvalidAccessError', 'InvalidAccessError']);
});

test('the demo\'s /api/me is stored encrypted in the user\'s partition', async ({ app, control }) => {
  await control.setUser('alice', { secret: 'ME-SECRET-9' });
  await app.page.evaluate(async () => {
    await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'alice' }) });
    await window.stowage.setUser('alice');
  });
  expect((await app.fetch('/api/me')).body).toContain('ME-SECRET-9');
  await expect.poll(() => storedEntry(app.page, ':me:u:', '/api/me')).not.toBeNull();
  const stored = (await storedEntry(app.page, ':me:u:', '/api/me'))!;
  expect(stored.body).not.toContain('ME-SECRET-9');
  expect(stored.cache).not.toContain('alice');
  await app.setOffline(true);
  expect((await app.fetch('/api/me')).body).toContain('ME-SECRET-9');
});
