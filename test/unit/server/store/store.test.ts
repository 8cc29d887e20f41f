/**
 * The store contract (issue 14), run against both implementations: what the app servers rely on,
 * whichever database they share.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startChild, waitForOutput } from '../../../../demo/stack/child';
import { freePort } from '../../../../demo/stack/free-port';
import { createDatabase, startPostgres } from '../../../../demo/stack/postgres';
import type { Postgres } from '../../../../demo/stack/postgres';
import { openPostgresStore, postgresUser } from '../../../../demo/server/store/postgres';
import { openSqliteStore } from '../../../../demo/server/store/sqlite';
import type { IdempotencyRow, Store } from '../../../../demo/server/store/store';

const NOW = '2026-01-01T00:00:00.000Z';
const RECORD: IdempotencyRow = { principal: null, method: 'POST', path: '/api/notes', fingerprint: 'f', status: 201, headers: '{}', body: null };
const WRITER = new URL('./contending-writer.ts', import.meta.url).pathname;

interface Implementation {
  name: string;
  /** Opens one more connection (a store as one app server has it) to the shared database. */
  open(): Promise<Store>;
  /** What contending-writer.ts opens. */
  location: string;
  stop(): Promise<void>;
}

async function sqlite(): Promise<Implementation> {
  const dir = await mkdtemp(join(tmpdir(), 'stowage-store-'));
  return { name: 'SQLite', open: async () => openSqliteStore(dir), location: dir, stop: () => rm(dir, { recursive: true, force: true }) };
}

async function postgres(): Promise<Implementation> {
  const dir = await mkdtemp(join(tmpdir(), 'stowage-store-pg-'));
  const port = await freePort();
  const url = `postgres://127.0.0.1:${port}/stowage_test`;
  let server: Postgres | undefined;
  try {
    server = await startPostgres({ clusterDir: join(dir, 'postgres'), port, host: '127.0.0.1', user: postgresUser(url) });
    await createDatabase(url);
  } catch (err) {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    name: 'PostgreSQL',
    open: () => openPostgresStore(url),
    location: url,
    async stop() {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe.each([{ start: sqlite, name: 'SQLite' }, { start: postgres, name: 'PostgreSQL' }])('the $name store', ({ start }) => {
  let implementation: Implementation;
  let store: Store;
  const others: Store[] = [];

  beforeAll(async () => {
    implementation = await start();
    store = await implementation.open();
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await implementation?.stop();
  }, 30_000);
  beforeEach(() => store.wipe());
  afterEach(async () => {
    for (const other of others.splice(0)) await other.close();
  });

  it('inserts, reads, updates and deletes notes', async () => {
    const inserted = await store.insertNote('a', 'body', NOW);
    expect(inserted).toEqual({ id: 1, title: 'a', body: 'body', updated_at: NOW });
    expect(await store.getNote(1)).toEqual(inserted);
    expect(await store.updateNote(1, 'b', 'changed', '2026-01-02T00:00:00.000Z')).toMatchObject({ id: 1, title: 'b', body: 'changed' });
    expect(await store.updateNote(99, 'x', 'x', NOW)).toBeUndefined();
    expect(await store.maxNoteUpdatedAt()).toBe('2026-01-02T00:00:00.000Z');
    await store.deleteNote(1);
    expect(await store.getNote(1)).toBeUndefined();
    expect(await store.listNotes()).toEqual([]);
  });

  it('never gives a deleted note id out again', async () => {
    await store.insertNote('one', '', NOW);
    const two = await store.insertNote('two', '', NOW);
    await store.deleteNote(two.id);
    expect((await store.insertNote('three', '', NOW)).id).toBe(3);
  });

  it('keeps the newest invalidation id when the log is trimmed, and never gives it out again', async () => {
    const row = { tags: '["notes"]', mode: null, user: null };
    for (let i = 0; i < 3; i++) await store.transaction((tx) => tx.insertInvalidation(row, NOW));
    await store.transaction((tx) => tx.trimInvalidationsThrough(3));
    expect(await store.oldestInvalidationId()).toBeNull();
    expect(await store.newestInvalidationId()).toBe(3);
    expect(await store.transaction((tx) => tx.insertInvalidation({ ...row, user: 'alice' }, NOW))).toBe(4);
    expect(await store.invalidationsAfter(0)).toEqual([{ id: 4, tags: '["notes"]', mode: null, user: 'alice' }]);
  });

  it('restarts every id after a wipe', async () => {
    await store.insertNote('old', '', NOW);
    await store.transaction((tx) => tx.insertInvalidation({ tags: '[]', mode: null, user: null }, NOW));
    await store.wipe();
    expect(await store.newestInvalidationId()).toBe(0);
    expect((await store.insertNote('new', '', NOW)).id).toBe(1);
    expect(await store.transaction((tx) => tx.insertInvalidation({ tags: '[]', mode: null, user: null }, NOW))).toBe(1);
  });

  it('keeps users, sessions and their inbox, and counts idempotency records', async () => {
    await store.insertUser({ name: 'alice', display_name: 'Alice', secret: 's', updated_at: NOW });
    await store.insertSession('sid-1', 'alice', NOW);
    await store.insertInbox('alice', { sender: 'bob', subject: 'hi', text: 'for alice' });
    await store.setDisplayName('alice', 'Al', NOW);
    expect(await store.getSessionUser('sid-1')).toBe('alice');
    expect(await store.listInbox('alice')).toEqual([{ id: 1, sender: 'bob', subject: 'hi', text: 'for alice' }]);
    expect(await store.getUser('alice')).toMatchObject({ display_name: 'Al' });
    await store.transaction((tx) => tx.insertIdempotency('k', RECORD, NOW));
    expect(await store.getIdempotency('k')).toEqual(RECORD);
    expect(await store.countIdempotency()).toBe(1);
  });

  it('rolls a transaction back when it throws, and the transaction then says it is over', async () => {
    let kept: { inTransaction: boolean } | undefined;
    const failing = store.transaction(async (tx) => {
      kept = tx;
      await tx.insertNote('rolled back', '', NOW);
      expect(tx.inTransaction).toBe(true);
      throw new Error('the write failed');
    });
    await expect(failing).rejects.toThrow('the write failed');
    expect(kept?.inTransaction).toBe(false);
    expect(await store.listNotes()).toEqual([]);
  });

  it('never lets another read see a row its transaction has not committed', async () => {
    let inserted!: () => void;
    const rowWritten = new Promise<void>((resolve) => (inserted = resolve));
    const failing = store.transaction(async (tx) => {
      await tx.insertNote('uncommitted', '', NOW);
      inserted();
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw new Error('rolled back');
    });
    await rowWritten;
    const read = store.listNotes();
    await expect(failing).rejects.toThrow('rolled back');
    expect(await read).toEqual([]);
  });

  it('applies a key once when two app servers run it at once: the second waits for the first commit and finds its record', async () => {
    let entered!: () => void;
    const firstHoldsLock = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = store.transaction(async (tx) => {
      expect(await tx.getIdempotency('shared-key')).toBeUndefined();
      await tx.insertNote('effect of shared-key', 'first writer', NOW);
      entered();
      await gate;
      await tx.insertIdempotency('shared-key', RECORD, NOW);
      return 'applied';
    });
    await firstHoldsLock;
    const second = startChild(process.execPath, ['--import', 'tsx', WRITER, implementation.location, 'shared-key'], {});
    try {
      await waitForOutput(second, /^waiting$/m, 20_000);
      // Long enough for the second writer to reach the lock (well inside SQLite's 5 s busy timeout).
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(second.output()).not.toMatch(/applied|replayed/);
      release();
      expect(await first).toBe('applied');
      await waitForOutput(second, /^(applied|replayed)$/m, 20_000);
      expect(second.output()).toMatch(/^replayed$/m);
    } finally {
      release();
      await second.stop();
    }
    expect((await store.listNotes()).map((note) => note.body)).toEqual(['first writer']);
    expect(await store.countIdempotency()).toBe(1);
  }, 60_000);

  it('lets a second connection of the same database see every commit', async () => {
    const other = await implementation.open();
    others.push(other);
    await store.insertNote('seen elsewhere', '', NOW);
    expect((await other.listNotes()).map((note) => note.title)).toEqual(['seen elsewhere']);
  });
});
