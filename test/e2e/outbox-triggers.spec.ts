import type { Page } from '@playwright/test';
import type { PendingEntry } from '../../src/shared/outbox.js';
import type { Control } from './support/control.js';
import { expect, test } from './support/fixtures.js';
import { mutate, noteWrites, pending, waitForEmptyOutbox } from './support/outbox.js';

/*
 * Each replay trigger on its own. The entry waits on the `slow` test route (an hour of backoff) or a
 * Retry-After, and the browser stays online, so neither a backoff timer nor Background Sync (which
 * Chromium retries only after five minutes once a sync failed) can be what delivers it.
 */

/** Queues one note while the server refuses connections, and waits for the failed attempt. */
async function queueBehindNetworkError(page: Page, control: Control, title: string): Promise<PendingEntry> {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'refuse' });
  await mutate(page, [{ body: { title }, route: 'slow' }]);
  await expect.poll(async () => (await pending(page))[0]?.lastError?.code).toBe('network-error');
  const [waiting] = await pending(page);
  await control.clearFaults();
  return waiting!;
}

test("the page's online event is relayed to the worker: entries waiting on a network error are sent at once", async ({ app, control }) => {
  const waiting = await queueBehindNetworkError(app.page, control, 'relayed');
  // Dispatched by hand: a real reconnection would also fire Background Sync.
  await app.page.evaluate(() => window.dispatchEvent(new Event('online')));
  await waitForEmptyOutbox(app.page);
  const delivered = (await noteWrites(control)).at(-1)!;
  expect(delivered.status).toBe(201);
  expect(delivered.time).toBeLessThan(waiting.nextAttemptAt);
});

test('a response from the server through the worker makes entries waiting on a network error due at once', async ({ app, control }) => {
  const waiting = await queueBehindNetworkError(app.page, control, 'nudged');
  await app.fetch('/api/notes');
  await waitForEmptyOutbox(app.page);
  const delivered = (await noteWrites(control)).at(-1)!;
  expect(delivered.status).toBe(201);
  // The route backs off with full jitter over an hour, so the timer alone would almost never be this early.
  expect(delivered.time).toBeLessThan(waiting.nextAttemptAt);
});

test('while a page is open, a timer sends an entry when its backoff ends, with no other trigger', async ({ app, control }) => {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 503, headers: { 'Retry-After': '2' }, count: 1 });
  await mutate(app.page, [{ body: { title: 'timed' } }]);
  await expect.poll(async () => (await pending(app.page))[0]?.attempts ?? -1).toBe(1);
  const [waiting] = await pending(app.page);
  // Only pending() from here on: a message, not a request through the worker.
  await waitForEmptyOutbox(app.page);
  const writes = await noteWrites(control);
  expect(writes.map((write) => write.status)).toEqual([503, 201]);
  expect(writes[1]!.time).toBeGreaterThanOrEqual(waiting!.nextAttemptAt);
  expect(writes[1]!.time - writes[0]!.time).toBeGreaterThanOrEqual(1900);
});
