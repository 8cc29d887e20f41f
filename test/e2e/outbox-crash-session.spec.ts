import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { DemoPage } from './support/demo-page.js';
import { expect, test } from './support/fixtures.js';
import { deliveryFigures, mutate, notes, waitForEmptyOutbox, waitForNoteRows } from './support/outbox.js';
import { killBrowser, launchPersistent } from './support/persistent-browser.js';
import { logIn } from './support/users.js';

/**
 * Issue 9 §1: a signed-in user's queued writes are replayed across browser crashes. The session
 * cookie does not survive a crash and the app signs in again only once its page has loaded, so the
 * worker's start-up replay resends a write whose first attempt reached the server with the same
 * Idempotency-Key but without a session. The server must recognise the key whoever sends it.
 */
const KILLS = 8;
const NOTES = 100;

/** Session cookies die with the browser: the relaunched profile has none before its page loads. */
async function expectNoSession(context: BrowserContext): Promise<void> {
  expect(await context.cookies()).toEqual([]);
}

test('the browser killed 8 times during replay, each relaunch without a session until its page has loaded: every note is in SQLite exactly once', async ({ server, control }, testInfo) => {
  test.setTimeout(90_000);
  const userDataDir = await mkdtemp(join(tmpdir(), 'stowage-crash-session-'));
  try {
    let { context, page } = await launchPersistent(userDataDir, server.url);
    await logIn(new DemoPage(page, context), 'alice');
    await control.fault({ path: '/api/notes', method: 'POST', mode: 'refuse' });
    const answers = await mutate(page, notes('session', NOTES));
    expect(answers.map((answer) => answer.status)).toEqual(Array(NOTES).fill(202));
    const accepted = notes('session', NOTES).map((note) => (note.body as { title: string }).title);

    // The server comes back, slowly enough that an attempt is in flight whenever the browser dies.
    await control.clearFaults();
    await control.fault({ path: '/api/notes', method: 'POST', mode: 'delay', latencyMs: 40 });
    const rowsAtKill: number[] = [];
    for (let kill = 1; kill <= KILLS; kill += 1) {
      await waitForNoteRows(control, page, kill * 8);
      await killBrowser(context, userDataDir);
      rowsAtKill.push((await control.db()).notes.length);
      ({ context, page } = await launchPersistent(userDataDir, server.url, expectNoSession));
      await logIn(new DemoPage(page, context), 'alice');
    }
    // Every kill came while notes were still waiting to be delivered.
    expect(Math.max(...rowsAtKill)).toBeLessThan(NOTES);

    await waitForEmptyOutbox(page, 60_000);
    const writes = await control.requests({ path: '/api/notes', method: 'POST' });
    const withoutSession = writes.filter((write) => write.headers['cookie'] === undefined).length;
    // Every 201 beyond one per note is a resend the server answered from its idempotency record.
    const answeredFromRecord = writes.filter((write) => write.status === 201).length - NOTES;
    const figures = await deliveryFigures(
      control,
      accepted,
      testInfo,
      `${KILLS} kills during replay (rows at each kill: ${rowsAtKill.join(' ')}; ${withoutSession} of ${writes.length} attempts ` +
        `without a session; ${answeredFromRecord} resends answered from the record)`,
    );
    // The scenario happened: start-up replays went out before the new sign-in.
    expect(withoutSession).toBeGreaterThan(0);
    expect(figures).toEqual({ queued: NOTES, delivered: NOTES, lost: 0, duplicated: 0 });
    await context.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});
