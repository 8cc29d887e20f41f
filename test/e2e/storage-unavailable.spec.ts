import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoPage } from './support/demo-page.js';
import { expect, test } from './support/fixtures.js';
import { deliveryFigures, mutate, notes, pending } from './support/outbox.js';
import { launchPersistent } from './support/persistent-browser.js';

/**
 * Takes the POSIX lock LevelDB keeps on the profile's IndexedDB (what a crashed browser's process
 * still holds while it dies), so Chromium cannot open the origin's database: `indexedDB.open()`
 * fails with "Internal error opening backing store". Python, because Node has no fcntl().
 */
async function holdIndexedDBLock(userDataDir: string): Promise<() => Promise<void>> {
  const folder = join(userDataDir, 'Default', 'IndexedDB');
  const leveldb = (await readdir(folder)).find((name) => name.endsWith('.indexeddb.leveldb'));
  if (!leveldb) throw new Error(`no IndexedDB in ${folder}`);
  const script = 'import fcntl, sys\nf = open(sys.argv[1], "r+")\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint("locked", flush=True)\nsys.stdin.read()\n';
  const holder = spawn('python3', ['-c', script, join(folder, leveldb, 'LOCK')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(holder.stdout, 'data')) as [Buffer];
  expect(line.toString().trim()).toBe('locked');
  return async () => {
    holder.stdin.end();
    await once(holder, 'exit');
  };
}

test('a worker that starts while IndexedDB cannot be opened serves the app from the network and refuses writes it cannot queue; once it opens, it delivers what was queued', async ({ server, control }, testInfo) => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'stowage-no-idb-'));
  try {
    let { context, page } = await launchPersistent(userDataDir, server.url);
    /** 'read' when the worker's outbox answers, else the error code it rejects with. */
    const outboxAnswer = (): Promise<string | undefined> => page.evaluate(() => window.stowage.pending().then(() => 'read', (error: { code?: string }) => error.code));
    await control.fault({ path: '/api/notes', method: 'POST', mode: 'refuse' });
    const queued = notes('no-idb', 3);
    expect((await mutate(page, queued)).map((answer) => answer.status)).toEqual([202, 202, 202]);
    expect(await pending(page)).toHaveLength(3);
    await context.close();
    await control.clearFaults();

    const release = await holdIndexedDBLock(userDataDir);
    let released = false;
    try {
      // The navigation, the client's start and a shared read go on without the worker's database.
      ({ context, page } = await launchPersistent(userDataDir, server.url));
      const app = new DemoPage(page, context);
      expect((await app.fetch('/api/notes')).status).toBe(200);
      expect(await outboxAnswer()).toBe('storage-unavailable');
      // A write that cannot be queued says so, and leaves nothing behind to be delivered later.
      const [refused] = await mutate(page, notes('while-locked', 1));
      expect(refused?.status).toBe(503);
      expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ error: 'storage-unavailable' });
      expect((await control.db()).notes).toHaveLength(0);
      await release();
      released = true;
    } finally {
      if (!released) await release();
    }

    // The same worker opens it on the next use: nothing it failed to read is remembered as missing.
    // (Its replay may already be delivering, so the outbox is only asked to answer, not for a length.)
    await expect.poll(outboxAnswer, { timeout: 20_000, intervals: [250, 500, 1000] }).toBe('read');
    await page.evaluate(() => window.stowage.flush());
    await expect.poll(async () => (await control.db()).notes.length, { timeout: 20_000 }).toBe(3);
    const accepted = queued.map((note) => (note.body as { title: string }).title);
    expect(await deliveryFigures(control, accepted, testInfo, 'IndexedDB locked at the worker start, then released')).toEqual({ queued: 3, delivered: 3, lost: 0, duplicated: 0 });
    await context.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});
