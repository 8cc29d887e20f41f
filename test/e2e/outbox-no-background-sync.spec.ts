import { expect, test } from './support/fixtures.js';
import { deliveryFigures, mutate, notes, waitForEmptyOutbox } from './support/outbox.js';

test('without Background Sync, mutations made offline are delivered once each when the page comes back online', async ({ app, control, browser, server }, testInfo) => {
  // Denying the permission makes sync.register() reject, so no sync event ever fires: from the
  // worker's side this is a browser without the API (Firefox, Safari); only Stowage's triggers remain.
  const { targetInfo } = await (await app.context.newCDPSession(app.page)).send('Target.getTargetInfo');
  const cdp = await browser.newBrowserCDPSession();
  await cdp.send('Browser.setPermission', {
    permission: { name: 'background-sync' },
    setting: 'denied',
    origin: server.url,
    ...(targetInfo.browserContextId ? { browserContextId: targetInfo.browserContextId } : {}),
  });
  const syncRegistration = await app.page.evaluate(async () => {
    const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync: { register(tag: string): Promise<void> } };
    return registration.sync.register('probe').then(() => 'registered', (error: Error) => error.name);
  });
  expect(syncRegistration).toBe('NotAllowedError');

  await app.setOffline(true);
  const mutations = notes('no-sync', 20);
  await mutate(app.page, mutations);
  await app.setOffline(false);
  await waitForEmptyOutbox(app.page);
  const figures = await deliveryFigures(control, mutations.map((m) => (m.body as { title: string }).title), testInfo, 'no Background Sync');
  expect(figures).toEqual({ queued: 20, delivered: 20, lost: 0, duplicated: 0 });
});
