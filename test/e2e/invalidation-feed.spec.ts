import { expect, test } from './support/fixtures.js';
import type { DemoPage } from './support/demo-page.js';
import { FeedControl, openDevice, recordInvalidated, workerFeedCursor } from './support/invalidation-feed.js';

// Issue 11, the feed: two devices (two browser contexts) and one server. What A writes reaches B's
// cache through GET /api/invalidations within a second of the commit; a B that was away resumes
// from the last event its worker applied; a feed that cannot resume sends `reset`.
const json = { 'Content-Type': 'application/json' };

async function editNote(app: DemoPage, id: number, title: string): Promise<void> {
  expect((await app.fetch(`/api/notes/${id}`, { method: 'PUT', headers: json, body: JSON.stringify({ title, body: '' }) })).status).toBe(202);
  await app.page.evaluate(() => window.stowage.flush());
}

const titleOf = (body: string): string => (JSON.parse(body) as { title: string }).title;

test.describe('the invalidation feed', () => {
  let feed: FeedControl;
  let b: DemoPage;

  test.beforeEach(async ({ browser, server, control, app }) => {
    void app; // device A is open (and so its feed) before B
    feed = new FeedControl(server.url);
    await control.reset([{ title: 'first' }]);
    b = await openDevice(browser, server.url);
    await expect.poll(async () => (await feed.state()).openStreams).toBe(2);
  });

  test.afterEach(async () => {
    await b.context.close();
  });

  test("a write in A invalidates B's cached copy within 1 s of the commit, and B's next read revalidates before serving", async ({ app, control }) => {
    const { id } = (await control.db()).notes[0]!;
    expect(titleOf((await b.fetch(`/api/notes/${id}`)).body)).toBe('first');
    const events = await recordInvalidated(b);
    await editNote(app, id, 'edited on A');
    const committedAt = Date.now();
    await expect.poll(async () => (await events()).filter((event) => event.source === 'feed')).toHaveLength(1);
    const [event] = (await events()).filter((e) => e.source === 'feed');
    expect(event).toMatchObject({ tags: [`note:${id}`, 'notes'], mode: 'expire', source: 'feed', urls: [] });
    expect(event!.matched).toBeGreaterThanOrEqual(1);
    expect(event!.atMs - committedAt).toBeLessThan(1000);
    // Stale-while-revalidate, but `expire`: the server is asked before anything is served.
    const read = await b.fetch(`/api/notes/${id}`);
    expect([titleOf(read.body), read.headers['x-stowage-stale']]).toEqual(['edited on A', undefined]);
  });

  test('each event is applied once, however many tabs relay it', async () => {
    const second = await b.context.newPage();
    await second.goto('/');
    await second.waitForFunction(() => document.documentElement.dataset.stowage === 'ready');
    await expect.poll(async () => (await feed.state()).openStreams).toBe(3);
    const events = await recordInvalidated(b);
    await feed.publish(['note:9']);
    await expect.poll(async () => (await events()).length).toBe(1);
    // Both tabs relayed the first event before this one: were it applied twice, it would come twice.
    await feed.publish(['note:10']);
    await expect.poll(async () => (await events()).map((event) => event.tags)).toEqual([['note:9'], ['note:10']]);
  });

  test('B, offline while A writes, learns of the write when it comes back (it resumes from the last id its worker applied)', async ({ app, control }) => {
    const { id } = (await control.db()).notes[0]!;
    // One event first, so B's worker has an id to resume from.
    const events = await recordInvalidated(b);
    await editNote(app, id, 'second');
    await expect.poll(async () => (await events()).length).toBe(1);
    const appliedId = (await feed.state()).newestId;
    expect(titleOf((await b.fetch(`/api/notes/${id}`)).body)).toBe('second');

    await b.setOffline(true);
    await feed.endStreams();
    await expect.poll(async () => (await feed.state()).openStreams).toBe(1);
    await editNote(app, id, 'written while B was away');
    // Offline, B still has its copy, not yet invalidated.
    expect(titleOf((await b.fetch(`/api/notes/${id}`)).body)).toBe('second');
    await b.setOffline(false);
    await expect.poll(async () => (await events()).length).toBe(2);
    const resumed = (await control.requests({ path: '/api/invalidations' })).at(-1);
    // The page asked its worker where to resume: the id of the last event the worker applied.
    expect(resumed?.path).toBe(`/api/invalidations?lastEventId=${appliedId}`);
    expect((await events())[1]).toMatchObject({ tags: [`note:${id}`, 'notes'], source: 'feed' });
    expect(titleOf((await b.fetch(`/api/notes/${id}`)).body)).toBe('written while B was away');
  });

  test('B, cut off before its first event, learns of a write committed meanwhile (the feed told it where it stood on open)', async ({ app, control }) => {
    const { id } = (await control.db()).notes[0]!;
    expect(titleOf((await b.fetch(`/api/notes/${id}`)).body)).toBe('first');
    // No event yet: B's worker resumes from the cursor the feed sent when it opened.
    await expect.poll(() => workerFeedCursor(b)).toBe(String((await feed.state()).newestId));
    const events = await recordInvalidated(b);
    await b.setOffline(true);
    await feed.endStreams();
    await expect.poll(async () => (await feed.state()).openStreams).toBe(1);
    await editNote(app, id, 'written while B was away');
    await b.setOffline(false);
    await expect.poll(async () => (await events()).map((event) => [event.tags, event.source])).toEqual([[[`note:${id}`, 'notes'], 'feed']]);
    expect(titleOf((await b.fetch(`/api/notes/${id}`)).body)).toBe('written while B was away');
  });

  test('a feed that cannot resume sends reset: B marks every shared entry stale', async ({ app, control }) => {
    const { id } = (await control.db()).notes[0]!;
    const events = await recordInvalidated(b);
    await editNote(app, id, 'second');
    await expect.poll(async () => (await events()).length).toBe(1);
    const fixture = '/api/fixtures/cache-first/reset';
    await control.fixture({ path: fixture, headers: { 'Cache-Control': 'max-age=3600' }, body: { version: '{{version}}' } });
    await b.fetch(fixture);

    await b.setOffline(true);
    await feed.endStreams();
    await feed.keep(1);
    await editNote(app, id, 'third');
    await editNote(app, id, 'fourth');
    await b.setOffline(false);
    await expect.poll(async () => (await events()).map((event) => [event.tags, event.mode, event.source])).toEqual([
      [[`note:${id}`, 'notes'], 'expire', 'feed'],
      [['*'], 'stale', 'feed'],
    ]);
    await b.fetch(fixture);
    expect(await control.requests({ path: fixture })).toHaveLength(2);
    expect(titleOf((await b.fetch(`/api/notes/${id}`)).body)).toBe('fourth');
  });

  test('feed latency from a commit on the server to the invalidated event on the other device (100 writes)', async ({ server }) => {
    const events = await recordInvalidated(b);
    const latencies: number[] = [];
    for (let write = 0; write < 100; write += 1) {
      const response = await fetch(`${server.url}/api/notes`, { method: 'POST', headers: json, body: JSON.stringify({ title: `n${write}` }) });
      // The row is committed before the server answers.
      const committedAt = Date.now();
      expect(response.status).toBe(201);
      await expect.poll(async () => (await events()).length, { intervals: [5] }).toBe(write + 1);
      latencies.push((await events())[write]!.atMs - committedAt);
    }
    const sorted = [...latencies].sort((x, y) => x - y);
    const median = sorted[49]!;
    const p95 = sorted[94]!;
    console.log(`feed latency over 100 writes: median ${median} ms, p95 ${p95} ms`);
    expect(p95).toBeLessThan(1000);
  });
});
