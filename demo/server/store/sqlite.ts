/**
 * The SQLite store, the default: one file in WAL mode, which several app server processes on one
 * machine may share (one writer at a time).
 *
 * better-sqlite3 is synchronous and a transaction belongs to the connection, so a transaction that
 * spans `await`s would let any other request of this process run its statements inside it (reading
 * uncommitted rows, or having them rolled back). Every operation of the process therefore goes
 * through one mutex, and a transaction holds it from `BEGIN IMMEDIATE` to its `COMMIT`/`ROLLBACK`.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Mutex } from '../mutex';
import { IDEMPOTENCY_TABLE, sharedTables } from './schema';
import type { IdempotencyRow, InboxRow, InvalidationRow, NoteRow, Queries, Store, Transaction, UserRow } from './store';

const SCHEMA = `
${sharedTables('INTEGER PRIMARY KEY AUTOINCREMENT')}
CREATE TABLE IF NOT EXISTS invalidations (
  id INTEGER PRIMARY KEY AUTOINCREMENT, -- the feed's event id; AUTOINCREMENT: a trimmed id is never reused, so a Last-Event-ID names one row
  tags TEXT NOT NULL, -- JSON array of strings
  mode TEXT, -- stale | expire | purge; NULL leaves the mode to the client
  created_at TEXT NOT NULL,
  user TEXT -- the one user whose data it names (sent to that user's feed only); NULL: shared, sent to all
);
`;

function prepareStatements(db: Database.Database) {
  return {
    listNotes: db.prepare<[], NoteRow>('SELECT * FROM notes ORDER BY id'),
    getNote: db.prepare<[number], NoteRow>('SELECT * FROM notes WHERE id = ?'),
    insertNote: db.prepare<[string, string, string], NoteRow>(
      'INSERT INTO notes (title, body, updated_at) VALUES (?, ?, ?) RETURNING *',
    ),
    updateNote: db.prepare<[string, string, string, number], NoteRow>(
      'UPDATE notes SET title = ?, body = ?, updated_at = ? WHERE id = ? RETURNING *',
    ),
    deleteNote: db.prepare<[number]>('DELETE FROM notes WHERE id = ?'),
    maxNoteUpdatedAt: db.prepare<[], { value: string | null }>('SELECT MAX(updated_at) AS value FROM notes'),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ),
    getUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?'),
    listUserNames: db.prepare<[], { name: string }>('SELECT name FROM users ORDER BY name'),
    insertUser: db.prepare<[string, string, string, string]>(
      'INSERT INTO users (name, display_name, secret, updated_at) VALUES (?, ?, ?, ?)',
    ),
    setUserSecret: db.prepare<[string, string, string]>('UPDATE users SET secret = ?, updated_at = ? WHERE name = ?'),
    setDisplayName: db.prepare<[string, string, string]>('UPDATE users SET display_name = ?, updated_at = ? WHERE name = ?'),
    touchUser: db.prepare<[string, string]>('UPDATE users SET updated_at = ? WHERE name = ?'),
    listInbox: db.prepare<[string], InboxRow>('SELECT id, sender, subject, text FROM inbox WHERE user = ? ORDER BY id'),
    insertInbox: db.prepare<[string, string, string, string]>(
      'INSERT INTO inbox (user, sender, subject, text) VALUES (?, ?, ?, ?)',
    ),
    clearInbox: db.prepare<[string]>('DELETE FROM inbox WHERE user = ?'),
    getSessionUser: db.prepare<[string], { user: string }>('SELECT user FROM sessions WHERE sid = ?'),
    insertSession: db.prepare<[string, string, string]>('INSERT INTO sessions (sid, user, created_at) VALUES (?, ?, ?)'),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE sid = ?'),
    getIdempotency: db.prepare<[string], IdempotencyRow>(
      'SELECT principal, method, path, fingerprint, status, headers, body FROM idempotency_keys WHERE key = ?',
    ),
    insertIdempotency: db.prepare<[string, string | null, string, string, string, number, string, string | null, string]>(
      `INSERT INTO idempotency_keys (key, principal, method, path, fingerprint, status, headers, body, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    countIdempotency: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM idempotency_keys'),
    insertInvalidation: db.prepare<[string, string | null, string, string | null], { id: number }>(
      'INSERT INTO invalidations (tags, mode, created_at, user) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    trimInvalidationsThrough: db.prepare<[number]>('DELETE FROM invalidations WHERE id <= ?'),
    invalidationsAfter: db.prepare<[number], InvalidationRow>('SELECT id, tags, mode, user FROM invalidations WHERE id > ? ORDER BY id'),
    oldestInvalidationId: db.prepare<[], { id: number | null }>('SELECT MIN(id) AS id FROM invalidations'),
    // The sequence, not MAX(id): the newest id ever given out, even when every row has been trimmed.
    newestInvalidationId: db.prepare<[], { id: number }>(
      "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'invalidations'), 0) AS id",
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** Runs on the connection as it is: inside a transaction when one is open. */
function queriesOf(db: Database.Database, q: Statements): Queries {
  // async: better-sqlite3 throws synchronously, and every caller expects a rejection instead.
  return {
    listNotes: async () => q.listNotes.all(),
    getNote: async (id) => q.getNote.get(id),
    insertNote: async (title, body, updatedAt) => {
      const row = q.insertNote.get(title, body, updatedAt);
      if (!row) throw new Error('INSERT … RETURNING returned no row');
      return row;
    },
    updateNote: async (id, title, body, updatedAt) => q.updateNote.get(title, body, updatedAt, id),
    deleteNote: async (id) => void q.deleteNote.run(id),
    maxNoteUpdatedAt: async () => q.maxNoteUpdatedAt.get()?.value ?? null,
    getMeta: async (key) => q.getMeta.get(key)?.value,
    setMeta: async (key, value) => void q.setMeta.run(key, value),
    getUser: async (name) => q.getUser.get(name),
    listUserNames: async () => q.listUserNames.all().map((row) => row.name),
    insertUser: async (user) => void q.insertUser.run(user.name, user.display_name, user.secret, user.updated_at),
    setUserSecret: async (name, secret, updatedAt) => void q.setUserSecret.run(secret, updatedAt, name),
    setDisplayName: async (name, displayName, updatedAt) => void q.setDisplayName.run(displayName, updatedAt, name),
    touchUser: async (name, updatedAt) => void q.touchUser.run(updatedAt, name),
    listInbox: async (user) => q.listInbox.all(user),
    insertInbox: async (user, message) => void q.insertInbox.run(user, message.sender, message.subject, message.text),
    clearInbox: async (user) => void q.clearInbox.run(user),
    getSessionUser: async (sid) => q.getSessionUser.get(sid)?.user,
    insertSession: async (sid, user, createdAt) => void q.insertSession.run(sid, user, createdAt),
    deleteSession: async (sid) => void q.deleteSession.run(sid),
    getIdempotency: async (key) => q.getIdempotency.get(key),
    insertIdempotency: async (key, record, createdAt) =>
      void q.insertIdempotency.run(
        key, record.principal, record.method, record.path, record.fingerprint, record.status, record.headers, record.body, createdAt,
      ),
    countIdempotency: async () => q.countIdempotency.get()?.n ?? 0,
    insertInvalidation: async (row, createdAt) => {
      const inserted = q.insertInvalidation.get(row.tags, row.mode, createdAt, row.user);
      if (!inserted) throw new Error('INSERT … RETURNING returned no row');
      return inserted.id;
    },
    trimInvalidationsThrough: async (id) => void q.trimInvalidationsThrough.run(id),
    invalidationsAfter: async (id) => q.invalidationsAfter.all(id),
    oldestInvalidationId: async () => q.oldestInvalidationId.get()?.id ?? null,
    newestInvalidationId: async () => q.newestInvalidationId.get()?.id ?? 0,
    wipe: async () => {
      db.exec(`
        DELETE FROM sessions; DELETE FROM inbox; DELETE FROM users; DELETE FROM notes;
        DELETE FROM idempotency_keys; DELETE FROM meta; DELETE FROM invalidations;
        DELETE FROM sqlite_sequence WHERE name IN ('notes', 'inbox', 'invalidations');
      `);
    },
  };
}

/** Each query of `queries` waits for the mutex, so it never runs inside another request's transaction. */
function serialised(queries: Queries, mutex: Mutex): Queries {
  const entries = Object.entries(queries).map(([name, query]: [string, (...args: unknown[]) => Promise<unknown>]) => [
    name,
    (...args: unknown[]) => mutex.run(() => query(...args)),
  ]);
  // Object.fromEntries loses the key-to-signature pairing; each entry keeps its query's signature.
  return Object.fromEntries(entries) as unknown as Queries;
}

/**
 * Databases made before issue 9 keyed records by (session user, key). Their records move to the
 * key-only table; where the old scoping let one key take effect twice, the first record stays.
 */
function unscopeIdempotencyKeys(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('idempotency_keys')").all();
  if (!columns.some((column) => column.name === 'scope')) return;
  db.transaction(() => {
    db.exec(`ALTER TABLE idempotency_keys RENAME TO idempotency_keys_scoped; ${IDEMPOTENCY_TABLE}`);
    db.exec(`
      INSERT OR IGNORE INTO idempotency_keys
        SELECT key, NULLIF(scope, ''), method, path, fingerprint, status, headers, body, created_at
        FROM idempotency_keys_scoped ORDER BY created_at;
      DROP TABLE idempotency_keys_scoped;
    `);
  })();
}

/** Databases made before user-scoped feed rows (issue 14) lack the column; their rows are all shared. */
function addInvalidationUser(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('invalidations')").all();
  if (columns.length > 0 && !columns.some((column) => column.name === 'user')) db.exec('ALTER TABLE invalidations ADD COLUMN user TEXT');
}

export const DB_FILE_NAME = 'stowage-demo.sqlite';

/** Opens (creating if needed) the demo database in `dataDir`, in WAL mode. */
export function openSqliteStore(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DB_FILE_NAME));
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; FULL only adds power-loss safety.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  unscopeIdempotencyKeys(db);
  db.exec(SCHEMA);
  addInvalidationUser(db);
  const inside = queriesOf(db, prepareStatements(db));
  const mutex = new Mutex();
  const transaction: Store['transaction'] = (fn) =>
    mutex.run(async () => {
      let open = true;
      const tx: Transaction = {
        ...inside,
        get inTransaction() {
          return open;
        },
      };
      // IMMEDIATE takes the write lock before the first read: with several app servers on one
      // file, a transaction waits (busy_timeout) for the other's commit and then sees it, where a
      // deferred one would fail to upgrade its stale snapshot.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(tx);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        // SQLite may have rolled back already (e.g. on SQLITE_FULL).
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      } finally {
        open = false;
      }
    });
  return {
    ...serialised(inside, mutex),
    transaction,
    wipe: () => transaction((tx) => tx.wipe()),
    close: () => mutex.run(() => void db.close()),
  };
}
