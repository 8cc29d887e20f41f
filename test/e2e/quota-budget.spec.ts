import { expect, test } from './support/fixtures.js';

const BUDGETED = '/api/fixtures/max-bytes';

test("maxBytes keeps a route's cache within its byte budget by evicting its least recently used entries", async ({ app, control }) => {
  for (const name of ['a', 'b', 'c']) await control.fixture({ path: `${BUDGETED}/${name}`, size: 10_000, headers: { 'Cache-Control': 'max-age=3600' } });
  await app.fetch(`${BUDGETED}/a`);
  await app.fetch(`${BUDGETED}/b`);
  await app.advanceClock(1000);
  // a is used again, so b is now the least recently used.
  await app.fetch(`${BUDGETED}/a`);
  await app.advanceClock(1000);
  // 30 000 bytes over a 25 000-byte budget: one entry goes.
  await app.fetch(`${BUDGETED}/c`);
  await expect.poll(() => app.cachedUrls('max-bytes')).toEqual([`${BUDGETED}/a`, `${BUDGETED}/c`]);
  expect((await app.stats()).routes[`${BUDGETED}/*`]!.storedBytes).toBe(20_000);
});

test('register(url, { persist: true }) asks for persistent storage and says whether it was granted', async ({ page, context, browser, server }) => {
  // Granted up front, as a browser does for an installed or much-used app; headless Chromium would refuse.
  const { targetInfo } = await (await context.newCDPSession(page)).send('Target.getTargetInfo');
  await (await browser.newBrowserCDPSession()).send('Browser.setPermission', {
    permission: { name: 'persistent-storage' },
    setting: 'granted',
    origin: server.url,
    ...(targetInfo.browserContextId ? { browserContextId: targetInfo.browserContextId } : {}),
  });
  // The demo registers with `persist: true`.
  await page.goto('/');
  await page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready');
  expect(await page.evaluate(() => window.stowage.persisted)).toBe(true);
  expect(await page.evaluate(() => navigator.storage.persisted())).toBe(true);
});

test('without the grant, persist: true reports false and the app still starts', async ({ app }) => {
  expect(await app.page.evaluate(() => window.stowage.persisted)).toBe(false);
});
