import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface NoteRow {
  id: number;
  title: string;
  body: string;
  updated_at: string;
}

export interface UserRow {
  name: string;
  display_name: string;
  secret: string;
  updated_at: string;
}

export interface InboxRow {
  id: number;
  sender: string;
  subject: string;
  text: string;
}

export interface InvalidationRow {
  id: number;
  /** A JSON array of tags. */
  tags: string;
  mode: string | null;
  /** The one user a row concerns (their own data), null for shared data. */
  user: string | null;
}

export interface IdempotencyRow {
  /** The session user that made the write, null without a session. */
  principal: string | null;
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  headers: string;
  body: string | null;
}

/**
 * The key alone identifies a write, whichever session (or none) a retry carries: a replay after a
 * browser crash has lost its session cookie (issue 9 §1). The principal is kept only to decide who
 * may see a private stored body.
 */
const IDEMPOTENCY_TABLE = `
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key TEXT PRIMARY KEY,
  principal TEXT, -- session user that made the write; NULL without a session
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  headers TEXT NOT NULL,
  body TEXT,
  created_at TEXT NOT NULL
);`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: a deleted id is never reused, so cached copies can't alias a new note
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  secret TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  sid TEXT PRIMARY KEY,
  user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL
);
${IDEMPOTENCY_TABLE}
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

export type Statements = ReturnType<typeof prepareStatements>;

export interface Store {
  db: Database.Database;
  q: Statements;
  /** Empties every table and restarts the id sequences, for test isolation. */
  wipe(): void;
  close(): void;
}

export const DB_FILE_NAME = 'stowage-demo.sqlite';

/** Opens (creating if needed) the demo database in `dataDir`, in WAL mode. */
export function openStore(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DB_FILE_NAME));
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; FULL only adds power-loss safety.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  unscopeIdempotencyKeys(db);
  db.exec(SCHEMA);
  addInvalidationUser(db);
  const q = prepareStatements(db);
  const wipe = db.transaction(() => {
    db.exec(`
      DELETE FROM sessions; DELETE FROM inbox; DELETE FROM users; DELETE FROM notes;
      DELETE FROM idempotency_keys; DELETE FROM meta; DELETE FROM invalidations;
      DELETE FROM sqlite_sequence WHERE name IN ('notes', 'inbox', 'invalidations');
    `);
  });
  return { db, q, wipe: () => wipe(), close: () => db.close() };
}
