import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { mutate, noteWrites, pending, waitForEmptyOutbox } from './support/outbox.js';

/** The cached copy of a path in Stowage's caches, if any. */
function cached(page: Page, path: string): Promise<{ cache: string; headers: Record<string, string>; body: string } | null> {
  return page.evaluate(async (path) => {
    for (const name of await caches.keys()) {
      const response = await (await caches.open(name)).match(path);
      if (response) return { cache: name, headers: Object.fromEntries(response.headers), body: await response.text() };
    }
    return null;
  }, path);
}

test('reads-your-writes: a queued PUT is what the note reads as offline, a DELETE removes it, and the list is marked stale', async ({ app, control }) => {
  const [note] = (await control.reset([{ title: 'original', body: 'b' }])).notes;
  const path = `/api/notes/${note!.id}`;
  await app.fetch('/api/notes');
  await app.fetch(path);
  await app.setOffline(true);

  const [put] = await mutate(app.page, [{ method: 'PUT', path, body: { title: 'edited', body: 'b' } }]);
  const { id } = JSON.parse(put!.body) as { id: string };
  const read = await app.fetch(path);
  expect(read.status).toBe(200);
  expect(JSON.parse(read.body)).toEqual({ title: 'edited', body: 'b' });
  expect(read.headers['x-stowage-pending']).toBe(id);
  expect((await cached(app.page, '/api/notes'))!.headers['x-stowage-invalidated']).toBeTruthy();

  await mutate(app.page, [{ method: 'DELETE', path }]);
  expect(await cached(app.page, path)).toBeNull();
  expect((await app.fetch(path)).status).toBe(504);

  await app.setOffline(false);
  await waitForEmptyOutbox(app.page);
  expect((await noteWrites(control)).map((write) => write.method)).toEqual(['PUT', 'DELETE']);
  expect((await control.db()).notes).toEqual([]);
});

test('write-through sends at once, hands the answer to the app and invalidates the target, its collection and Location', async ({ app, control }) => {
  await app.fetch('/api/notes');
  const [created] = await mutate(app.page, [{ body: { title: 'direct' }, route: 'write-through' }]);
  expect(created!.status).toBe(201);
  const location = created!.headers['location']!;
  expect(location).toMatch(/^\/api\/notes\/\d+$/);
  expect(await pending(app.page)).toEqual([]);
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['direct']);
  expect((await cached(app.page, '/api/notes'))!.headers['x-stowage-invalidated']).toBeTruthy();

  // The stale list is revalidated on the next read: the new note shows up.
  const list = await app.fetch('/api/notes');
  expect(JSON.parse(list.body).map((note: { title: string }) => note.title)).toEqual(['direct']);
});

test('write-through and write-around failures reach the app and queue nothing', async ({ app, control }) => {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 503, count: 1 });
  const [failed] = await mutate(app.page, [{ body: { title: 'x' }, route: 'write-around' }]);
  expect(failed!.status).toBe(503);
  await app.setOffline(true);
  const offline = await app.page.evaluate(() =>
    fetch('/api/notes', { method: 'POST', headers: { 'X-Test-Outbox': 'write-through' }, body: '{"title":"y"}' }).then(
      (response) => `status ${response.status}`,
      (error: unknown) => `rejected ${String(error)}`,
    ),
  );
  expect(offline).toMatch(/^rejected TypeError/);
  expect(await pending(app.page)).toEqual([]);
});

test('write-around marks the cached note stale and never stores the response', async ({ app, control }) => {
  const [note] = (await control.reset([{ title: 'before' }])).notes;
  const path = `/api/notes/${note!.id}`;
  await app.fetch(path);
  const [response] = await mutate(app.page, [{ method: 'PUT', path, body: { title: 'after' }, route: 'write-around' }]);
  expect(response!.status).toBe(200);
  const entry = await cached(app.page, path);
  expect(JSON.parse(entry!.body)).toMatchObject({ title: 'before' });
  expect(entry!.headers['x-stowage-invalidated']).toBeTruthy();
});

test('unsafe requests no write route takes go to the server untouched', async ({ app, control }) => {
  const response = await app.fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"user":"ada"}' });
  expect(response.status).toBe(200);
  expect(response.headers['x-stowage-queued']).toBeUndefined();
  const [login] = await control.requests({ path: '/api/login' });
  expect(login!.headers['idempotency-key']).toBeUndefined();
  expect(await pending(app.page)).toEqual([]);
});
