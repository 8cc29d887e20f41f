/**
 * The bounded log of committed invalidations behind the feed (issue 11): one store row per write
 * that invalidated groups, appended and trimmed in that write's own transaction (with its
 * effect and its idempotency record), so the log can never name a write that did not commit, nor
 * miss one that did. The row id is the feed's event id. A row that names one user's own data
 * (`me:alice`) carries that user, and the feed sends it to that user's streams only (issue 14).
 */
import type { Reply } from './http';
import { isPrivateReply } from './idempotency-record';
import type { Queries, Store, Transaction } from './store/store';
import { invalidatedGroupsOf } from './tags';

/** How a client applies an invalidation (issue 11); a row without one leaves it to the client. */
export const INVALIDATION_MODES = ['stale', 'expire', 'purge'] as const;
export type InvalidationMode = (typeof INVALIDATION_MODES)[number];

export interface Invalidation {
  id: number;
  tags: string[];
  mode?: InvalidationMode;
  /** Set when the row names one user's own data: only that user's feed streams get it. */
  user?: string;
}

/** Where a client that connects with a last event id picks up. */
export type Resume =
  /** No id: live events only. */
  | { kind: 'live' }
  /** Every row after its id, then live; empty when it is up to date. */
  | { kind: 'replay'; rows: Invalidation[] }
  /** The rows it missed are gone (trimmed, or the database was reset): start over from `newestId`. */
  | { kind: 'reset'; newestId: number };

/** A Last-Event-ID as the client sent it: none, a row id, or something this server never gave out. */
export type LastEventId = number | 'unknown' | undefined;

export const DEFAULT_LOG_SIZE = 1000;

export class InvalidationLog {
  #keep: number;

  constructor(
    private readonly store: Store,
    private readonly defaultKeep: number = DEFAULT_LOG_SIZE,
    private readonly now: () => number = Date.now,
  ) {
    this.#keep = defaultKeep;
  }

  /** How many of the newest rows are kept. */
  get keep(): number {
    return this.#keep;
  }

  /** Changes the bound and trims to it at once (the control API, so tests can roll the log over). */
  async setKeep(keep: number): Promise<void> {
    this.#keep = keep;
    await this.store.transaction((tx) => this.#trim(tx));
  }

  restoreDefaultKeep(): void {
    this.#keep = this.defaultKeep;
  }

  /** Appends one row and trims the log; only inside `tx`, the transaction of the change it records. */
  async append(tx: Transaction, tags: readonly string[], mode?: InvalidationMode, user?: string): Promise<number> {
    // The type asks for a transaction; this catches one kept past its end.
    if (!tx.inTransaction) throw new Error('an invalidation is logged in the transaction of its write');
    const row = { tags: JSON.stringify(tags), mode: mode ?? null, user: user ?? null };
    const id = await tx.insertInvalidation(row, new Date(this.now()).toISOString());
    await this.#trim(tx);
    return id;
  }

  /**
   * Logs what a write's answer invalidated, inside the write's transaction: the groups of its
   * `Cache-Group-Invalidation`, so the feed says exactly what the writer was told. Only a 2xx took
   * effect (RFC 9875 §3 ignores the field on errors). A private answer's groups are the signed-in
   * user's business: logged for that user alone, and not at all without one.
   */
  async appendFor(tx: Transaction, reply: Reply, principal: string | undefined): Promise<Reply> {
    if (reply.status < 200 || reply.status >= 300) return reply;
    const tags = invalidatedGroupsOf(reply.headers);
    if (tags.length === 0) return reply;
    if (!isPrivateReply(reply.headers)) await this.append(tx, tags);
    else if (principal !== undefined) await this.append(tx, tags, undefined, principal);
    return reply;
  }

  async after(id: number): Promise<Invalidation[]> {
    return (await this.store.invalidationsAfter(id)).map((row) => {
      const invalidation: Invalidation = { id: row.id, tags: JSON.parse(row.tags) as string[] };
      if (row.mode !== null) invalidation.mode = row.mode as InvalidationMode;
      if (row.user !== null) invalidation.user = row.user;
      return invalidation;
    });
  }

  /** The newest id given out, 0 on a new (or reset) database; trimming never lowers it. */
  newestId(): Promise<number> {
    return this.store.newestInvalidationId();
  }

  /**
   * Ids are given out one by one and only the oldest rows are trimmed, so the kept rows are every
   * id from the oldest kept to the newest: a client is resumable when its id is at least the one
   * before the oldest kept row, and not past the newest (an id from before a database reset).
   */
  async resume(lastEventId: LastEventId): Promise<Resume> {
    if (lastEventId === undefined) return { kind: 'live' };
    const newestId = await this.newestId();
    if (lastEventId === 'unknown' || lastEventId > newestId) return { kind: 'reset', newestId };
    if (lastEventId === newestId) return { kind: 'replay', rows: [] };
    const oldest = await this.store.oldestInvalidationId();
    if (oldest === null || lastEventId < oldest - 1) return { kind: 'reset', newestId };
    return { kind: 'replay', rows: await this.after(lastEventId) };
  }

  async #trim(tx: Queries): Promise<void> {
    await tx.trimInvalidationsThrough((await tx.newestInvalidationId()) - this.#keep);
  }
}
