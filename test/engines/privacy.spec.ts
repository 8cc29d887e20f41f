import { scanOrigin } from '../e2e/support/origin-scan.js';
import { expect, test } from './support/fixtures.js';
import type { EngineApp } from './support/engine-app.js';

const MARKER = 'MARKER-e9c41';

async function logIn(app: EngineApp, user: string): Promise<void> {
  await app.page.evaluate(async (user) => {
    const response = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user }) });
    if (!response.ok) throw new Error(`login failed: ${response.status}`);
    await window.stowage.setUser(user);
  }, user);
}

test('clear() leaves no cache entry and no IndexedDB record holding the signed-out user\'s data', async ({ app, control }) => {
  await control.setUser('alice', { secret: `${MARKER}-secret`, inbox: [{ from: 'bank', subject: `${MARKER}-subject`, text: `${MARKER}-text` }] });
  await logIn(app, 'alice');
  expect((await app.fetch('/api/me')).body).toContain(MARKER);
  expect((await app.fetch('/api/inbox')).body).toContain(MARKER);
  await expect.poll(() => app.cachedUrls(':u:')).toEqual(['/api/inbox', '/api/me']);
  // A draft queued while the server refuses carries the marker too.
  const { notes } = await control.reset([{ title: 'shared' }]);
  await control.fault({ mode: 'refuse' });
  const draft = await app.fetch(`/api/notes/${notes[0]!.id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'shared', body: `${MARKER} draft` }) });
  expect(draft.status).toBe(202);
  expect((await scanOrigin(app.page, MARKER)).length).toBeGreaterThan(0);

  expect(await app.page.evaluate(() => window.stowage.clear({ pending: 'discard' }))).toMatchObject({ discarded: 1, keyDeleted: true });
  expect(await scanOrigin(app.page, MARKER)).toEqual([]);
  expect(await app.page.evaluate(() => caches.keys())).not.toContainEqual(expect.stringContaining(':u:'));
});

test('an encrypted route stores ciphertext only, and serves the plaintext back', async ({ app, control }) => {
  const path = '/api/fixtures/encrypted/doc';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: { secret: `${MARKER}-plain` } });
  await app.page.evaluate(() => window.stowage.setUser('alice'));
  expect((await app.fetch(path)).body).toContain(`${MARKER}-plain`);
  await expect.poll(() => app.cachedUrls('encrypted')).toEqual([path]);
  expect(await scanOrigin(app.page, MARKER)).toEqual([]);
  await control.fault({ mode: 'refuse' });
  expect((await app.fetch(path)).body).toContain(`${MARKER}-plain`);
  expect(await control.requests({ path })).toHaveLength(1);
});
