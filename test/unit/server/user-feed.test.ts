/**
 * Per-user reads and the user-scoped feed (issue 14): `/api/me` and `/api/inbox` may be kept by the
 * user's own partition for a minute because every change of them reaches that user's feed streams,
 * and nobody else's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { serverPerFile } from './demo-server';
import { EventStreamClient } from './event-stream-client';
import type { ReceivedEvent } from './event-stream-client';

const server = serverPerFile([{ title: 'shared' }]);
const clients: EventStreamClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

/** A stream opened with `cookie` (none: anonymous), its `cursor` event already consumed. */
async function stream(cookie?: string, query = ''): Promise<EventStreamClient> {
  const client = await EventStreamClient.connect(`${server().server.url}/api/invalidations${query}`, cookie ? { Cookie: cookie } : {});
  clients.push(client);
  if (query === '') {
    expect((await client.nth(1)).event).toBe('cursor');
    client.events.shift();
  }
  return client;
}

const summary = (event: ReceivedEvent): [string | undefined, unknown] => [event.id, JSON.parse(event.data)];

const renameTo = (cookie: string, displayName: string): Promise<Response> =>
  server().api('/api/me', { method: 'PATCH', headers: { 'content-type': 'application/json', Cookie: cookie }, body: JSON.stringify({ displayName }) });

const editNote = (): Promise<Response> =>
  server().api('/api/notes/1', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"body":"x"}' });

describe('per-user reads', () => {
  it('are private for a minute and name their group in Cache-Groups', async () => {
    const alice = await server().signIn('alice');
    const me = await server().api('/api/me', { headers: { Cookie: alice } });
    expect(me.headers.get('cache-control')).toBe('private, max-age=60');
    expect(me.headers.get('cache-groups')).toBe('"me:alice"');
    const inbox = await server().api('/api/inbox', { headers: { Cookie: alice } });
    expect(inbox.headers.get('cache-control')).toBe('private, max-age=60');
    expect(inbox.headers.get('cache-groups')).toBe('"inbox:alice"');
    // No proxy in front: no refill-guard stamp.
    expect(me.headers.get('stowage-read-seq')).toBeNull();
  });

  it('PATCH /api/me renames the user and answers with the group it invalidated', async () => {
    const alice = await server().signIn('alice');
    const renamed = await renameTo(alice, 'Alice A.');
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('cache-group-invalidation')).toBe('"me:alice"');
    expect(renamed.headers.get('cache-control')).toBe('private, no-store');
    expect(await renamed.json()).toMatchObject({ user: 'alice', displayName: 'Alice A.' });
    const me = await server().api('/api/me', { headers: { Cookie: alice } });
    expect(await me.json()).toMatchObject({ displayName: 'Alice A.' });
    expect((await renameTo('sid=nobody', 'x')).status).toBe(401);
    expect((await renameTo(alice, 42 as unknown as string)).status).toBe(400);
  });
});

describe('the user-scoped feed', () => {
  it('sends a user\'s own rows to that user\'s streams only, shared rows to all', async () => {
    const alice = await server().signIn('alice');
    const bob = await server().signIn('bob');
    const [aliceFeed, bobFeed, anonymous] = [await stream(alice), await stream(bob), await stream()];
    await renameTo(alice, 'Alice');
    await editNote();
    expect(summary(await aliceFeed.nth(1))).toEqual(['1', { tags: ['me:alice'] }]);
    expect(summary(await aliceFeed.nth(2))).toEqual(['2', { tags: ['note:1', 'notes'] }]);
    // The shared row is the first thing the others get: alice's row never reached them.
    expect(summary(await bobFeed.nth(1))).toEqual(['2', { tags: ['note:1', 'notes'] }]);
    expect(summary(await anonymous.nth(1))).toEqual(['2', { tags: ['note:1', 'notes'] }]);
  });

  it('replays to a resuming client only the rows it may see', async () => {
    const alice = await server().signIn('alice');
    const bob = await server().signIn('bob');
    await renameTo(alice, 'Alice');
    await editNote();
    await renameTo(bob, 'Bob');
    const bobFeed = await stream(bob, '?lastEventId=0');
    expect(summary(await bobFeed.nth(1))).toEqual(['2', { tags: ['note:1', 'notes'] }]);
    expect(summary(await bobFeed.nth(2))).toEqual(['3', { tags: ['me:bob'] }]);
  });

  it('a change made through the control API reaches the user\'s stream as their own write would', async () => {
    const alice = await server().signIn('alice');
    const aliceFeed = await stream(alice);
    await server().api('/__control/users/alice', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"secret":"s2"}' });
    expect(summary(await aliceFeed.nth(1))).toEqual(['1', { tags: ['me:alice', 'inbox:alice'] }]);
  });
});
