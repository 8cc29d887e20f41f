import { expect, test } from './support/fixtures.js';
import { deliveryFigures, events, mutate, type Mutation, noteWrites, notes, pending, recordEvents, waitForEmptyOutbox } from './support/outbox.js';

test('500, 503 and 429 with Retry-After for a while: every mutation is delivered once after the server recovers', async ({ app, control }, testInfo) => {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 500, count: 3 });
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 503, count: 3 });
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 429, headers: { 'Retry-After': '1' }, count: 1 });
  const mutations = notes('flaky', 20);
  await mutate(app.page, mutations);
  await waitForEmptyOutbox(app.page);

  const figures = await deliveryFigures(control, mutations.map((m) => (m.body as { title: string }).title), testInfo, 'server errors');
  expect(figures).toEqual({ queued: 20, delivered: 20, lost: 0, duplicated: 0 });
  const writes = await noteWrites(control);
  const statuses = writes.map((write) => write.status);
  expect(statuses.filter((status) => status === 500)).toHaveLength(3);
  expect(statuses.filter((status) => status === 429)).toHaveLength(1);
  // In order: the head is retried until it goes through; nobody overtakes it.
  expect((await control.db()).notes.map((note) => note.title)).toEqual(mutations.map((m) => (m.body as { title: string }).title));
  // Retry-After: 1 was honoured: the attempt after the 429 came at least a second later.
  const after429 = writes.findIndex((write) => write.status === 429);
  expect(writes[after429 + 1]!.time - writes[after429]!.time).toBeGreaterThanOrEqual(900);
});

test('a 409 or 412 moves the entry to conflict with the server answer, and retry() with a new body resolves it', async ({ app, control }) => {
  const [note] = (await control.reset([{ title: 'original' }])).notes;
  await recordEvents(app.page, ['conflict', 'delivered']);
  const [response] = await mutate(app.page, [
    { method: 'PUT', path: `/api/notes/${note!.id}`, body: { title: 'mine' }, headers: { 'If-Match': '"stale-etag"' } },
  ]);
  const { id } = JSON.parse(response!.body) as { id: string };
  await expect.poll(async () => (await pending(app.page))[0]?.status).toBe('conflict');
  const [entry] = await pending(app.page);
  expect(entry!.lastError).toMatchObject({ code: 'http-error', status: 412 });
  const conflict = (await events(app.page)).find((event) => event.name === 'conflict')!;
  expect(conflict.detail).toMatchObject({ id, status: 412 });
  expect(JSON.parse(conflict.detail.body as string)).toMatchObject({ error: 'precondition-failed', current: { title: 'original' } });

  const report = await app.page.evaluate((id) => window.stowage.retry(id, { body: JSON.stringify({ title: 'merged' }), headers: { 'If-Match': '*' } }), id);
  expect(report).toMatchObject({ delivered: 1, remaining: 0 });
  expect((await control.db()).notes.map((n) => n.title)).toEqual(['merged']);
});

test('a conflicted entry can be discarded, and discard() leaves the others alone', async ({ app, control }) => {
  const [note] = (await control.reset([{ title: 'original' }])).notes;
  await control.fault({ path: `/api/notes/${note!.id}`, method: 'PATCH', mode: 'status', status: 409, count: 1 });
  await app.setOffline(true);
  const responses = await mutate(app.page, [
    { method: 'PATCH', path: `/api/notes/${note!.id}`, body: { title: 'lost' } },
    ...notes('after', 2),
  ]);
  await app.setOffline(false);
  await expect.poll(async () => (await pending(app.page)).map((entry) => entry.status)).toEqual(['conflict', 'queued', 'queued']);
  const { id } = JSON.parse(responses[0]!.body) as { id: string };
  expect(await app.page.evaluate((id) => window.stowage.discard(id), id)).toBe(true);
  await waitForEmptyOutbox(app.page);
  expect((await control.db()).notes.map((n) => n.title)).toEqual(['original', 'after-0', 'after-1']);
});

test('another 4xx moves the entry to failed, kept in pending() and never silently dropped', async ({ app, control }) => {
  await recordEvents(app.page, ['failed']);
  await mutate(app.page, [{ method: 'PUT', path: '/api/notes/999', body: { title: 'nobody' } }]);
  await expect.poll(async () => (await pending(app.page))[0]?.status).toBe('failed');
  const [entry] = await pending(app.page);
  expect(entry).toMatchObject({ method: 'PUT', attempts: 1, lastError: { code: 'http-error', status: 404 } });
  await expect.poll(async () => (await events(app.page)).map((event) => event.name)).toEqual(['failed']);
  await app.page.evaluate(() => window.stowage.flush());
  expect(await pending(app.page)).toHaveLength(1);
  expect(await noteWrites(control)).toHaveLength(1);
});

test('a blocked head holds only its own ordering key', async ({ app, control }) => {
  await control.fault({ path: '/api/notes/999', mode: 'status', status: 422 });
  await app.setOffline(true);
  await mutate(app.page, [
    { method: 'PUT', path: '/api/notes/999', body: { title: 'x' }, route: 'by-url' },
    { method: 'PUT', path: '/api/notes/999', body: { title: 'y' }, route: 'by-url' },
    ...notes('other-key', 3, 'by-url'),
  ]);
  await app.setOffline(false);
  await expect.poll(async () => (await control.db()).notes.length).toBe(3);
  await expect.poll(async () => (await pending(app.page)).map((entry) => entry.status)).toEqual(['failed', 'queued']);
  // The second write to /api/notes/999 waits behind the failed one: never sent.
  expect((await noteWrites(control)).filter((write) => write.path === '/api/notes/999')).toHaveLength(1);
});

test('an orderingKey function puts writes in queues of its choosing; a blocked queue holds only itself', async ({ app, control }) => {
  await control.fault({ path: '/api/notes/999', mode: 'status', status: 422 });
  await app.setOffline(true);
  const inQueue = (queue: string, mutation: Mutation): Mutation => ({ ...mutation, route: 'by-queue', headers: { 'X-Test-Queue': queue } });
  await mutate(app.page, [
    inQueue('a', { method: 'PUT', path: '/api/notes/999', body: { title: 'refused' } }),
    inQueue('a', { body: { title: 'a-behind' } }),
    inQueue('b', { body: { title: 'b-0' } }),
    inQueue('b', { body: { title: 'b-1' } }),
  ]);
  await app.setOffline(false);
  await expect.poll(async () => (await control.db()).notes.map((note) => note.title)).toEqual(['b-0', 'b-1']);
  await expect.poll(async () => (await pending(app.page)).map((entry) => entry.status)).toEqual(['failed', 'queued']);
  expect((await noteWrites(control)).filter((write) => write.status === 201)).toHaveLength(2);

  // The demo's function returns the header as is, so an empty one names no queue: refused, nothing queued.
  const [unqueued] = await mutate(app.page, [inQueue('', { body: { title: 'nowhere' } })]);
  expect(unqueued!.status).toBe(500);
  expect(JSON.parse(unqueued!.body)).toMatchObject({ error: 'invalid-config' });
  expect(await pending(app.page)).toHaveLength(2);
});

test('a 401 pauses the entry and emits auth-required; resume() delivers it', async ({ app, control }) => {
  await recordEvents(app.page, ['auth-required', 'delivered']);
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 401, count: 1 });
  await mutate(app.page, [{ body: { title: 'after-login' } }, { body: { title: 'second' } }]);
  await expect.poll(async () => (await pending(app.page)).map((entry) => entry.status)).toEqual(['paused', 'queued']);
  expect((await events(app.page)).map((event) => event.name)).toEqual(['auth-required']);
  expect((await control.db()).notes).toHaveLength(0);

  // Another trigger may deliver in the same moment (replays are single-flight), so the report's own
  // count can be lower; what matters is that nothing remains and both arrived once, in order.
  const report = await app.page.evaluate(() => window.stowage.resume());
  expect(report).toMatchObject({ remaining: 0 });
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['after-login', 'second']);
  await expect.poll(async () => (await events(app.page)).filter((event) => event.name === 'delivered')).toHaveLength(2);
});

test('beforeReplay rewrites every attempt (fresh credentials after a 401); a hook that throws fails the entry', async ({ app, control }) => {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 401, count: 1 });
  await mutate(app.page, [{ body: { title: 'signed' }, headers: { 'X-Test-Credential': 'token' } }]);
  await expect.poll(async () => (await pending(app.page)).map((entry) => entry.status)).toEqual(['paused']);
  await app.page.evaluate(() => window.stowage.resume());
  await waitForEmptyOutbox(app.page);
  const writes = await noteWrites(control);
  expect(writes.map((write) => [write.status, write.headers['authorization']])).toEqual([
    [401, 'Bearer token-refreshed'],
    [201, 'Bearer token-refreshed'],
  ]);

  await mutate(app.page, [{ body: { title: 'unsendable' }, headers: { 'X-Test-Credential': 'unavailable' } }]);
  await expect.poll(async () => (await pending(app.page))[0]?.status).toBe('failed');
  expect((await pending(app.page))[0]!.lastError).toMatchObject({ message: 'No credential to send this write with' });
  expect(await noteWrites(control)).toHaveLength(2);
});

test('an entry is dropped by age only where the route sets dropAfterMs, and the app is told', async ({ app, control }) => {
  await recordEvents(app.page, ['failed']);
  await app.setOffline(true);
  await mutate(app.page, [{ body: { title: 'kept' } }, { body: { title: 'too-old' }, route: 'expiring' }]);
  // The expiring route drops its entries 1.5 s after they were made: the worker's clock moves past it.
  await app.advanceClock(1600);
  await mutate(app.page, [{ body: { title: 'recent' }, route: 'expiring' }]);

  await app.setOffline(false);
  await waitForEmptyOutbox(app.page);
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['kept', 'recent']);
  const [dropped] = await events(app.page);
  expect(dropped!.detail).toMatchObject({ method: 'POST', error: { code: 'expired' } });
  expect(await events(app.page)).toHaveLength(1);
});
