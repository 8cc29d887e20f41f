import { randomBytes } from 'node:crypto';
import { expect, test } from './support/fixtures.js';
import { events, mutate, pending, recordEvents, waitForEmptyOutbox } from './support/outbox.js';
import { openWithQuota } from './support/quota.js';

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

test('a quota error while enqueuing answers 507 quota-exceeded and queues nothing; what was queued is untouched', async ({ page, context, control, server }) => {
  const { app, liftQuota } = await openWithQuota(page, context, server.url, 3 * 1024 * 1024);
  try {
    await app.setOffline(true);
    await mutate(page, [{ body: { title: 'small' } }]);
    // Under the 10 MB body limit, over what is left of the quota; random, so no compression helps.
    const [refused] = await mutate(page, [{ method: 'PUT', path: '/api/notes/1', body: { title: randomBytes(3 * 1024 * 1024).toString('base64') } }]);
    expect(refused!.status).toBe(507);
    expect(JSON.parse(refused!.body)).toMatchObject({ error: 'quota-exceeded' });
    expect(refused!.headers['x-stowage-queued']).toBeUndefined();
    expect((await pending(page)).map((entry) => entry.url)).toEqual([`${server.url}/api/notes`]);
    // Nothing partial: no reads-your-writes copy of the refused PUT either.
    expect(await app.cachedUrls('')).not.toContain('/api/notes/1');

    await app.setOffline(false);
    await waitForEmptyOutbox(page);
    expect((await control.db()).notes.map((note) => note.title)).toEqual(['small']);
    expect(await control.requests({ method: 'PUT' })).toEqual([]);
  } finally {
    await liftQuota();
  }
});

test('a queued PUT whose reads-your-writes copy does not fit still gets its 202, and is delivered although the disk stays full', async ({ page, context, control, server }) => {
  const [note] = (await control.reset([{ title: 'original', body: '' }])).notes;
  const path = `/api/notes/${note!.id}`;
  // Room for the outbox entry, not for a second copy of its body in Cache Storage as well.
  const { app, liftQuota } = await openWithQuota(page, context, server.url, 1.5 * 1024 * 1024);
  try {
    await app.fetch(path);
    await expect.poll(() => app.cachedUrls('')).toContain(path);
    await app.setOffline(true);
    const title = randomBytes(600 * 1024).toString('base64');
    const [put] = await mutate(page, [{ method: 'PUT', path, body: { title, body: '' } }]);
    // The entry is on disk: a failure here would make the app send the write a second time.
    expect(put!.status).toBe(202);
    // The older copy would pass for the current state: offline, the note is now a miss.
    expect(await app.cachedUrls('')).not.toContain(path);
    expect((await app.fetch(path)).status).toBe(504);

    // Still no room to record the attempt (rewriting the entry would need its size again): it is sent
    // unrecorded, and the delivery frees the space.
    await app.setOffline(false);
    await waitForEmptyOutbox(page);
    expect((await control.db()).notes.map((row) => row.title)).toEqual([title]);
    expect((await control.requests({ method: 'PUT' })).map((request) => request.headers['x-stowage-replay'])).toEqual(['1']);
  } finally {
    await liftQuota();
  }
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
