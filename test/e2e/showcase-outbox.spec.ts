import { expect, test } from './support/fixtures.js';

test('a note written offline shows in the outbox panel as queued, with the badge, then as delivered', async ({ app, control }) => {
  const { page } = app;
  // The first load of the list is cached before the network goes away.
  await expect.poll(() => app.cachedUrls('stowage-v1:notes')).toEqual(['/api/notes']);
  await expect(page.locator('#pending-empty')).toBeVisible();
  await expect(page.locator('#queued-badge')).toHaveText('0');

  await app.setOffline(true);
  await expect(page.locator('#status')).toHaveText('offline');
  await page.fill('#create input[name=title]', 'written in a tunnel');
  await page.click('#create button');
  const entry = page.locator('#pending li');
  await expect(entry).toHaveCount(1);
  await expect(entry).toHaveAttribute('data-sync', 'queued');
  await expect(entry).toContainText('POST /api/notes');
  await expect(entry).toContainText('0 attempts');
  await expect(page.locator('#queued-badge')).toHaveText('1');
  await expect(page.locator('#notes li[data-sync=queued]')).toContainText('written in a tunnel');

  await app.setOffline(false);
  await expect(page.locator('#pending li')).toHaveCount(0);
  await expect(page.locator('#pending-empty')).toBeVisible();
  await expect(page.locator('#queued-badge')).toHaveText('0');
  await expect(page.locator('#notes li[data-id]')).toContainText(['written in a tunnel']);
  await expect(page.locator('#delivered li')).toHaveText([/POST \/api\/notes delivered\s*201/]);
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['written in a tunnel']);
});

test('a refused write shows its attempts and error, and Retry sends it again', async ({ app, control }) => {
  const [note] = (await control.reset([{ title: 'draft' }])).notes;
  await app.page.reload();
  await app.page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready');
  await control.fault({ path: `/api/notes/${note!.id}`, method: 'PUT', mode: 'status', status: 403, count: 1 });
  await app.page.click(`#notes li[data-id="${note!.id}"]`);
  await app.page.fill('#edit input[name=title]', 'final');
  await app.page.click('#edit button:has-text("Save")');
  const entry = app.page.locator('#pending li');
  await expect(entry).toHaveAttribute('data-sync', 'failed');
  await expect(entry).toContainText('1 attempt · 403');
  await entry.locator('button:has-text("Retry")').click();
  await expect(app.page.locator('#pending li')).toHaveCount(0);
  expect((await control.db()).notes.map((n) => n.title)).toEqual(['final']);
});
