import { DemoPage } from './support/demo-page.js';
import { expect, test } from './support/fixtures.js';

test('a first visit and a reload log no console error and get no error status', async ({ page, context, control }) => {
  void control; // the server is reset before the page loads
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // The worker's own fetches too: a 401 for /api/me would count wherever it was asked for.
  context.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });

  const app = new DemoPage(page, context);
  await app.open();
  await expect(page.locator('#status')).toHaveText('online');
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready');
  // The live panel's first sample went through the worker too.
  await expect(page.locator('#hit-legend span').first()).toBeVisible();
  expect(problems).toEqual([]);
});
