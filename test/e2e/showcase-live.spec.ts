import { expect, test } from './support/fixtures.js';

test('the live panel charts hit ratios per route, names the layer that answered each read, and lists invalidations', async ({ app, control }) => {
  const [note] = (await control.reset([{ title: 'first' }])).notes;
  const { page } = app;
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready');
  await expect(page.locator('#hit-chart polyline[data-route="notes"]')).toHaveCount(1);
  await expect(page.locator('#hit-legend')).toContainText('notes');

  // Opening the note twice: the server answers the first read, Stowage's cache the second.
  await page.click(`#notes li[data-id="${note!.id}"]`);
  await expect(page.locator('#reads li').first()).toContainText(`/api/notes/${note!.id}`);
  await expect(page.locator('#reads li').first()).toHaveAttribute('data-layer', 'origin');
  await page.click(`#notes li[data-id="${note!.id}"]`);
  await expect(page.locator('#reads li').first()).toHaveAttribute('data-layer', 'Stowage cache');
  expect(await page.locator('#reads li').first().getAttribute('title')).toMatch(/^Stowage; hit/);

  // Saving marks the list and the note stale (the write route's `invalidates`), and the server's
  // answer names the same groups in Cache-Group-Invalidation: each is listed as it arrives.
  await page.fill('#edit input[name=title]', 'second');
  await page.click('#edit button:has-text("Save")');
  const list = page.locator('#invalidations');
  await expect(list).toContainText(new RegExp(`tag notes, tag note:${note!.id}, /api/notes/${note!.id}: stale, \\d+ entries?write`));
  await expect(list).toContainText(new RegExp(`tag note:${note!.id}, tag notes: expire, \\d+ entries?server`));
});
