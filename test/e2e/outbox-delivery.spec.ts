import { expect, test } from './support/fixtures.js';
import { flush, mutate, noteWrites, notes, pending, recordEvents, events, waitForEmptyOutbox } from './support/outbox.js';

test('a write-behind request is answered 202 with its entry id and delivered once with an Idempotency-Key', async ({ app, control }) => {
  await recordEvents(app.page, ['queued', 'delivered', 'drained']);
  const [response] = await mutate(app.page, [{ body: { title: 'first', body: 'hello' } }]);
  expect(response!.status).toBe(202);
  const { queued, id } = JSON.parse(response!.body) as { queued: boolean; id: string };
  expect(queued).toBe(true);
  expect(response!.headers['x-stowage-queued']).toBe(id);

  await waitForEmptyOutbox(app.page);
  const writes = await noteWrites(control);
  expect(writes).toHaveLength(1);
  expect(writes[0]!.headers['idempotency-key']).toMatch(/^"[0-9a-f-]{36}"$/);
  expect(writes[0]!.headers['x-stowage-replay']).toBe('1');
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['first']);
  await expect.poll(async () => (await events(app.page)).map((event) => event.name)).toEqual(['queued', 'delivered', 'drained']);
  expect((await events(app.page))[1]!.detail).toMatchObject({ id, method: 'POST', status: 201 });
});

test("an app's own Idempotency-Key is kept and sent as the app wrote it, so its own retry of a write is applied once", async ({ app, control }) => {
  await app.setOffline(true);
  // The app sends the same write twice (a double tap), under its own key both times.
  const twice = [1, 2].map(() => ({ body: { title: 'mine' }, headers: { 'Idempotency-Key': 'order-42' } }));
  const responses = await mutate(app.page, twice);
  expect(responses.map((response) => response.status)).toEqual([202, 202]);
  expect((await pending(app.page)).map((entry) => entry.idempotencyKey)).toEqual(['order-42', 'order-42']);

  await app.setOffline(false);
  await waitForEmptyOutbox(app.page);
  const writes = await noteWrites(control);
  expect(writes.map((write) => write.headers['idempotency-key'])).toEqual(['order-42', 'order-42']);
  const db = await control.db();
  expect(db.notes.map((note) => note.title)).toEqual(['mine']);
  expect(db.idempotencyKeys).toBe(1);
});

test('mutations made offline wait without burning attempts and are delivered in order when the page comes back online', async ({ app, control }) => {
  await app.setOffline(true);
  const responses = await mutate(app.page, notes('offline', 10));
  expect(responses.map((response) => response.status)).toEqual(Array(10).fill(202));
  const queued = await pending(app.page);
  expect(queued).toHaveLength(10);
  expect(queued.every((entry) => entry.status === 'queued' && entry.attempts === 0)).toBe(true);
  expect(await noteWrites(control)).toHaveLength(0);

  await app.setOffline(false);
  await waitForEmptyOutbox(app.page);
  const titles = (await control.db()).notes.map((note) => note.title);
  expect(titles).toEqual(Array.from({ length: 10 }, (_, i) => `offline-${i}`));
  expect(await noteWrites(control)).toHaveLength(10);
});

test('a write the server applied but whose answer was lost is resent with the same key and applied once', async ({ app, control }) => {
  // Chromium itself resends a request up to twice when a reused connection closes before the answer,
  // so the fetch() the outbox made only fails on the third drop; the outbox's retry meets the fourth.
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'drop-response', count: 4 });
  await mutate(app.page, [{ body: { title: 'once' } }]);
  await waitForEmptyOutbox(app.page);
  const writes = await noteWrites(control);
  expect(writes.length).toBeGreaterThanOrEqual(2);
  expect(new Set(writes.map((write) => write.headers['idempotency-key'])).size).toBe(1);
  const db = await control.db();
  expect(db.notes.map((note) => note.title)).toEqual(['once']);
  expect(db.idempotencyKeys).toBe(1);
});

test('flush() delivers at once, ignoring backoff, and reports the pass', async ({ app, control }) => {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 503, count: 1 });
  // The slow test route backs off for an hour after the 503, so only flush() can deliver it now.
  await mutate(app.page, [{ body: { title: 'flushed' }, route: 'slow' }]);
  await expect.poll(async () => (await pending(app.page))[0]?.attempts ?? -1).toBe(1);
  const report = await flush(app.page);
  expect(report).toMatchObject({ delivered: 1, remaining: 0 });
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['flushed']);
});

test('an attempt cut off by a worker stop is resent with the same key after the restart and applied once', async ({ app, control }) => {
  // The server takes its time, so the worker is stopped while the request is in flight; it still commits.
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'delay', latencyMs: 1500, count: 1 });
  await mutate(app.page, [{ body: { title: 'cut-off' } }]);
  await expect.poll(async () => (await noteWrites(control)).length).toBe(1);
  await app.stopWorker();
  // The page's next request starts a fresh worker, which finds the entry in `sending` and resends it.
  await waitForEmptyOutbox(app.page);
  const writes = await noteWrites(control);
  expect(writes.map((write) => write.headers['x-stowage-replay'])).toEqual(['1', '2']);
  expect(writes[0]!.headers['idempotency-key']).toBe(writes[1]!.headers['idempotency-key']);
  const db = await control.db();
  expect(db.notes.map((note) => note.title)).toEqual(['cut-off']);
  expect(db.idempotencyKeys).toBe(1);
});
