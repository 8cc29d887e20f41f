import { expect, test } from './support/fixtures.js';

// Fresh for an hour by HTTP rules, so only the route's strategy decides. The server goes down through
// the control API's `refuse` fault (connections closed unanswered), the cross-engine way to be
// offline: no engine but Chromium lets a driver take a worker's network away.
const cacheable = { 'Cache-Control': 'max-age=3600' };

test('the first visit is controlled by the worker without a reload', async ({ app, control }) => {
  const state = await app.page.evaluate(() => ({ controlled: navigator.serviceWorker.controller !== null, reloads: performance.getEntriesByType('navigation').length }));
  expect(state).toEqual({ controlled: true, reloads: 1 });
  // The page's own fetches go through it from the start.
  await control.fixture({ path: '/api/fixtures/network-only/first', body: 'first' });
  expect((await app.fetch('/api/fixtures/network-only/first')).body).toBe('first');
  expect((await app.stats()).routes['/api/fixtures/network-only/*']).toMatchObject({ network: 1 });
});

test('network-first answers from the network while the server is up and from the cache while it refuses', async ({ app, control }) => {
  const path = '/api/fixtures/network-first/item';
  await control.fixture({ path, headers: cacheable, body: { version: 1 } });
  await app.fetch(path);
  await control.fixture({ path, headers: cacheable, body: { version: 2 } });
  expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 2 });
  await expect.poll(() => app.cachedUrls('network-first')).toEqual([path]);

  await control.fault({ mode: 'refuse' });
  expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 2 });
  const miss = await app.fetch(`${path}-never-cached`);
  expect(miss.status).toBe(504);
  expect(miss.headers['x-stowage-error']).toBe('network-error');
  expect((await app.stats()).routes['/api/fixtures/network-first/*']).toMatchObject({ network: 2, stale: 1 });
});

test('cache-first serves its entry without the network, and with the server down', async ({ app, control }) => {
  const path = '/api/fixtures/cache-first/item';
  await control.fixture({ path, headers: cacheable, body: { version: 1 } });
  await app.fetch(path);
  await control.fixture({ path, headers: cacheable, body: { version: 2 } });
  expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 1 });
  await control.fault({ mode: 'refuse' });
  expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 1 });
  expect(await control.requests({ path })).toHaveLength(1);
  expect((await app.stats()).routes['/api/fixtures/cache-first/*']).toMatchObject({ misses: 1, network: 1, hits: 2 });
});

test('stale-while-revalidate answers from the cache and stores the new version for next time; the server down leaves the old one', async ({ app, control }) => {
  const path = '/api/fixtures/stale-while-revalidate/item';
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0' }, body: { version: 1 } });
  await app.fetch(path);
  await control.fixture({ path, headers: { 'Cache-Control': 'max-age=0' }, body: { version: 2 } });
  expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 1 });
  await expect.poll(async () => JSON.parse((await app.fetch(path)).body)).toEqual({ version: 2 });

  await control.fault({ mode: 'refuse' });
  expect(JSON.parse((await app.fetch(path)).body)).toEqual({ version: 2 });
});

test('the app shell opens again with the server down', async ({ app, control }) => {
  await expect.poll(() => app.cachedUrls(':pages')).toContain('/');
  await control.fault({ mode: 'refuse' });
  await app.open();
  expect(await app.page.evaluate(() => document.title)).not.toBe('');
});
