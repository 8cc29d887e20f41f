import type { Control } from './support/control.js';
import { expect, test } from './support/fixtures.js';
import { deliveryFigures, mutate, noteWrites, notes } from './support/outbox.js';

/*
 * Issue 9 §3: a long outage with the page open and nobody touching it. Chromium and Firefox stop an
 * idle worker after about 30 s even with its page open (not while Playwright is attached, hence the
 * CDP stops), and the worker's retry timer dies with it. Only the server is down, so
 * `navigator.onLine` never changes, and Background Sync retries after five minutes. From the first
 * stop on, the spec asks only the server: no evaluate, no fetch through the worker.
 */

const refusedAttempts = async (control: Control): Promise<number> => (await noteWrites(control)).filter((write) => write.status === 'refused').length;

test('the server down while the page sits idle and its worker is stopped: all five notes arrive within 10 s of the server coming back', async ({ app, control }, testInfo) => {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'refuse' });
  const mutations = notes('outage', 5, 'outage');
  expect((await mutate(app.page, mutations)).map((response) => response.status)).toEqual([202, 202, 202, 202, 202]);
  // The head's first attempt was refused: the outbox backs off (up to 2 s on this route).
  await expect.poll(() => refusedAttempts(control)).toBeGreaterThan(0);

  await app.stopWorker();
  const beforeWake = await refusedAttempts(control);
  // Attempts go on during the outage: the page's timer wakes the stopped worker when the backoff ends.
  await expect.poll(() => refusedAttempts(control), { timeout: 10_000 }).toBeGreaterThan(beforeWake);

  // Stopped again just before the server comes back: no worker timer survives the outage.
  await app.stopWorker();
  await control.clearFaults();
  const backAt = Date.now();
  await expect.poll(async () => (await control.db()).notes.length, { timeout: 10_000, intervals: [100] }).toBe(5);
  const seconds = ((Date.now() - backAt) / 1000).toFixed(1);
  const figures = await deliveryFigures(control, mutations.map((m) => (m.body as { title: string }).title), testInfo, `idle outage, delivered ${seconds} s after the server came back`);
  expect(figures).toEqual({ queued: 5, delivered: 5, lost: 0, duplicated: 0 });
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['outage-0', 'outage-1', 'outage-2', 'outage-3', 'outage-4']);
});
