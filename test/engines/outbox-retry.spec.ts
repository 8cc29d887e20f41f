import { events, mutate, noteWrites, notes, pending, recordEvents, waitForEmptyOutbox } from '../e2e/support/outbox.js';
import { expect, test } from './support/fixtures.js';

// The rest of the outbox's retry matrix in every engine (test/e2e/outbox-retry.spec.ts is the
// Chromium one): conflicts, a 401's pause, a blocked head and dropAfterMs. Where the Chromium specs
// go offline, these make the server refuse connections (the `refuse` fault) instead.

test('a 412 moves the entry to conflict with the server answer, and retry() with a new body resolves it', async ({ app, control }) => {
  const [note] = (await control.reset([{ title: 'original' }])).notes;
  await recordEvents(app.page, ['conflict', 'delivered']);
  const [response] = await mutate(app.page, [{ method: 'PUT', path: `/api/notes/${note!.id}`, body: { title: 'mine' }, headers: { 'If-Match': '"stale-etag"' } }]);
  const { id } = JSON.parse(response!.body) as { id: string };
  await expect.poll(async () => (await pending(app.page))[0]?.status).toBe('conflict');
  expect((await pending(app.page))[0]!.lastError).toMatchObject({ code: 'http-error', status: 412 });
  const conflict = (await events(app.page)).find((event) => event.name === 'conflict')!;
  expect(conflict.detail).toMatchObject({ id, status: 412 });
  expect(JSON.parse(conflict.detail.body as string)).toMatchObject({ error: 'precondition-failed', current: { title: 'original' } });
  const report = await app.page.evaluate((id) => window.stowage.retry(id, { body: JSON.stringify({ title: 'merged' }), headers: { 'If-Match': '*' } }), id);
  expect(report).toMatchObject({ delivered: 1, remaining: 0 });
  expect((await control.db()).notes.map((n) => n.title)).toEqual(['merged']);
});

test('a 401 pauses the entry and the ones behind it and emits auth-required; resume() delivers them in order', async ({ app, control }) => {
  await recordEvents(app.page, ['auth-required', 'delivered']);
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 401, count: 1 });
  await mutate(app.page, [{ body: { title: 'after-login' } }, { body: { title: 'second' } }]);
  await expect.poll(async () => (await pending(app.page)).map((entry) => entry.status)).toEqual(['paused', 'queued']);
  expect((await events(app.page)).map((event) => event.name)).toEqual(['auth-required']);
  expect((await control.db()).notes).toHaveLength(0);
  // Another trigger may deliver in the same moment (replays are single-flight): the report's own
  // count can be lower; what matters is that nothing remains and both arrived once, in order.
  expect(await app.page.evaluate(() => window.stowage.resume())).toMatchObject({ remaining: 0 });
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['after-login', 'second']);
  await expect.poll(async () => (await events(app.page)).filter((event) => event.name === 'delivered')).toHaveLength(2);
});

test('a failed head holds only its own ordering key: the write behind it is never sent, other keys are delivered', async ({ app, control }) => {
  await control.fault({ path: '/api/notes/999', mode: 'status', status: 422 });
  await mutate(app.page, [
    { method: 'PUT', path: '/api/notes/999', body: { title: 'x' }, route: 'by-url' },
    { method: 'PUT', path: '/api/notes/999', body: { title: 'y' }, route: 'by-url' },
    ...notes('other-key', 3, 'by-url'),
  ]);
  await expect.poll(async () => (await control.db()).notes.length).toBe(3);
  await expect.poll(async () => (await pending(app.page)).map((entry) => entry.status)).toEqual(['failed', 'queued']);
  // A replay now (flush() ignores backoff) still sends neither the failed head nor the write behind it.
  await app.page.evaluate(() => window.stowage.flush());
  expect((await pending(app.page)).map((entry) => entry.status)).toEqual(['failed', 'queued']);
  expect((await noteWrites(control)).filter((write) => write.path === '/api/notes/999')).toHaveLength(1);
});

test('an entry is dropped by age only where the route sets dropAfterMs (on the worker clock), and the app is told', async ({ app, control }) => {
  await recordEvents(app.page, ['failed']);
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'refuse' });
  await mutate(app.page, [{ body: { title: 'kept' } }, { body: { title: 'too-old' }, route: 'expiring' }]);
  // The expiring route drops its entries 1.5 s after they were made: the worker's clock moves past it.
  await app.advanceClock(1600);
  await mutate(app.page, [{ body: { title: 'recent' }, route: 'expiring' }]);
  await control.clearFaults();
  await waitForEmptyOutbox(app.page);
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['kept', 'recent']);
  const [dropped, ...others] = await events(app.page);
  expect(dropped!.detail).toMatchObject({ method: 'POST', error: { code: 'expired' } });
  expect(others).toEqual([]);
});
