/**
 * The demo's database behind one interface (issue 14): SQLite on one machine (store/sqlite.ts, the
 * default), PostgreSQL for app servers on several (store/postgres.ts). Every method is named for
 * what it does, so callers never see SQL or which database answers.
 */

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

/** What both a store and one of its transactions can do. */
export interface Queries {
  listNotes(): Promise<NoteRow[]>;
  getNote(id: number): Promise<NoteRow | undefined>;
  insertNote(title: string, body: string, updatedAt: string): Promise<NoteRow>;
  /** Undefined when there is no such note. */
  updateNote(id: number, title: string, body: string, updatedAt: string): Promise<NoteRow | undefined>;
  deleteNote(id: number): Promise<void>;
  /** The newest `updated_at` of any note, null without notes. */
  maxNoteUpdatedAt(): Promise<string | null>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  getUser(name: string): Promise<UserRow | undefined>;
  listUserNames(): Promise<string[]>;
  insertUser(user: UserRow): Promise<void>;
  setUserSecret(name: string, secret: string, updatedAt: string): Promise<void>;
  setDisplayName(name: string, displayName: string, updatedAt: string): Promise<void>;
  touchUser(name: string, updatedAt: string): Promise<void>;
  listInbox(user: string): Promise<InboxRow[]>;
  insertInbox(user: string, message: Omit<InboxRow, 'id'>): Promise<void>;
  clearInbox(user: string): Promise<void>;
  getSessionUser(sid: string): Promise<string | undefined>;
  insertSession(sid: string, user: string, createdAt: string): Promise<void>;
  deleteSession(sid: string): Promise<void>;
  getIdempotency(key: string): Promise<IdempotencyRow | undefined>;
  insertIdempotency(key: string, record: IdempotencyRow, createdAt: string): Promise<void>;
  countIdempotency(): Promise<number>;
  /** Resolves the new row's id: one more than any id given out before, even if that row is gone. */
  insertInvalidation(row: Omit<InvalidationRow, 'id'>, createdAt: string): Promise<number>;
  trimInvalidationsThrough(id: number): Promise<void>;
  invalidationsAfter(id: number): Promise<InvalidationRow[]>;
  oldestInvalidationId(): Promise<number | null>;
  /** The newest id given out, 0 on a new (or wiped) database; trimming never lowers it. */
  newestInvalidationId(): Promise<number>;
  /** Empties every table and restarts the id sequences, for test isolation. */
  wipe(): Promise<void>;
}

/** One write transaction: it holds the store's write lock from its first statement to its end. */
export interface Transaction extends Queries {
  /** False once the transaction has committed or rolled back; a row that must be part of a write checks it. */
  readonly inTransaction: boolean;
}

export interface Store extends Queries {
  /**
   * Runs `fn` in a transaction that takes the write lock before anything else (SQLite's
   * `BEGIN IMMEDIATE`, a PostgreSQL advisory lock): one write transaction at a time across every
   * process on the database, and each sees every commit before it. So a retry of an idempotent
   * write on another app server waits for the first one's commit and then finds its record.
   * Commits when `fn` resolves, rolls back when it rejects.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
