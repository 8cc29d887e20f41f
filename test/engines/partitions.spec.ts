import { memoryFetch } from '../e2e/support/memory.js';
import { scanOrigin } from '../e2e/support/origin-scan.js';
import type { EngineApp } from './support/engine-app.js';
import { expect, test } from './support/fixtures.js';

// Per-user partitions in every engine, with two tabs of one browser (one profile, one worker). The
// server goes down through the control API's `refuse` fault: what a read gets then is the cache's.
const MARKER = 'MARKER-4b0d2';
const aliceData = { secret: `${MARKER}-secret`, inbox: [{ from: 'bank', subject: `${MARKER}-subject`, text: `${MARKER}-text` }] };

async function logIn(app: EngineApp, user: string): Promise<void> {
  await app.page.evaluate(async (user) => {
    const response = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user }) });
    if (!response.ok) throw new Error(`login failed: ${response.status}`);
    await window.stowage.setUser(user);
  }, user);
}

const partitioned = (app: EngineApp): Promise<string[]> => app.cachedUrls(':u:');

test("user B is never served user A's private entries, in either tab, with the server up or refusing", async ({ app, control }) => {
  await control.setUser('alice', aliceData);
  await logIn(app, 'alice');
  for (const path of ['/api/me', '/api/inbox']) expect((await app.fetch(path)).body).toContain(MARKER);
  await expect.poll(() => partitioned(app)).toEqual(['/api/inbox', '/api/me']);
  const tab = await app.openTab();

  // Account switch without a purge, server refusing: bob's partition is empty, so a miss in both tabs.
  await control.fault({ mode: 'refuse' });
  await app.page.evaluate(() => window.stowage.setUser('bob'));
  for (const reader of [app, tab]) {
    for (const path of ['/api/me', '/api/inbox']) {
      const response = await reader.fetch(path);
      expect([response.status, response.body.includes(MARKER)]).toEqual([504, false]);
    }
  }
  await control.clearFaults();
  await logIn(tab, 'bob');
  expect(JSON.parse((await tab.fetch('/api/me')).body)).toMatchObject({ user: 'bob' });
  expect((await tab.fetch('/api/inbox')).body).toContain('bob');
  await expect.poll(() => partitioned(app)).toHaveLength(4);

  await control.fault({ mode: 'refuse' });
  for (const reader of [app, tab]) {
    const inbox = await reader.fetch('/api/inbox');
    expect([inbox.status, inbox.body.includes('bob'), inbox.body.includes(MARKER)]).toEqual([200, true, false]);
  }
  // Back to alice, still refused: her own entries, from her own partition.
  await app.page.evaluate(() => window.stowage.setUser('alice'));
  expect((await tab.fetch('/api/inbox')).body).toContain(MARKER);
});

test("clear() in one tab leaves the other tab none of the user's data: not in the caches, IndexedDB or its page memory", async ({ app, control }) => {
  await control.setUser('alice', aliceData);
  const privatePath = '/api/fixtures/memory-private/doc';
  await control.fixture({ path: privatePath, headers: { 'Cache-Control': 'max-age=3600' }, body: `${MARKER}-memory` });
  await logIn(app, 'alice');
  const tab = await app.openTab();
  await tab.page.evaluate(() => {
    const seen: unknown[] = [];
    Object.assign(window, { seen });
    window.stowage.on('cleared', (detail) => seen.push(['cleared', detail.keyDeleted]));
  });
  expect((await tab.fetch('/api/inbox')).body).toContain(MARKER);
  expect((await memoryFetch(tab.page, privatePath)).body).toContain(MARKER);
  expect(await memoryFetch(tab.page, privatePath)).toMatchObject({ fromMemory: true });
  await expect.poll(() => partitioned(tab)).toEqual(expect.arrayContaining(['/api/fixtures/memory-private/doc', '/api/inbox']));
  expect((await scanOrigin(tab.page, MARKER)).length).toBeGreaterThan(0);

  await app.page.evaluate(() => window.stowage.clear());
  await expect.poll(() => tab.page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)).toHaveLength(1);
  expect(await scanOrigin(tab.page, MARKER)).toEqual([]);
  await control.fault({ mode: 'refuse' });
  for (const read of [await tab.fetch('/api/inbox'), await memoryFetch(tab.page, privatePath)]) {
    expect([read.status, read.body.includes(MARKER)]).toEqual([504, false]);
  }
});
