import type { Page } from '@playwright/test';
import { DemoPage } from './support/demo-page.js';
import { expect, test } from './support/fixtures.js';

// Two pages and two deliveries each: more than the default 30 s on a loaded two-core machine.
test.describe.configure({ timeout: 90_000 });

/**
 * Two tabs load the same note; the first saves; the second saves from its now stale copy, so its
 * If-Match names an old ETag and the server answers 412: a conflict in the second tab's outbox.
 */
async function provokeConflict(app: DemoPage, id: number): Promise<{ mine: Page; theirs: Page }> {
  const theirs = await app.context.newPage();
  const other = new DemoPage(theirs, app.context);
  await other.open();
  for (const page of [app.page, theirs]) {
    await page.click(`#notes li[data-id="${id}"]`);
    await expect(page.locator('#edit input[name=title]')).toHaveValue('shared');
  }
  await theirs.fill('#edit input[name=title]', 'theirs');
  await theirs.click('#edit button:has-text("Save")');
  await expect(theirs.locator('#delivered li')).toHaveCount(1);
  await app.page.fill('#edit input[name=title]', 'mine');
  await app.page.click('#edit button:has-text("Save")');
  await expect(app.page.locator('#pending li')).toHaveAttribute('data-sync', 'conflict');
  await expect(app.page.locator('#pending li')).toContainText('412');
  return { mine: app.page, theirs };
}

test('a conflict between two tabs resolved with "keep mine": sent again with the current ETag', async ({ app, control }) => {
  const [note] = (await control.reset([{ title: 'shared' }])).notes;
  await app.page.reload();
  await app.page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready');
  const { mine } = await provokeConflict(app, note!.id);

  await mine.locator('#pending li button:has-text("Keep mine")').click();
  await expect(mine.locator('#pending li')).toHaveCount(0);
  await expect(mine.locator('#queued-badge')).toHaveText('0');
  expect((await control.db()).notes.map((n) => n.title)).toEqual(['mine']);
  // The second delivery carried the ETag of "theirs", which the server then accepted.
  const puts = await control.requests({ path: `/api/notes/${note!.id}`, method: 'PUT' });
  expect(puts.map((request) => request.status)).toEqual([200, 412, 200]);
  await expect(mine.locator('#notes li[data-id]')).toContainText(['mine']);
});

test('a conflict between two tabs resolved with "take theirs": mine is dropped and theirs is shown', async ({ app, control }) => {
  const [note] = (await control.reset([{ title: 'shared' }])).notes;
  await app.page.reload();
  await app.page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready');
  const { mine } = await provokeConflict(app, note!.id);

  await mine.locator('#pending li button:has-text("Take theirs")').click();
  await expect(mine.locator('#pending li')).toHaveCount(0);
  await expect(mine.locator('#queued-badge')).toHaveText('0');
  await expect(mine.locator('#edit input[name=title]')).toHaveValue('theirs');
  await expect(mine.locator('#notes li[data-id]')).toContainText(['theirs']);
  expect((await control.db()).notes.map((n) => n.title)).toEqual(['theirs']);
});
