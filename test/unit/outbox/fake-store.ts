import { parseEntry, quarantinedEntry, transition, type OutboxEntry, type OutboxStatus } from '../../../sw/outbox/entry.js';
import type { NewOutboxEntry, OutboxListing, OutboxStore } from '../../../sw/outbox/store.js';
import type { ReplayLeaseRecord } from '../../../sw/storage/db.js';

export type StoreWrite = { op: 'add' | 'save'; entry: OutboxEntry } | { op: 'remove'; id: string };

/**
 * The outbox store in memory, with IndexedDB's contract: records are copies (structured clone), each
 * call is one atomic transaction, a refused write changes nothing. `refuse` plays a full disk: a write
 * it matches throws the platform's QuotaExceededError.
 */
export class MemoryOutboxStore implements OutboxStore {
  readonly records = new Map<string, unknown>();
  lease: ReplayLeaseRecord | undefined;
  refuse: (write: StoreWrite) => boolean = () => false;

  async add(draft: NewOutboxEntry): Promise<OutboxEntry> {
    await tick();
    const sequences = [...this.records.values()].map((record) => parseEntry(record)?.sequence ?? 0);
    const entry: OutboxEntry = { ...draft, sequence: Math.max(0, ...sequences) + 1 };
    this.#check({ op: 'add', entry });
    this.records.set(entry.id, structuredClone(entry));
    return entry;
  }

  async read(): Promise<OutboxListing> {
    await tick();
    const entries: OutboxEntry[] = [];
    const corruptIds: string[] = [];
    for (const [id, record] of this.records) {
      const entry = parseEntry(record);
      if (entry) entries.push(structuredClone(entry));
      else corruptIds.push(id);
    }
    return { entries: entries.sort((a, b) => a.sequence - b.sequence), corruptIds };
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    await tick();
    const entry = parseEntry(this.records.get(id));
    return entry && structuredClone(entry);
  }

  async save(entry: OutboxEntry, ifStatus?: OutboxStatus): Promise<boolean> {
    await tick();
    if (ifStatus !== undefined && parseEntry(this.records.get(entry.id))?.status !== ifStatus) return false;
    this.#check({ op: 'save', entry });
    this.records.set(entry.id, structuredClone(entry));
    return true;
  }

  async remove(id: string): Promise<boolean> {
    await tick();
    this.#check({ op: 'remove', id });
    return this.records.delete(id);
  }

  async requeueInterrupted(nowMs: number): Promise<number> {
    await tick();
    let count = 0;
    for (const [id, record] of this.records) {
      const entry = parseEntry(record);
      if (entry?.status !== 'sending') continue;
      this.records.set(id, transition(entry, { type: 'requeue', nextAttemptAt: nowMs }));
      count += 1;
    }
    return count;
  }

  async quarantine(id: string, nowMs: number): Promise<OutboxEntry | undefined> {
    await tick();
    const raw = this.records.get(id);
    if (raw === undefined || parseEntry(raw)) return undefined;
    const entry = quarantinedEntry(id, raw, nowMs, 'http://localhost/');
    this.records.set(id, entry);
    return entry;
  }

  async updateLease(take: (current: ReplayLeaseRecord | undefined) => ReplayLeaseRecord | null | undefined): Promise<boolean> {
    await tick();
    const next = take(this.lease);
    if (next !== undefined) this.lease = next ?? undefined;
    return next !== undefined;
  }

  /** The stored entries, in sequence order. */
  entries(): OutboxEntry[] {
    return [...this.records.values()].map((record) => parseEntry(record)!).sort((a, b) => a.sequence - b.sequence);
  }

  #check(write: StoreWrite): void {
    if (this.refuse(write)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
}

/** Every IndexedDB call resolves asynchronously; so does every call here, so interleavings are real. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
