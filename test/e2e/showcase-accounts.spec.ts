import { expect, test } from './support/fixtures.js';
import { partitionedUrls } from './support/users.js';

test('signing in fills the private panels, switching keeps each user apart, signing out empties them and says what was removed', async ({ app, control }) => {
  const { page } = app;
  await control.setUser('ada', { inbox: [{ from: 'a@example.com', subject: 'For ada', text: 'hi' }] });
  await control.setUser('bob', { inbox: [{ from: 'b@example.com', subject: 'For bob', text: 'hi' }] });
  await expect(page.locator('#inbox-section')).toBeHidden();

  await page.fill('#login input[name=user]', 'ada');
  await page.click('#login button');
  await expect(page.locator('#who')).toHaveText('Signed in as ada');
  await expect(page.locator('#inbox li')).toHaveText([/For ada/]);
  await expect(page.locator('#profile')).toContainText('ada');

  await page.click('#switch');
  await page.fill('#login input[name=user]', 'bob');
  await page.click('#login button');
  await expect(page.locator('#who')).toHaveText('Signed in as bob');
  await expect(page.locator('#inbox li')).toHaveText([/For bob/]);
  await expect(page.locator('#account-report')).toContainText('Switched from ada to bob');

  await page.click('#logout');
  await expect(page.locator('#account-report')).toHaveText(/^Signed out\. Removed [1-9]\d* cached entr(y|ies) in \d+ caches? and the encryption key; 0 queued writes delivered first\.$/);
  await expect(page.locator('#login')).toBeVisible();
  await expect(page.locator('#inbox-section')).toBeHidden();
  await expect(page.locator('#inbox li')).toHaveCount(0);
  await expect(page.locator('#profile')).toHaveText('');
  await expect(page.locator('#who')).toBeHidden();
  expect(await partitionedUrls(app)).toEqual([]);

  // A reload after signing out asks nothing private of the server.
  await control.clearRequests();
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready');
  await expect(page.locator('#inbox-section')).toBeHidden();
  expect(await control.requests({ prefix: '/api/me' })).toEqual([]);
});
