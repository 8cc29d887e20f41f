import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { partitionedUrls } from './support/users.js';

test.use({ hasTouch: true });

/** A finger dragging `selector` down by `distancePx`, as touch events (Playwright's touchscreen only taps). */
function pullDown(page: Page, selector: string, distancePx: number): Promise<void> {
  return page.evaluate(
    ({ selector, distancePx }) => {
      const element = document.querySelector(selector)!;
      const touch = (y: number): Touch => new Touch({ identifier: 1, target: element, clientX: 50, clientY: y });
      element.dispatchEvent(new TouchEvent('touchstart', { touches: [touch(100)], bubbles: true }));
      element.dispatchEvent(new TouchEvent('touchmove', { touches: [touch(100 + distancePx)], bubbles: true }));
      element.dispatchEvent(new TouchEvent('touchend', { touches: [], bubbles: true }));
    },
    { selector, distancePx },
  );
}

test('the demo logs in, refreshes by button and by pulling the list down, and logs out with clear()', async ({ app, control }) => {
  await control.setUser('dora', { inbox: [{ from: 'a@example.com', subject: 'Hello dora', text: 'hi' }] });
  const { page } = app;
  await page.fill('#login input[name=user]', 'dora');
  await page.click('#login button');
  await expect(page.locator('#who')).toHaveText('Signed in as dora');
  await expect(page.locator('#inbox li')).toHaveText([/Hello dora/]);
  await expect.poll(() => partitionedUrls(app)).toEqual(['/api/inbox', '/api/me']);

  await page.click('#refresh');
  await expect(page.locator('#refresh-report')).toHaveText(/\d+ checked: \d+ changed, \d+ unchanged, 0 failed/);
  await control.setUser('dora', { inbox: [{ from: 'b@example.com', subject: 'Second message', text: 'hi again' }] });
  await control.clearRequests();
  await pullDown(page, '#inbox', 40); // too short: nothing happens
  await pullDown(page, '#inbox', 120);
  await expect(page.locator('#inbox li')).toHaveText([/Second message/]);
  expect((await control.requests({ path: '/api/inbox' })).some((request) => request.headers['if-none-match'])).toBe(true);

  await page.click('#logout');
  await expect(page.locator('#login')).toBeVisible();
  await expect(page.locator('#inbox-section')).toBeHidden();
  expect(await partitionedUrls(app)).toEqual([]);
});
