import type { IDBPDatabase } from 'idb';
import { openStowageDB, type ReplayLeaseRecord, type StowageSchema } from '../storage/db.js';
import { parseEntry, quarantinedEntry, transition, type OutboxEntry, type OutboxStatus } from './entry.js';

/** Fields the caller fills in; the store assigns `sequence`. */
export type NewOutboxEntry = Omit<OutboxEntry, 'sequence'>;

export interface OutboxListing {
  /** In delivery order (by sequence). */
  entries: OutboxEntry[];
  /** Keys of records that are not readable entries. */
  corruptIds: string[];
}

/**
 * Where the outbox keeps its entries. The worker's is IndexedDB (below); unit tests inject an
 * in-memory one. Every write resolves only once it is durable, so the 202 the page gets, or the event
 * the app sees, never runs ahead of storage. A write that does not fit throws the platform's
 * QuotaExceededError and changes nothing.
 */
export interface OutboxStore {
  /** Adds an entry after every existing one. */
  add(draft: NewOutboxEntry): Promise<OutboxEntry>;
  /** Every entry, in sequence order, with the keys of records that could not be read. */
  read(): Promise<OutboxListing>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /**
   * Persists an entry's new state (after transition()). With `ifStatus`, only when the stored entry is
   * still in that status: the app may discard or retry an entry while a replay holds an older copy,
   * and that copy must not bring it back. Resolves to whether it was written.
   */
  save(entry: OutboxEntry, ifStatus?: OutboxStatus): Promise<boolean>;
  /** Removes one entry (delivered or discarded); false when it was not there. */
  remove(id: string): Promise<boolean>;
  /**
   * Entries left in `sending` by a worker that stopped mid-attempt go back to `queued`: whether the
   * server applied them is unknown, and the idempotency key makes resending safe. Only call this while
   * holding the replay lock, when nobody can be sending.
   */
  requeueInterrupted(nowMs: number): Promise<number>;
  /** Rewrites an unreadable record as a `failed` entry (quarantinedEntry()); undefined when it is gone or readable. */
  quarantine(id: string, nowMs: number): Promise<OutboxEntry | undefined>;
  /** The replay lease where Web Locks are missing: read and, if `take` says so, replaced in one readwrite transaction. */
  updateLease(take: (current: ReplayLeaseRecord | undefined) => ReplayLeaseRecord | null | undefined): Promise<boolean>;
}

const STRICT = { durability: 'strict' } as const;

/**
 * The outbox in IndexedDB. Every write is a `readwrite` transaction with strict durability, awaited to
 * completion (NOTES.md: a process kill loses nothing either way; strict is the promise for power loss).
 */
export class IndexedDBOutboxStore implements OutboxStore {
  readonly #fallbackUrl: string;

  /** `origin`: the URL a quarantined record gets when its own cannot be read. */
  constructor(origin: string) {
    this.#fallbackUrl = `${origin}/`;
  }

  async add(draft: NewOutboxEntry): Promise<OutboxEntry> {
    const tx = (await db()).transaction('outbox', 'readwrite', STRICT);
    // Reading the last sequence and writing the next one in one readwrite transaction serialises
    // concurrent enqueues, so sequences stay unique and ordered across worker restarts.
    // The range skips non-numeric sequences a corrupt record may carry (IndexedDB sorts strings after numbers).
    const last = await tx.store.index('bySequence').openCursor(IDBKeyRange.upperBound(Infinity), 'prev');
    const entry: OutboxEntry = { ...draft, sequence: (last?.value.sequence ?? 0) + 1 };
    await Promise.all([tx.store.add(entry), tx.done]);
    return entry;
  }

  async read(): Promise<OutboxListing> {
    const tx = (await db()).transaction('outbox', 'readonly');
    const entries: OutboxEntry[] = [];
    const corruptIds: string[] = [];
    for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
      const entry = parseEntry(cursor.value as unknown);
      if (entry) entries.push(entry);
      else corruptIds.push(String(cursor.key));
    }
    await tx.done;
    entries.sort((a, b) => a.sequence - b.sequence);
    return { entries, corruptIds };
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    return parseEntry((await (await db()).get('outbox', id)) as unknown);
  }

  async save(entry: OutboxEntry, ifStatus?: OutboxStatus): Promise<boolean> {
    const tx = (await db()).transaction('outbox', 'readwrite', STRICT);
    const current = ifStatus === undefined ? undefined : parseEntry((await tx.store.get(entry.id)) as unknown);
    const write = ifStatus === undefined || current?.status === ifStatus;
    if (write) await tx.store.put(entry);
    await tx.done;
    return write;
  }

  async remove(id: string): Promise<boolean> {
    const tx = (await db()).transaction('outbox', 'readwrite', STRICT);
    const existed = (await tx.store.getKey(id)) !== undefined;
    if (existed) await tx.store.delete(id);
    await tx.done;
    return existed;
  }

  async requeueInterrupted(nowMs: number): Promise<number> {
    const tx = (await db()).transaction('outbox', 'readwrite', STRICT);
    let count = 0;
    for (let cursor = await tx.store.index('byStatus').openCursor('sending'); cursor; cursor = await cursor.continue()) {
      const entry = parseEntry(cursor.value as unknown);
      if (!entry) continue;
      await cursor.update(transition(entry, { type: 'requeue', nextAttemptAt: nowMs }));
      count += 1;
    }
    await tx.done;
    return count;
  }

  async quarantine(id: string, nowMs: number): Promise<OutboxEntry | undefined> {
    const tx = (await db()).transaction('outbox', 'readwrite', STRICT);
    const raw = (await tx.store.get(id)) as unknown;
    if (raw === undefined || parseEntry(raw)) {
      await tx.done;
      return undefined;
    }
    const entry = quarantinedEntry(id, raw, nowMs, this.#fallbackUrl);
    await Promise.all([tx.store.put(entry), tx.done]);
    return entry;
  }

  async updateLease(take: (current: ReplayLeaseRecord | undefined) => ReplayLeaseRecord | null | undefined): Promise<boolean> {
    const tx = (await db()).transaction('replayLease', 'readwrite', STRICT);
    const next = take(await tx.store.get('replay'));
    if (next) await tx.store.put(next, 'replay');
    else if (next === null) await tx.store.delete('replay');
    await tx.done;
    return next !== undefined;
  }
}

function db(): Promise<IDBPDatabase<StowageSchema>> {
  return openStowageDB();
}
