import { expect, test } from './support/fixtures.js';
import { waitForEmptyOutbox } from './support/outbox.js';

test('the demo shows a note created offline as queued, with the queued count, and as a real note once delivered', async ({ app, control }) => {
  const { page } = app;
  // The page's first load of the list is cached before the network goes away.
  await expect.poll(() => app.cachedUrls('stowage-v1:notes')).toEqual(['/api/notes']);
  await app.setOffline(true);
  await page.fill('#create input[name=title]', 'written on a train');
  await page.click('#create button');
  await expect(page.locator('#notes li[data-sync=queued]')).toContainText('written on a train');
  await expect(page.locator('#outbox-count')).toHaveText('1 queued mutation');

  await app.setOffline(false);
  await waitForEmptyOutbox(page);
  await expect(page.locator('#outbox-count')).toHaveText('all changes saved');
  await expect(page.locator('#notes li[data-id]')).toContainText(['written on a train']);
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['written on a train']);
});

test('the demo marks an edit the server refused as failed and lets the user discard it', async ({ app, control }) => {
  const [note] = (await control.reset([{ title: 'shared' }])).notes;
  await app.page.reload();
  await app.page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready');
  await control.fault({ path: `/api/notes/${note!.id}`, method: 'PUT', mode: 'status', status: 403, count: 1 });
  await app.page.click(`#notes li[data-id="${note!.id}"]`);
  await app.page.fill('#edit input[name=title]', 'mine');
  await app.page.click('#edit button:has-text("Save")');
  const item = app.page.locator(`#notes li[data-id="${note!.id}"]`);
  await expect(item).toHaveAttribute('data-sync', 'failed');
  await item.locator('button:has-text("Discard")').click();
  await waitForEmptyOutbox(app.page);
  expect((await control.db()).notes.map((n) => n.title)).toEqual(['shared']);
});
