import type { IDBPDatabase } from 'idb';
import { openStowageDB, type StowageSchema } from '../storage/db.js';
import { parseEntry, transition, type OutboxEntry, type OutboxStatus } from './entry.js';

/**
 * All IndexedDB access of the outbox. Every write is a `readwrite` transaction with strict durability,
 * awaited to completion: when a function here resolves, the change is on disk (as far as the browser
 * can promise), so the 202 the page gets, or the event the app sees, never runs ahead of storage.
 */
const STRICT = { durability: 'strict' } as const;

/** Fields the caller fills in; the store assigns `sequence`. */
export type NewOutboxEntry = Omit<OutboxEntry, 'sequence'>;

async function db(): Promise<IDBPDatabase<StowageSchema>> {
  return openStowageDB();
}

/** Adds an entry after every existing one. Throws the platform's QuotaExceededError when storage is full; nothing is written then. */
export async function enqueueEntry(draft: NewOutboxEntry): Promise<OutboxEntry> {
  const tx = (await db()).transaction('outbox', 'readwrite', STRICT);
  // Reading the last sequence and writing the next one in one readwrite transaction serialises
  // concurrent enqueues, so sequences stay unique and ordered across worker restarts.
  // The range skips non-numeric sequences a corrupt record may carry (IndexedDB sorts strings after numbers).
  const last = await tx.store.index('bySequence').openCursor(IDBKeyRange.upperBound(Infinity), 'prev');
  const entry: OutboxEntry = { ...draft, sequence: (last?.value.sequence ?? 0) + 1 };
  await Promise.all([tx.store.add(entry), tx.done]);
  return entry;
}

export interface OutboxListing {
  /** In delivery order (by sequence). */
  entries: OutboxEntry[];
  /** Keys of records that are not readable entries. */
  corruptIds: string[];
}

/** Every entry, in sequence order, with the keys of records that could not be read. */
export async function readOutbox(): Promise<OutboxListing> {
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

/** The readable entries matching `filter`, in delivery order. */
export async function listEntries(filter: (entry: OutboxEntry) => boolean = () => true): Promise<OutboxEntry[]> {
  return (await readOutbox()).entries.filter(filter);
}

export async function getEntry(id: string): Promise<OutboxEntry | undefined> {
  return parseEntry((await (await db()).get('outbox', id)) as unknown);
}

/**
 * Persists an entry's new state (after transition()). With `ifStatus`, only when the stored entry is
 * still in that status: the app may discard or retry an entry while a replay holds an older copy,
 * and that copy must not bring it back. Returns whether it was written.
 */
export async function saveEntry(entry: OutboxEntry, ifStatus?: OutboxStatus): Promise<boolean> {
  const tx = (await db()).transaction('outbox', 'readwrite', STRICT);
  const current = ifStatus === undefined ? undefined : parseEntry((await tx.store.get(entry.id)) as unknown);
  const write = ifStatus === undefined || current?.status === ifStatus;
  if (write) await tx.store.put(entry);
  await tx.done;
  return write;
}

/** Removes one entry (delivered or discarded); false when it was not there. */
export async function removeEntry(id: string): Promise<boolean> {
  const tx = (await db()).transaction('outbox', 'readwrite', STRICT);
  const existed = (await tx.store.getKey(id)) !== undefined;
  if (existed) await tx.store.delete(id);
  await tx.done;
  return existed;
}

/**
 * Entries left in `sending` by a worker that stopped mid-attempt go back to `queued`: whether the
 * server applied them is unknown, and the idempotency key makes resending safe. Only call this while
 * holding the replay lock, when nobody can be sending.
 */
export async function requeueInterrupted(nowMs: number): Promise<number> {
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

/**
 * Rewrites an unreadable record as a `failed` entry with error `corrupt-entry`, keeping whatever
 * could be read, so the app sees it in pending() and can discard it. It gets an ordering key of its
 * own: its real one is unknown, and it must not hold anyone else's.
 */
export async function quarantine(id: string, nowMs: number): Promise<OutboxEntry | undefined> {
  const tx = (await db()).transaction('outbox', 'readwrite', STRICT);
  const raw = (await tx.store.get(id)) as unknown;
  if (raw === undefined || parseEntry(raw)) {
    await tx.done;
    return undefined;
  }
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const url = text(record.url);
  const entry: OutboxEntry = {
    id,
    idempotencyKey: text(record.idempotencyKey) || id,
    method: text(record.method) || 'UNKNOWN',
    url: URL.canParse(url) ? url : `${self.location.origin}/`,
    headers: {},
    body: null,
    createdAt: typeof record.createdAt === 'number' ? record.createdAt : nowMs,
    attempts: 0,
    nextAttemptAt: nowMs,
    status: 'failed',
    lastError: { code: 'corrupt-entry', message: 'The stored outbox record could not be read and was quarantined' },
    userScope: null,
    orderingKey: `corrupt:${id}`,
    sequence: typeof record.sequence === 'number' && Number.isFinite(record.sequence) ? record.sequence : 0,
    routeName: '(quarantined)',
  };
  await Promise.all([tx.store.put(entry), tx.done]);
  return entry;
}
