import type { CacheEntryRecord } from './db.js';
import { openStowageDB } from './db.js';

/** A route's budget: whichever is exceeded first evicts. */
export interface CacheLimits {
  maxEntries?: number | undefined;
  maxBytes?: number | undefined;
}

/** What a cross-cache eviction may not delete; asked with the stored entry before it goes. */
export type KeepEntry = (entry: Response) => boolean;

/**
 * When each cached entry was last used and how large it is, per cache, for least-recently-used
 * eviction (a route's `maxEntries` and `maxBytes`, and making room after a quota error). Uses are
 * batched: a cache hit only notes the time in memory, and one transaction writes the batch a moment
 * later, so the hit itself never waits on IndexedDB. A use keeps the size its store recorded.
 */
export class AccessLog {
  readonly #pending = new Map<string, CacheEntryRecord>();
  #flushing: Promise<void> | undefined;

  noteUse(cacheName: string, url: string, accessedAt: number): void {
    this.#note({ cacheName, url, accessedAt });
  }

  /** An entry was (re)stored: its size in bytes is what `maxBytes` and the stats count. */
  noteStored(cacheName: string, url: string, accessedAt: number, bytes: number): void {
    this.#note({ cacheName, url, accessedAt, bytes });
  }

  #note(record: CacheEntryRecord): void {
    const key = `${record.cacheName} ${record.url}`;
    const earlier = this.#pending.get(key);
    this.#pending.set(key, { ...record, ...(record.bytes === undefined && earlier?.bytes !== undefined ? { bytes: earlier.bytes } : {}) });
    // A batch the disk refuses (quota) is dropped: the entries stay, only their use times are older.
    this.#flushing ??= Promise.resolve().then(() => this.flush().catch(() => undefined));
  }

  async flush(): Promise<void> {
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    this.#flushing = undefined;
    if (batch.length === 0) return;
    const db = await openStowageDB();
    const tx = db.transaction('cacheEntries', 'readwrite');
    const written = batch.map(async (record) => {
      const bytes = record.bytes ?? (await tx.store.get([record.cacheName, record.url]))?.bytes;
      await tx.store.put(bytes === undefined ? record : { ...record, bytes });
    });
    await Promise.all([...written, tx.done]);
  }

  /** Deletes a cache's least recently used entries until it is within its limits; returns their URLs. */
  async evict(cacheName: string, { maxEntries = Infinity, maxBytes = Infinity }: CacheLimits): Promise<string[]> {
    await this.flush();
    const db = await openStowageDB();
    const tx = db.transaction('cacheEntries', 'readwrite');
    const byAccess = tx.store.index('byCacheAndAccess');
    const range = IDBKeyRange.bound([cacheName, -Infinity], [cacheName, Infinity]);
    const records = await byAccess.getAll(range);
    let count = records.length;
    let bytes = records.reduce((sum, record) => sum + (record.bytes ?? 0), 0);
    const evicted: string[] = [];
    for (const record of records) {
      if (count <= maxEntries && bytes <= maxBytes) break;
      evicted.push(record.url);
      await tx.store.delete([cacheName, record.url]);
      count -= 1;
      bytes -= record.bytes ?? 0;
    }
    await tx.done;
    if (evicted.length > 0) {
      const cache = await caches.open(cacheName);
      await Promise.all(evicted.map((url) => cache.delete(url)));
    }
    return evicted;
  }

  /**
   * Makes room after a quota error: deletes the least recently used entries of every logged cache,
   * oldest first, until at least `bytes` are freed or nothing is left that `keep` lets go. Sizes are
   * measured on the stored entry, so entries logged before sizes were recorded count too.
   */
  async evictOldest(bytes: number, keep: KeepEntry): Promise<{ freedBytes: number; evicted: number }> {
    await this.flush();
    const db = await openStowageDB();
    const records = (await db.getAll('cacheEntries')).sort((a, b) => a.accessedAt - b.accessedAt);
    let freedBytes = 0;
    let evicted = 0;
    for (const record of records) {
      if (freedBytes >= bytes) break;
      // caches.match() with a cacheName does not create a cache that was deleted since, as open() would.
      const entry = await caches.match(record.url, { cacheName: record.cacheName, ignoreVary: true });
      const kept = entry !== undefined && keep(entry);
      // A body left unread keeps its disk entry alive after the delete, and with it the quota it takes.
      const bodyBytes = entry && !kept && record.bytes === undefined ? (await entry.arrayBuffer()).byteLength : 0;
      await entry?.body?.cancel();
      if (kept) continue;
      if (entry) {
        freedBytes += record.bytes ?? bodyBytes;
        await (await caches.open(record.cacheName)).delete(record.url, { ignoreVary: true });
      }
      await db.delete('cacheEntries', [record.cacheName, record.url]);
      evicted += 1;
    }
    return { freedBytes, evicted };
  }

  /** The recorded bytes of every logged cache. */
  async bytesByCache(): Promise<Map<string, number>> {
    await this.flush();
    const totals = new Map<string, number>();
    for (const record of await (await openStowageDB()).getAll('cacheEntries')) {
      totals.set(record.cacheName, (totals.get(record.cacheName) ?? 0) + (record.bytes ?? 0));
    }
    return totals;
  }

  /** Forgets every record of a cache that was deleted. */
  async forgetCache(cacheName: string): Promise<void> {
    this.#pending.forEach((record, key) => record.cacheName === cacheName && this.#pending.delete(key));
    const db = await openStowageDB();
    await db.delete('cacheEntries', IDBKeyRange.bound([cacheName, ''], [cacheName, '\uffff']));
  }
}
