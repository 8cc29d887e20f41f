import { expect, test } from './support/fixtures.js';

test('the status bar tells offline from a server that cannot be reached, and shows when it is back', async ({ app, control }) => {
  const { page } = app;
  const status = page.locator('#status');
  const banner = page.locator('#offline-banner');
  await expect(status).toHaveText('online');
  await expect(banner).toBeHidden();

  await app.setOffline(true);
  await expect(status).toHaveText('offline');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('You are offline');

  await app.setOffline(false);
  await expect(status).toHaveText('online');
  await expect(banner).toBeHidden();

  // The browser stays online; the server refuses connections: only the worker's fetches can tell.
  await control.fault({ path: '/api/notes', method: 'GET', mode: 'refuse' });
  await page.click('#reload');
  await expect(status).toHaveText('server unreachable');
  await expect(banner).toContainText('The server cannot be reached');

  await control.clearFaults();
  await page.click('#reload');
  await expect(status).toHaveText('online');
  await expect(banner).toBeHidden();
});

test('a gateway error from a proxy in front of the server counts as unreachable', async ({ app, control }) => {
  await control.fault({ path: '/api/notes', method: 'GET', mode: 'status', status: 502 });
  await app.page.click('#reload');
  await expect(app.page.locator('#status')).toHaveText('server unreachable');
  expect(await app.page.evaluate(() => window.stowage.connectivity())).toMatchObject({ state: 'unreachable' });
});
