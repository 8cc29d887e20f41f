import { expect, test } from './support/fixtures.js';
import { scanOrigin } from './support/origin-scan.js';

const MARKER = 'MARKER-outbox-2b81';

function putEncrypted(app: { fetch: (path: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; body: string }> }, id: number, title: string) {
  return app.fetch(`/api/notes/${id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'X-Test-Outbox': 'encrypted' },
    body: JSON.stringify({ title }),
  });
}

test('a queued body of an encrypted write route is stored sealed and delivered in clear', async ({ app, control }) => {
  const { notes } = await control.reset([{ title: 'shared' }]);
  const id = notes[0]!.id;
  await app.page.evaluate(() => window.stowage.setUser('alice'));
  await app.fetch(`/api/notes/${id}`);
  await app.setOffline(true);
  expect((await putEncrypted(app, id, `${MARKER} draft`)).status).toBe(202);

  // Neither the outbox record nor a reads-your-writes copy in the caches holds the plaintext.
  expect(await scanOrigin(app.page, MARKER)).toEqual([]);
  const stored = await app.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('stowage');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const entries = await new Promise<Array<{ body: ArrayBuffer; userScope: string | null }>>((resolve) => {
      const request = db.transaction('outbox').objectStore('outbox').getAll();
      request.onsuccess = () => resolve(request.result as Array<{ body: ArrayBuffer; userScope: string | null }>);
    });
    db.close();
    return entries.map((entry) => ({ bytes: entry.body.byteLength, userScope: entry.userScope }));
  });
  expect(stored).toHaveLength(1);
  expect(stored[0]!.userScope).toMatch(/^[0-9a-f]{16}$/);

  await app.setOffline(false);
  await app.page.evaluate(() => window.stowage.flush());
  await expect.poll(async () => (await control.db()).notes[0]!.title).toBe(`${MARKER} draft`);
  const [put] = await control.requests({ method: 'PUT' });
  expect(put!.headers['content-type']).toBe('application/json');
});

test('an encrypted write route refuses to queue a body when no user is set', async ({ app, control }) => {
  const { notes } = await control.reset([{ title: 'shared' }]);
  await app.setOffline(true);
  const response = await putEncrypted(app, notes[0]!.id, MARKER);
  expect(response.status).toBe(403);
  expect(JSON.parse(response.body)).toMatchObject({ error: 'no-user' });
  expect(await scanOrigin(app.page, MARKER)).toEqual([]);
});

test('after clear() shreds the key, an encrypted entry that survived can never be sent', async ({ app, control }) => {
  const { notes } = await control.reset([{ title: 'shared' }]);
  await app.page.evaluate(() => window.stowage.setUser('alice'));
  await app.setOffline(true);
  expect((await putEncrypted(app, notes[0]!.id, MARKER)).status).toBe(202);
  // Keep a copy of the sealed entry, purge, then put the copy back as if the purge had missed it.
  const copy = await app.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('stowage');
      request.onsuccess = () => resolve(request.result);
    });
    const entries = await new Promise<unknown[]>((resolve) => {
      const request = db.transaction('outbox').objectStore('outbox').getAll();
      request.onsuccess = () => resolve(request.result as unknown[]);
    });
    db.close();
    return entries[0];
  });
  await app.page.evaluate(() => window.stowage.clear({ pending: 'discard' }));
  await app.page.evaluate(async (entry) => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('stowage');
      request.onsuccess = () => resolve(request.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction('outbox', 'readwrite');
      tx.objectStore('outbox').put(entry);
      tx.oncomplete = () => resolve();
    });
    db.close();
  }, copy);
  await app.setOffline(false);
  await app.page.evaluate(() => window.stowage.flush());
  expect(await control.requests({ method: 'PUT' })).toEqual([]);
  expect((await control.db()).notes[0]!.title).toBe('shared');
});

test('a conflicted encrypted entry resolved with retry(id, { body }) keeps the new body sealed and delivers it', async ({ app, control }) => {
  const { notes } = await control.reset([{ title: 'shared' }]);
  const id = notes[0]!.id;
  await control.fault({ path: `/api/notes/${id}`, method: 'PUT', mode: 'status', status: 409, count: 1 });
  await app.page.evaluate(() => window.stowage.setUser('alice'));
  expect((await putEncrypted(app, id, 'first try')).status).toBe(202);
  await expect.poll(async () => (await app.page.evaluate(() => window.stowage.pending()))[0]?.status).toBe('conflict');
  const [conflicted] = await app.page.evaluate(() => window.stowage.pending());

  // Offline, so the new body stays queued long enough to look at it at rest.
  await app.setOffline(true);
  await app.page.evaluate(({ entryId, title }) => window.stowage.retry(entryId, { body: JSON.stringify({ title }) }), { entryId: conflicted!.id, title: `${MARKER} resolved` });
  expect(await scanOrigin(app.page, MARKER)).toEqual([]);

  await app.setOffline(false);
  await expect.poll(async () => (await control.db()).notes[0]!.title).toBe(`${MARKER} resolved`);
  expect((await control.requests({ method: 'PUT' })).map((put) => put.status)).toEqual([409, 200]);
});
