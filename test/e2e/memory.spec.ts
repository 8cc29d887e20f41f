import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { DemoPage } from './support/demo-page.js';
import { comeBack, lossyNoticeChannel, memoryFetch } from './support/memory.js';

// Issue 15, L1: stowage.fetch() answers from the tab's memory while the worker says the entry is
// fresh, and every change in the worker drops it from every tab's memory.

const fresh = { 'Cache-Control': 'max-age=600', ETag: '"{{version}}"' };

async function secondTab(app: DemoPage): Promise<Page> {
  const page = await app.context.newPage();
  const other = new DemoPage(page, app.context);
  await other.open();
  return page;
}

/** Every outcome the worker counts, summed: unchanged means the worker served nothing. */
async function workerCount(app: DemoPage): Promise<number> {
  const { hits, misses, network, stale, errors } = (await app.stats()).totals;
  return hits + misses + network + stale + errors;
}

test('a fresh entry is answered from memory, without the worker or the server; plain fetch() still goes to the worker', async ({ app, control }) => {
  const path = '/api/fixtures/memory/1';
  await control.fixture({ path, headers: fresh, body: 'one' });
  const first = await memoryFetch(app.page, path);
  expect(first.cacheStatus).toBe('Stowage; fwd=uri-miss; fwd-status=200; stored');
  const served = await workerCount(app);
  const second = await memoryFetch(app.page, path);
  expect(second).toMatchObject({ status: 200, body: 'one', fromMemory: true });
  expect(second.cacheStatus).toBe('Stowage; fwd=uri-miss; fwd-status=200; stored, Stowage-Memory; hit');
  expect(await workerCount(app)).toBe(served);
  expect(await control.requests({ path })).toHaveLength(1);
  const stats = await app.page.evaluate(() => window.stowage.stats({ memory: true }));
  expect(stats.memory).toMatchObject({ hits: 1, entries: 1 });
  const plain = await app.fetch(path);
  expect(plain.headers['cache-status']).toMatch(/^Stowage; hit; ttl=\d+$/);
  expect(await workerCount(app)).toBe(served + 1);
});

test('memory answers only while the worker says fresh: not for a max-age=0 entry, not once time moved past the lifetime', async ({ app, control }) => {
  const now = '/api/fixtures/memory/2';
  await control.fixture({ path: now, headers: { 'Cache-Control': 'max-age=0' }, body: 'x' });
  await memoryFetch(app.page, now);
  expect((await memoryFetch(app.page, now)).fromMemory).toBe(false);
  const path = '/api/fixtures/memory/3';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=10' }, body: 'y' });
  await memoryFetch(app.page, path);
  expect((await memoryFetch(app.page, path)).fromMemory).toBe(true);
  await app.advanceClock(11_000);
  const after = await memoryFetch(app.page, path);
  expect(after.fromMemory).toBe(false);
  expect(await control.requests({ path })).toHaveLength(2);
});

test('responses over maxEntryBytes and routes without memory: true are not kept', async ({ app, control }) => {
  const big = '/api/fixtures/memory/big';
  await control.fixture({ path: big, headers: fresh, size: 300 * 1024 });
  await memoryFetch(app.page, big);
  expect((await memoryFetch(app.page, big)).fromMemory).toBe(false);
  const other = '/api/fixtures/http-cache-first/not-memory';
  await control.fixture({ path: other, headers: fresh, body: 'z' });
  await memoryFetch(app.page, other);
  const read = await memoryFetch(app.page, other);
  expect(read.fromMemory).toBe(false);
  expect(read.cacheStatus).toMatch(/^Stowage; hit; ttl=\d+$/);
});

for (const mode of ['stale', 'expire', 'purge'] as const) {
  test(`an invalidation (${mode}) made in tab A is honoured by tab B's stowage.fetch()`, async ({ app, control }) => {
    const path = `/api/fixtures/memory/inv-${mode}`;
    await control.fixture({ path, headers: fresh, body: 'v{{version}}' });
    const tabB = await secondTab(app);
    await memoryFetch(tabB, path);
    expect((await memoryFetch(tabB, path)).fromMemory).toBe(true);
    await control.fixture({ path, headers: fresh, body: 'v{{version}}' });
    await app.page.evaluate(({ id, mode }) => window.stowage.invalidate({ tags: [`item:inv-${id}`] }, { mode }), { id: mode, mode });
    const read = await memoryFetch(tabB, path);
    expect(read.fromMemory).toBe(false);
    expect(read.body).toBe('v2');
  });
}

test("a new representation stored by one tab's read drops the other tabs' copies", async ({ app, control }) => {
  const path = '/api/fixtures/memory/replaced';
  await control.fixture({ path, headers: fresh, body: 'v{{version}}' });
  const tabB = await secondTab(app);
  await memoryFetch(tabB, path);
  await control.fixture({ path, headers: fresh, body: 'v{{version}}' });
  await app.page.evaluate(() => window.stowage.refresh({ urls: ['/api/fixtures/memory/replaced'] }));
  expect(await memoryFetch(tabB, path)).toMatchObject({ fromMemory: false, body: 'v2' });
});

test('a tab that sees a gap in the notice numbers asks the worker what it missed, and keeps what was not touched', async ({ app, control }) => {
  const [touched, untouched, unrelated] = ['gap-a', 'gap-b', 'gap-c'].map((id) => `/api/fixtures/memory/${id}`) as [string, string, string];
  for (const path of [touched, untouched, unrelated]) await control.fixture({ path, headers: fresh, body: 'v{{version}}' });
  const page = await app.context.newPage();
  await lossyNoticeChannel(page);
  const tabB = new DemoPage(page, app.context);
  await tabB.open();
  await memoryFetch(page, touched);
  await memoryFetch(page, untouched);
  await page.evaluate(() => (window as unknown as { dropNotices: (n: number) => void }).dropNotices(1));
  await app.page.evaluate((url) => window.stowage.invalidate({ urls: [url] }, { mode: 'expire' }), touched);
  // The next notice (another URL) shows the gap.
  await app.page.evaluate((url) => window.stowage.invalidate({ urls: [url] }, { mode: 'expire' }), unrelated);
  await expect.poll(async () => (await memoryFetch(page, touched)).fromMemory).toBe(false);
  expect((await memoryFetch(page, untouched)).fromMemory).toBe(true);
});

for (const how of ['bfcache', 'frozen', 'hidden'] as const) {
  test(`a tab that missed a notice resynchronises when it comes back (${how})`, async ({ app, control }) => {
    const path = `/api/fixtures/memory/back-${how}`;
    await control.fixture({ path, headers: fresh, body: 'v{{version}}' });
    const page = await app.context.newPage();
    await lossyNoticeChannel(page);
    await new DemoPage(page, app.context).open();
    await memoryFetch(page, path);
    await page.evaluate(() => (window as unknown as { dropNotices: (n: number) => void }).dropNotices(1));
    await app.page.evaluate((url) => window.stowage.invalidate({ urls: [url] }, { mode: 'expire' }), path);
    // Missed: nothing else tells it.
    expect((await memoryFetch(page, path)).fromMemory).toBe(true);
    await comeBack(page, how);
    await expect.poll(async () => (await memoryFetch(page, path)).fromMemory).toBe(false);
  });
}

test('a frozen tab (CDP) that comes back active does not answer from memory what changed meanwhile', async ({ app, control }) => {
  const path = '/api/fixtures/memory/frozen';
  await control.fixture({ path, headers: fresh, body: 'v{{version}}' });
  const tabB = await secondTab(app);
  await memoryFetch(tabB, path);
  const cdp = await app.context.newCDPSession(tabB);
  await cdp.send('Page.enable');
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await control.fixture({ path, headers: fresh, body: 'v{{version}}' });
  await app.page.evaluate((url) => window.stowage.invalidate({ urls: [url] }, { mode: 'expire' }), path);
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  expect(await memoryFetch(tabB, path)).toMatchObject({ fromMemory: false, body: 'v2' });
});

for (const action of ['setUser', 'clear'] as const) {
  test(`${action}() empties the memory of every tab before it resolves`, async ({ app, control }) => {
    const path = `/api/fixtures/memory-private/${action}`;
    await control.fixture({ path, headers: { 'Cache-Control': 'private, max-age=600' }, body: 'alice' });
    await app.page.evaluate(() => window.stowage.setUser('alice'));
    const tabB = await secondTab(app);
    await memoryFetch(app.page, path);
    await memoryFetch(tabB, path);
    expect((await memoryFetch(tabB, path)).fromMemory).toBe(true);
    await app.page.evaluate((action) => (action === 'setUser' ? window.stowage.setUser('bob') : window.stowage.clear().then(() => undefined)), action);
    for (const page of [app.page, tabB]) {
      expect((await page.evaluate(() => window.stowage.stats({ memory: true }))).memory.entries).toBe(0);
      expect((await memoryFetch(page, path)).fromMemory).toBe(false);
    }
  });
}
