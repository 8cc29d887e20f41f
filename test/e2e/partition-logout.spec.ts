import { expect, test } from './support/fixtures.js';
import { scanOrigin } from './support/origin-scan.js';
import { logIn, partitionedUrls } from './support/users.js';

const MARKER = 'MARKER-7f3a9c';
const aliceData = {
  secret: `${MARKER}-secret`,
  inbox: [{ from: 'bank@example.com', subject: `${MARKER}-subject`, text: `${MARKER}-statement` }],
};

test('after clear(), no cache entry and no IndexedDB record of the origin holds the logged-out user\'s marker', async ({ app, control }) => {
  await control.setUser('alice', aliceData);
  await logIn(app, 'alice');
  expect(JSON.parse((await app.fetch('/api/me')).body).secret).toBe(aliceData.secret);
  expect((await app.fetch('/api/inbox')).body).toContain(MARKER);
  await expect.poll(() => partitionedUrls(app)).toEqual(['/api/inbox', '/api/me']);
  // Alice queues two writes offline; her drafts carry the marker too.
  const { notes } = await control.reset([{ title: 'shared' }]);
  await app.setOffline(true);
  for (const draft of ['draft one', 'draft two']) {
    const queued = await app.fetch(`/api/notes/${notes[0]!.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'shared', body: `${MARKER} ${draft}` }),
    });
    expect(queued.status).toBe(202);
  }
  // The scan does see the marker while alice is signed in: in the inbox (stored in clear) and the outbox.
  const before = await scanOrigin(app.page, MARKER);
  expect(before.filter((finding) => finding.where === 'indexeddb')).toHaveLength(2);
  expect(before.map((finding) => finding.location)).toContainEqual(expect.stringMatching(/:inbox:u:.*\/api\/inbox$/));

  const report = await app.page.evaluate(() => window.stowage.clear({ pending: 'discard' }));
  expect(report).toMatchObject({ delivered: 0, discarded: 2, cachesDeleted: 2, entriesDeleted: 2, keyDeleted: true });

  expect(await scanOrigin(app.page, MARKER)).toEqual([]);
  expect(await partitionedUrls(app)).toEqual([]);
  expect(await app.page.evaluate(() => caches.keys())).not.toContainEqual(expect.stringContaining(':u:'));
});

test('clear() delivers the queued writes first when it can, and discards what it cannot deliver in time', async ({ app, control }) => {
  const { notes } = await control.reset([{ title: 'shared' }, { title: 'other' }]);
  const put = (id: number, title: string, headers: Record<string, string> = {}) =>
    app.fetch(`/api/notes/${id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ title }) });
  await logIn(app, 'alice');
  // The first delivery attempt fails (503), so the write waits in the outbox for its backoff: an
  // hour on the `slow` test route, so only clear() can deliver it (the notes route's jittered 1 s
  // backoff could deliver it first).
  await control.fault({ path: `/api/notes/${notes[0]!.id}`, method: 'PUT', mode: 'status', status: 503, count: 1 });
  expect((await put(notes[0]!.id, 'written by alice before logout', { 'X-Test-Outbox': 'slow' })).status).toBe(202);
  await expect.poll(async () => (await control.requests({ method: 'PUT' })).length).toBe(1);

  const delivered = await app.page.evaluate(() => window.stowage.clear());
  expect(delivered).toMatchObject({ delivered: 1, discarded: 0 });
  expect((await control.db()).notes.find((note) => note.id === notes[0]!.id)?.title).toBe('written by alice before logout');

  // Offline, delivery cannot happen within the deadline: the write is dropped, never sent later.
  await logIn(app, 'alice');
  await app.setOffline(true);
  expect((await put(notes[1]!.id, 'never delivered')).status).toBe(202);
  const discarded = await app.page.evaluate(() => window.stowage.clear({ timeoutMs: 500 }));
  expect(discarded).toMatchObject({ delivered: 0, discarded: 1 });
  await app.setOffline(false);
  expect(await app.page.evaluate(() => window.stowage.pending())).toEqual([]);
  expect((await control.db()).notes.find((note) => note.id === notes[1]!.id)?.title).toBe('other');
});

test('user B is never served user A\'s entry for the same URL, online or offline', async ({ app, control }) => {
  await control.setUser('alice', aliceData);
  await logIn(app, 'alice');
  await app.fetch('/api/me');
  await app.fetch('/api/inbox');
  await expect.poll(() => partitionedUrls(app)).toHaveLength(2);

  // Account switch without a purge, offline: bob's partition is empty, so he gets a miss, not alice's data.
  await app.setOffline(true);
  await app.page.evaluate(() => window.stowage.setUser('bob'));
  for (const path of ['/api/me', '/api/inbox']) {
    const response = await app.fetch(path);
    expect(response.status).toBe(504);
    expect(response.body).not.toContain(MARKER);
  }
  await app.setOffline(false);
  await logIn(app, 'bob');
  const bobMe = JSON.parse((await app.fetch('/api/me')).body) as { user: string };
  expect(bobMe.user).toBe('bob');
  expect((await app.fetch('/api/inbox')).body).toContain('bob');
  await expect.poll(() => partitionedUrls(app)).toHaveLength(4);

  await app.setOffline(true);
  expect(JSON.parse((await app.fetch('/api/me')).body).user).toBe('bob');
  const bobInbox = await app.fetch('/api/inbox');
  expect(bobInbox.body).toContain('bob');
  expect(bobInbox.body).not.toContain(MARKER);
  // Back to alice, still offline: her own entries, from her own partition.
  await app.page.evaluate(() => window.stowage.setUser('alice'));
  expect((await app.fetch('/api/inbox')).body).toContain(MARKER);
});

test('after alice logs out and bob logs in, bob gets his own data, also offline', async ({ app, control }) => {
  await control.setUser('alice', aliceData);
  await logIn(app, 'alice');
  await app.fetch('/api/me');
  await app.fetch('/api/inbox');
  await app.page.evaluate(async () => {
    await window.stowage.clear();
    await fetch('/api/logout', { method: 'POST' });
  });

  await logIn(app, 'bob');
  for (const path of ['/api/me', '/api/inbox']) expect((await app.fetch(path)).body).not.toContain(MARKER);
  await expect.poll(() => partitionedUrls(app)).toEqual(['/api/inbox', '/api/me']);
  await app.setOffline(true);
  expect(JSON.parse((await app.fetch('/api/me')).body).user).toBe('bob');
  const inbox = await app.fetch('/api/inbox');
  expect(inbox.status).toBe(200);
  expect(inbox.body).toContain('bob');
  expect(inbox.body).not.toContain(MARKER);
});

test('with no user set, a private route is not cached at all', async ({ app, control }) => {
  await control.fixture({ path: '/api/fixtures/private/doc', headers: { 'Cache-Control': 'max-age=3600' }, body: { doc: 1 } });
  expect((await app.fetch('/api/fixtures/private/doc')).status).toBe(200);
  expect((await app.fetch('/api/fixtures/private/doc')).status).toBe(200);
  expect(await control.requests({ path: '/api/fixtures/private/doc' })).toHaveLength(2);
  expect(await partitionedUrls(app)).toEqual([]);
  await app.setOffline(true);
  expect((await app.fetch('/api/fixtures/private/doc')).status).toBe(504);
});

test('setUser() and clear() are announced to every tab', async ({ app, context }) => {
  const other = await context.newPage();
  await other.goto('/');
  await other.waitForFunction(() => document.documentElement.dataset.stowage === 'ready');
  await other.evaluate(() => {
    const seen: unknown[] = [];
    Object.assign(window, { seen });
    window.stowage.on('user-changed', (detail) => seen.push(['user-changed', detail.user]));
    window.stowage.on('cleared', (detail) => seen.push(['cleared', detail.keyDeleted]));
  });
  await app.page.evaluate(() => window.stowage.setUser('carol'));
  await app.page.evaluate(() => window.stowage.clear());
  await expect
    .poll(() => other.evaluate(() => (window as unknown as { seen: unknown[] }).seen))
    .toEqual([
      ['user-changed', 'carol'],
      ['user-changed', null],
      ['cleared', false],
    ]);
});

test('a setUser() sent right after clear() applies after the purge, not before it', async ({ app, control }) => {
  await control.fixture({ path: '/api/fixtures/private/after', headers: { 'Cache-Control': 'max-age=3600' }, body: 'after' });
  await app.page.evaluate(async () => {
    await window.stowage.setUser('alice');
    const cleared = window.stowage.clear();
    await window.stowage.setUser('bob');
    await cleared;
  });
  await app.fetch('/api/fixtures/private/after');
  // Bob is the current user: the entry is stored in a partition, which only happens with a user set.
  await expect.poll(() => partitionedUrls(app)).toEqual(['/api/fixtures/private/after']);
});
