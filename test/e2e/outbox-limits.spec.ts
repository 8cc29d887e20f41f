import { expect, test } from './support/fixtures.js';
import { events, mutate, pending, recordEvents, waitForEmptyOutbox } from './support/outbox.js';

test('a body over the limit is refused with 413 body-too-large and queues nothing; what was queued is untouched', async ({ app, control }) => {
  await app.setOffline(true);
  await mutate(app.page, [{ body: { title: 'small' } }]);
  const tooLarge = await app.page.evaluate(async () => {
    const body = JSON.stringify({ title: 'x'.repeat(10 * 1024 * 1024) });
    const response = await fetch('/api/notes', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Test-Outbox': 'write-behind' }, body });
    return { status: response.status, body: await response.json() as { error: string } };
  });
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.body.error).toBe('body-too-large');
  expect((await pending(app.page)).map((entry) => entry.status)).toEqual(['queued']);

  await app.setOffline(false);
  await waitForEmptyOutbox(app.page);
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['small']);
});

test('a corrupt outbox record is quarantined as failed with corrupt-entry, and the rest is still delivered', async ({ app, control }) => {
  await recordEvents(app.page, ['failed']);
  await app.setOffline(true);
  await mutate(app.page, [{ body: { title: 'before' } }, { body: { title: 'after' } }]);
  // A record with wrong field types, written behind Stowage's back.
  await app.page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('stowage');
        open.onsuccess = () => {
          const tx = open.result.transaction('outbox', 'readwrite');
          tx.objectStore('outbox').put({ id: 'broken', method: 42, url: 'not a url', status: 'queued', sequence: 1.5, body: 'text' });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await app.setOffline(false);
  await expect.poll(async () => (await control.db()).notes.map((note) => note.title)).toEqual(['before', 'after']);
  const [quarantined, ...rest] = await pending(app.page);
  expect(rest).toEqual([]);
  expect(quarantined).toMatchObject({ id: 'broken', status: 'failed', lastError: { code: 'corrupt-entry' } });
  expect((await events(app.page)).map((event) => event.detail)).toContainEqual(expect.objectContaining({ id: 'broken', error: expect.objectContaining({ code: 'corrupt-entry' }) }));
  expect(await app.page.evaluate(() => window.stowage.discard('broken'))).toBe(true);
  expect(await pending(app.page)).toEqual([]);
});
