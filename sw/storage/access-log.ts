import { openStowageDB } from './db.js';

/**
 * When each cached URL was last used, per cache, for least-recently-used eviction. Uses are batched:
 * a cache hit only notes the time in memory, and one transaction writes the batch a moment later, so
 * the hit itself never waits on IndexedDB.
 */
export class AccessLog {
  readonly #pending = new Map<string, { cacheName: string; url: string; accessedAt: number }>();
  #flushing: Promise<void> | undefined;

  noteUse(cacheName: string, url: string, accessedAt: number): void {
    this.#pending.set(`${cacheName} ${url}`, { cacheName, url, accessedAt });
    this.#flushing ??= Promise.resolve().then(() => this.flush());
  }

  async flush(): Promise<void> {
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    this.#flushing = undefined;
    if (batch.length === 0) return;
    const db = await openStowageDB();
    const tx = db.transaction('cacheEntries', 'readwrite');
    await Promise.all([...batch.map((record) => tx.store.put(record)), tx.done]);
  }

  /** Deletes the least recently used entries of a cache until at most maxEntries remain; returns their URLs. */
  async evict(cacheName: string, maxEntries: number): Promise<string[]> {
    await this.flush();
    const db = await openStowageDB();
    const tx = db.transaction('cacheEntries', 'readwrite');
    const byAccess = tx.store.index('byCacheAndAccess');
    const range = IDBKeyRange.bound([cacheName, -Infinity], [cacheName, Infinity]);
    let excess = (await byAccess.count(range)) - maxEntries;
    const evicted: string[] = [];
    for (let cursor = await byAccess.openCursor(range); cursor && excess > 0; cursor = await cursor.continue()) {
      evicted.push(cursor.value.url);
      await cursor.delete();
      excess -= 1;
    }
    await tx.done;
    if (evicted.length > 0) {
      const cache = await caches.open(cacheName);
      await Promise.all(evicted.map((url) => cache.delete(url)));
    }
    return evicted;
  }

  /** Forgets every record of a cache that was deleted. */
  async forgetCache(cacheName: string): Promise<void> {
    this.#pending.forEach((record, key) => record.cacheName === cacheName && this.#pending.delete(key));
    const db = await openStowageDB();
    await db.delete('cacheEntries', IDBKeyRange.bound([cacheName, ''], [cacheName, '\uffff']));
  }
}
