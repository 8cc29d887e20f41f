import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DB_FILE_NAME } from '../../../demo/server/store/sqlite';
import { serverPerFile, startTestServer } from './demo-server';
import type { TestServer } from './demo-server';
import { EventStreamClient } from './event-stream-client';
import type { ReceivedEvent } from './event-stream-client';

const server = serverPerFile([{ title: 'first' }, { title: 'second' }]);
const clients: EventStreamClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

/** A raw client: every event the server sends, the `cursor` one included. */
async function open(query = '', headers: Record<string, string> = {}, to: TestServer = server()): Promise<EventStreamClient> {
  const client = await EventStreamClient.connect(`${to.server.url}/api/invalidations${query}`, headers);
  clients.push(client);
  return client;
}

/**
 * A client whose events start after the `cursor` event a client naming no id gets first (checked
 * here: it carries the newest row's id), so each test counts only invalidations and resets.
 */
async function connect(query = '', headers: Record<string, string> = {}, to: TestServer = server()): Promise<EventStreamClient> {
  const names = query.includes('lastEventId=') || 'Last-Event-ID' in headers;
  const newestId = names ? undefined : ((await (await to.api('/__control/invalidations')).json()) as LogState).newestId;
  const client = await open(query, headers, to);
  if (newestId !== undefined && client.response.status === 200) {
    expect(summary(await client.nth(1))).toEqual(['cursor', String(newestId), {}]);
    client.events.shift();
  }
  return client;
}

const patch = (id: number, body: string, headers: Record<string, string> = {}): Promise<Response> =>
  server().api(`/api/notes/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ body }) });

const summary = (event: ReceivedEvent): [string, string | undefined, unknown] => [event.event, event.id, JSON.parse(event.data)];

interface LogState {
  keep: number;
  newestId: number;
  rows: Array<{ id: number; tags: string[] }>;
  openStreams: number;
}

const logState = async (): Promise<LogState> => (await (await server().api('/__control/invalidations')).json()) as LogState;

/** Five committed writes to note 1: log rows 1-5. */
async function fiveWrites(): Promise<void> {
  for (let i = 1; i <= 5; i++) expect((await patch(1, `v${i}`)).status).toBe(200);
}

describe('GET /api/invalidations', () => {
  it('is an uncacheable event stream that tells EventSource to reconnect after 1 s', async () => {
    const client = await connect();
    expect(client.response.status).toBe(200);
    expect(client.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers.get('cache-control')).toBe('no-store');
    await vi.waitFor(() => expect(client.retryMs).toBe(1000));
  });

  it('sends a write\'s tags as an `invalidate` event with the log row\'s id, within 1 s of the commit', async () => {
    const client = await connect();
    const sentAt = Date.now();
    const write = await patch(2, 'changed');
    const event = await client.nth(1);
    expect(summary(event)).toEqual(['invalidate', '1', { tags: ['note:2', 'notes'] }]);
    expect(event.receivedAt - sentAt).toBeLessThan(1000);
    expect(write.headers.get('cache-group-invalidation')).toBe('"note:2", "notes"');
    expect((await logState()).rows).toEqual([{ id: 1, tags: ['note:2', 'notes'] }]);
  });

  it('reaches every connected client', async () => {
    const [a, b] = [await connect(), await connect()];
    const created = (await (await server().post('/api/notes', { title: 'third' })).json()) as { id: number };
    for (const client of [a, b]) {
      expect(summary(await client.nth(1))).toEqual(['invalidate', '1', { tags: [`note:${created.id}`, 'notes'] }]);
    }
  });

  it('without a last id sends live events only', async () => {
    await patch(1, 'before');
    const client = await connect();
    await patch(2, 'after');
    expect(summary(await client.nth(1))).toEqual(['invalidate', '2', { tags: ['note:2', 'notes'] }]);
  });

  it('tells a client that names no id where the feed stands: a `cursor` event with the newest id, before anything else', async () => {
    await fiveWrites();
    const client = await open();
    await patch(2, 'live');
    expect([summary(await client.nth(1)), summary(await client.nth(2))]).toEqual([
      ['cursor', '5', {}],
      ['invalidate', '6', { tags: ['note:2', 'notes'] }],
    ]);
  });

  it('so a client cut off before its first invalidation resumes from the cursor and gets the write committed meanwhile', async () => {
    await fiveWrites();
    const client = await open();
    const cursor = await client.nth(1);
    expect(await (await server().api('/__control/invalidations/streams', { method: 'DELETE' })).json()).toEqual({ ended: 1 });
    await client.ended;
    await patch(2, 'while away');
    const back = await open('', { 'Last-Event-ID': cursor.id ?? '' });
    expect(summary(await back.nth(1))).toEqual(['invalidate', '6', { tags: ['note:2', 'notes'] }]);
  });

  it('carries a mode only when one was asked for (here by the control API)', async () => {
    const client = await connect();
    await server().post('/__control/invalidations', { tags: ['notes'], mode: 'purge' });
    expect(summary(await client.nth(1))).toEqual(['invalidate', '1', { tags: ['notes'], mode: 'purge' }]);
  });
});

describe('resuming with Last-Event-ID', () => {
  it('replays exactly the rows after the id, in order, then streams live', async () => {
    await fiveWrites();
    await patch(2, 'other note');
    const client = await connect('', { 'Last-Event-ID': '3' });
    await patch(2, 'live');
    const events = await Promise.all([1, 2, 3, 4].map((n) => client.nth(n)));
    expect(events.map((event) => [event.id, JSON.parse(event.data)])).toEqual([
      ['4', { tags: ['note:1', 'notes'] }],
      ['5', { tags: ['note:1', 'notes'] }],
      ['6', { tags: ['note:2', 'notes'] }],
      ['7', { tags: ['note:2', 'notes'] }],
    ]);
  });

  it('takes the id from ?lastEventId= on a first connect, and prefers the header (newer on a reconnect)', async () => {
    await fiveWrites();
    const fromQuery = await connect('?lastEventId=4');
    expect((await fromQuery.nth(1)).id).toBe('5');
    const both = await connect('?lastEventId=1', { 'Last-Event-ID': '4' });
    await patch(1, 'live');
    expect([(await both.nth(1)).id, (await both.nth(2)).id]).toEqual(['5', '6']);
  });

  it('replays nothing to a client that is up to date', async () => {
    await fiveWrites();
    const client = await connect('', { 'Last-Event-ID': '5' });
    await patch(2, 'live');
    expect(summary(await client.nth(1))).toEqual(['invalidate', '6', { tags: ['note:2', 'notes'] }]);
  });

  it('keeps only the newest rows: an id whose successors were trimmed gets `reset` with the newest id, then live events', async () => {
    await server().api('/__control/invalidations', { method: 'PUT', body: JSON.stringify({ keep: 3 }) });
    await fiveWrites();
    expect((await logState()).rows.map((row) => row.id)).toEqual([3, 4, 5]);

    const resumable = await connect('', { 'Last-Event-ID': '2' });
    expect([(await resumable.nth(1)).id, (await resumable.nth(3)).id]).toEqual(['3', '5']);

    const rolledOver = await connect('', { 'Last-Event-ID': '1' });
    expect(summary(await rolledOver.nth(1))).toEqual(['reset', '5', {}]);
    await patch(2, 'live');
    expect(summary(await rolledOver.nth(2))).toEqual(['invalidate', '6', { tags: ['note:2', 'notes'] }]);
  });

  it('lowering the bound through the control API trims at once', async () => {
    await fiveWrites();
    const state = (await (await server().api('/__control/invalidations', { method: 'PUT', body: JSON.stringify({ keep: 2 }) })).json()) as LogState;
    expect([state.keep, state.rows.map((row) => row.id)]).toEqual([2, [4, 5]]);
  });

  it.each([
    ['an id from the future', '9'],
    ['an id it never gave out', 'abc'],
  ])('answers %s with `reset`', async (_, id) => {
    await fiveWrites();
    const client = await connect('', { 'Last-Event-ID': id });
    expect(summary(await client.nth(1))).toEqual(['reset', '5', {}]);
  });

  it('after a database reset ends the open streams, a client reconnecting with its old id gets `reset` to 0', async () => {
    await fiveWrites();
    const before = await connect('', { 'Last-Event-ID': '5' });
    await server().post('/__control/reset', {});
    await before.ended;
    const after = await connect('', { 'Last-Event-ID': '5' });
    expect(summary(await after.nth(1))).toEqual(['reset', '0', {}]);
  });
});

describe('the log row commits with its write', () => {
  it('a write whose transaction rolls back (its idempotency record fails to store) logs and publishes nothing', async () => {
    const client = await connect();
    const side = new Database(join(server().dataDir, DB_FILE_NAME));
    side.exec("CREATE TRIGGER fail_records BEFORE INSERT ON idempotency_keys BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    try {
      expect((await patch(1, 'lost', { 'Idempotency-Key': 'k-rolled-back' })).status).toBe(500);
    } finally {
      side.exec('DROP TRIGGER fail_records');
      side.close();
    }
    const db = (await (await server().api('/__control/db')).json()) as { notes: Array<{ body: string }> };
    expect(db.notes[0]?.body).toBe('');
    expect((await logState()).rows).toEqual([]);
    // The next commit is row 1 and the first event: nothing was logged or sent in between.
    await patch(2, 'kept');
    expect(summary(await client.nth(1))).toEqual(['invalidate', '1', { tags: ['note:2', 'notes'] }]);
  });

  it('a replayed idempotent write logs nothing new', async () => {
    const client = await connect();
    await patch(1, 'once', { 'Idempotency-Key': 'k-once' });
    expect((await patch(1, 'once', { 'Idempotency-Key': 'k-once' })).headers.get('idempotent-replayed')).toBe('true');
    await patch(2, 'next');
    expect([(await client.nth(1)).id, (await client.nth(2)).id]).toEqual(['1', '2']);
    expect(JSON.parse((await client.nth(2)).data)).toEqual({ tags: ['note:2', 'notes'] });
    expect((await logState()).rows.map((row) => row.id)).toEqual([1, 2]);
  });

  it('writes that change nothing (412) and per-user writes (login) are not published', async () => {
    const client = await connect();
    expect((await server().api('/api/notes/1', { method: 'PUT', headers: { 'If-Match': '"stale"' }, body: '{"title":"x"}' })).status).toBe(412);
    await server().signIn('alice');
    await patch(2, 'shared');
    expect(summary(await client.nth(1))).toEqual(['invalidate', '1', { tags: ['note:2', 'notes'] }]);
  });
});

describe('stream lifetime', () => {
  it('forgets a stream when its client disconnects', async () => {
    const client = await connect();
    await vi.waitFor(async () => expect((await logState()).openStreams).toBe(1));
    client.close();
    await vi.waitFor(async () => expect((await logState()).openStreams).toBe(0));
  });

  it('sends keep-alive comments while idle, and the server\'s close() ends open streams', async () => {
    const quick = await startTestServer({ feedHeartbeatMs: 50 });
    try {
      const client = await connect('', {}, quick);
      expect(await client.firstComment()).toBe('keep-alive');
      await quick.server.close();
      await client.ended;
    } finally {
      await quick.close();
    }
  });

  it('the control API cuts open streams as a restart would; the client resumes with the rows it missed', async () => {
    const client = await connect();
    await patch(1, 'seen');
    const seen = await client.nth(1);
    expect(await (await server().api('/__control/invalidations/streams', { method: 'DELETE' })).json()).toEqual({ ended: 1 });
    await client.ended;
    await patch(2, 'missed');
    const back = await connect('', { 'Last-Event-ID': seen.id ?? '' });
    expect(summary(await back.nth(1))).toEqual(['invalidate', '2', { tags: ['note:2', 'notes'] }]);
  });

  it('a broad /api/ fault leaves the feed alone; a fault naming the feed applies to it', async () => {
    await server().post('/__control/faults', { mode: 'status', status: 503, count: 1 });
    expect((await connect()).response.status).toBe(200);
    expect((await server().api('/api/notes')).status).toBe(503);
    await server().post('/__control/faults', { path: '/api/invalidations', mode: 'status', status: 503, count: 1 });
    expect((await connect()).response.status).toBe(503);
  });
});
