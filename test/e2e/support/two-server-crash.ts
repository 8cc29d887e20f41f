/**
 * Two app servers behind Varnish on one database (issue 14, `APP_SERVERS=2`): one of them is
 * killed with SIGKILL after it has committed a write and before it has answered. The outbox resends
 * through Varnish, which now reaches the other server: it finds the write's record by its key alone
 * and answers from it. Every queued mutation exists exactly once.
 *
 * One spec body for both stores: stack-crash.spec.ts (SQLite) and stack-crash-postgres.spec.ts.
 */
import type { Page } from '@playwright/test';
import { deliveryFigures, notes, mutate, pending, waitForEmptyOutbox } from './outbox.js';
import { expect, test } from './stack.js';

/** Titles of the notes the worker accepted (202) for later delivery. */
async function queueOffline(page: Page, count: number): Promise<string[]> {
  const results = await mutate(page, notes('two-servers', count));
  expect(results.every((result) => result.status === 202)).toBe(true);
  return notes('two-servers', count).map((mutation) => (mutation.body as { title: string }).title);
}

/** Declares the spec; the file calling it picks the store (`test.use({ appServers: 2, databaseUrl })`). */
export function twoServerCrashSpec(store: string): void {
  test.describe.configure({ timeout: 90_000 });
  test.describe(store, () => twoServerCrashTest(store));
}

function twoServerCrashTest(store: string): void {
  test('an app server killed between its commit and its answer: every queued mutation is delivered exactly once by the other', async ({ stack, origins, openDevice }, testInfo) => {
    const [first, second] = origins as [typeof origins[0], typeof origins[0]];
    const device = await openDevice();
    await device.setOffline(true);
    const accepted = await queueOffline(device.page, 60);
    expect(await pending(device.page)).toHaveLength(60);

    // The first server commits each write at once and holds its answer: a kill then lands between the two.
    await first.fault({ path: '/api/notes', method: 'POST', mode: 'delay-response', latencyMs: 400 });
    await second.fault({ path: '/api/notes', method: 'POST', mode: 'delay', latencyMs: 20 });
    await device.setOffline(false);
    // Committed and unanswered: the handler has run (the note is in the shared database) and the request is still open.
    await expect
      .poll(async () => (await first.requests({ path: '/api/notes', method: 'POST' })).filter((entry) => entry.status === null).length, {
        timeout: 20_000,
        intervals: [20],
      })
      .toBeGreaterThan(0);
    const committedBeforeKill = (await second.db()).notes.length;
    stack.origins[0]!.child.process.kill('SIGKILL');
    await stack.origins[0]!.child.exited;

    await waitForEmptyOutbox(device.page, 60_000);
    const figures = await deliveryFigures(second, accepted, testInfo, `${store}: first of two app servers SIGKILLed (${committedBeforeKill} committed before)`);
    expect(figures).toEqual({ queued: 60, delivered: 60, lost: 0, duplicated: 0 });
    expect((await second.db()).idempotencyKeys).toBe(60);
  });
}
