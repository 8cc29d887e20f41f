/**
 * The tables both stores share, in SQL both SQLite and PostgreSQL read: `"user"` is quoted (a
 * reserved word in PostgreSQL; SQLite's column is named `user` all the same), times are ISO 8601
 * text. Only how a table's ids are made differs, and the feed's log (each store defines it).
 */

/**
 * The key alone identifies a write, whichever session (or none) a retry carries: a replay after a
 * browser crash has lost its session cookie (issue 9 §1). The principal is kept only to decide who
 * may see a private stored body.
 */
export const IDEMPOTENCY_TABLE = `
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

/** `serialId`: an id column whose ids are never given out twice, so cached copies can't alias a new row. */
export function sharedTables(serialId: string): string {
  return `
CREATE TABLE IF NOT EXISTS notes (
  id ${serialId},
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
  "user" TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inbox (
  id ${serialId},
  "user" TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL
);
${IDEMPOTENCY_TABLE}
`;
}
