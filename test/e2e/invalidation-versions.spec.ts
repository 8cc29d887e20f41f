import type { EventMap } from '../../src/shared/protocol.js';
import type { DemoPage } from './support/demo-page.js';
import { expect, test } from './support/fixtures.js';
import { json } from './support/http-cache.js';
import { recordInvalidated } from './support/invalidation-feed.js';

// Issue 11, versioned routes: the demo's test worker takes the `versioned` routes' version from its
// script URL (`/sw.js?version=2`), so registering that URL deploys a worker with a raised version.
const cacheable = { 'Cache-Control': 'max-age=3600' };

async function deploy(app: DemoPage, version: number): Promise<void> {
  await app.page.evaluate(async (version) => {
    const registration = await navigator.serviceWorker.register(`/sw.js?version=${version}`, { updateViaCache: 'none' });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no controllerchange')), 10_000);
      navigator.serviceWorker.addEventListener('controllerchange', () => (clearTimeout(timer), resolve()), { once: true });
      void registration.update();
    });
  }, version);
}

async function cache(app: DemoPage, control: import('./support/control.js').Control, path: string): Promise<void> {
  await control.fixture({ path, headers: cacheable, body: { version: '{{version}}' } });
  expect(json(await app.fetch(path))).toEqual({ version: '1' });
  await control.fixture({ path, headers: cacheable, body: { version: '{{version}}' } });
}

test('a raised route version: online reads refetch, offline reads still work from the old entries, the outbox survives', async ({ app, control }) => {
  const online = '/api/fixtures/versioned/online';
  const offline = '/api/fixtures/versioned-swr/offline';
  await cache(app, control, online);
  await cache(app, control, offline);
  expect(json(await app.fetch(online))).toEqual({ version: '1' });
  await app.setOffline(true);
  expect((await app.fetch('/api/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'queued before the deploy' }) })).status).toBe(202);
  const identity = (): Promise<unknown> =>
    app.page.evaluate(() => window.stowage.pending().then((entries) => entries.map(({ id, idempotencyKey, method, url, createdAt }) => ({ id, idempotencyKey, method, url, createdAt }))));
  const queued = await identity();
  expect(queued).toHaveLength(1);
  // The outbox must not deliver before the deploy in this test: the server refuses writes for now.
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'refuse' });
  await app.setOffline(false);
  await app.page.evaluate(() => {
    const seen: Array<EventMap['invalidated']> = [];
    Object.assign(window, { versionEvents: seen });
    window.stowage.on('invalidated', (detail) => detail.source === 'version' && seen.push(detail));
  });

  await deploy(app, 2);
  await expect
    .poll(() => app.page.evaluate(() => (window as unknown as { versionEvents: Array<EventMap['invalidated']> }).versionEvents.map((event) => [event.tags, event.mode])))
    .toEqual(expect.arrayContaining([[['versioned'], 'expire'], [['versioned-swr'], 'expire']]));
  // Never fresh again: the online read asks the server (stale-while-revalidate too, before serving).
  expect(json(await app.fetch(online))).toEqual({ version: '2' });
  await app.setOffline(true);
  const old = await app.fetch(offline);
  expect([json(old), old.headers['x-stowage-stale']]).toEqual([{ version: '1' }, 'expire']);
  // The queued write is still there, unchanged (its attempts against the refusing server aside).
  expect(await identity()).toEqual(queued);
  await app.setOffline(false);
  await control.clearFaults();
  await app.page.evaluate(() => window.stowage.flush());
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['queued before the deploy']);
  expect(json(await app.fetch(offline))).toEqual({ version: '2' });
});

test('entries two versions behind are deleted; one version behind stays as an offline fallback', async ({ app, control }) => {
  const path = '/api/fixtures/versioned/kept';
  await cache(app, control, path);
  const events = await recordInvalidated(app);
  await deploy(app, 2);
  // The worker announces the version after recording it: a deploy before then would end its activation.
  await expect.poll(async () => (await events()).filter((event) => event.source === 'version').length).toBe(2);
  expect(await app.cachedUrls('versioned')).toEqual([path]);
  await deploy(app, 3);
  // The new worker retires old entries during its activation, which may end after it took control.
  await expect.poll(() => app.cachedUrls('versioned'), { timeout: 15_000 }).toEqual([]);
});
