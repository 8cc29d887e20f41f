import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { deliveryFigures, pending, waitForEmptyOutbox, waitForNoteRows } from './support/outbox.js';
import { killBrowser, launchPersistent } from './support/persistent-browser.js';

/**
 * The browser process killed with SIGKILL (no shutdown, no flush) on a persistent profile, then
 * relaunched on the same profile: every mutation that got its 202 must be delivered exactly once.
 */
test.describe.configure({ timeout: 90_000 });

/** Creates notes from the page in a loop, reporting each 202 on the console, until the page dies. */
function startCreating(page: Page, prefix: string, count: number, accepted: string[]): void {
  page.on('console', (message) => {
    const match = /^accepted (.+)$/.exec(message.text());
    if (match) accepted.push(match[1]!);
  });
  void page
    .evaluate(
      async ({ prefix, count }) => {
        for (let i = 0; i < count; i += 1) {
          const title = `${prefix}-${i}`;
          const response = await fetch('/api/notes', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Test-Outbox': 'write-behind' },
            body: JSON.stringify({ title }),
          });
          if (response.status === 202) console.log(`accepted ${title}`);
        }
      },
      { prefix, count },
    )
    .catch(() => undefined);
}

test('the browser killed during enqueue: every mutation that got its 202 is delivered exactly once after a relaunch', async ({ server, control }, testInfo) => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'stowage-crash-'));
  try {
    let { context, page } = await launchPersistent(userDataDir, server.url);
    await context.setOffline(true);
    const accepted: string[] = [];
    startCreating(page, 'enqueue', 1000, accepted);
    await expect.poll(() => accepted.length, { timeout: 20_000 }).toBeGreaterThan(50);
    await killBrowser(context, userDataDir);
    const acceptedAtKill = [...accepted];

    ({ context, page } = await launchPersistent(userDataDir, server.url));
    await waitForEmptyOutbox(page, 60_000);
    const figures = await deliveryFigures(control, acceptedAtKill, testInfo, 'SIGKILL during enqueue');
    expect(figures).toMatchObject({ lost: 0, duplicated: 0 });
    expect(figures.delivered).toBe(acceptedAtKill.length);
    await context.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});

test('the browser killed during replay: every queued mutation is delivered exactly once after a relaunch', async ({ server, control }, testInfo) => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'stowage-crash-'));
  try {
    let { context, page } = await launchPersistent(userDataDir, server.url);
    await context.setOffline(true);
    const accepted: string[] = [];
    startCreating(page, 'replay', 100, accepted);
    await expect.poll(() => accepted.length, { timeout: 20_000 }).toBe(100);
    expect(await pending(page)).toHaveLength(100);
    // A slow server keeps attempts in flight when the kill comes.
    await control.fault({ path: '/api/notes', method: 'POST', mode: 'delay', latencyMs: 30 });
    await context.setOffline(false);
    await waitForNoteRows(control, page, 21);
    await killBrowser(context, userDataDir);
    const deliveredAtKill = (await control.db()).notes.length;

    ({ context, page } = await launchPersistent(userDataDir, server.url));
    await waitForEmptyOutbox(page, 60_000);
    const figures = await deliveryFigures(control, accepted, testInfo, `SIGKILL during replay (${deliveredAtKill} delivered before the kill)`);
    expect(figures).toEqual({ queued: 100, delivered: 100, lost: 0, duplicated: 0 });
    await context.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});
