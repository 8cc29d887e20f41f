import { now } from '../clock.js';
import { openStowageDB } from '../storage/db.js';

/**
 * One AES-GCM 256 key per user partition, generated in the worker and stored in IndexedDB as a
 * non-extractable CryptoKey: script in the origin can use it through the worker but can never read
 * its bytes. Deleting it on logout makes every remnant encrypted with it unreadable (crypto-shredding).
 */
export class KeyStore {
  /** Keys in use, so a hit does not wait on IndexedDB; the promise is shared by concurrent callers. */
  readonly #cache = new Map<string, Promise<CryptoKey | undefined>>();

  /** The partition's key, or undefined when it has none (never written, or shredded). */
  get(partitionId: string): Promise<CryptoKey | undefined> {
    let key = this.#cache.get(partitionId);
    if (!key) {
      key = openStowageDB().then(async (db) => (await db.get('userKeys', partitionId))?.key);
      this.#remember(partitionId, key);
    }
    return key;
  }

  /** The partition's key, generated and stored first if it has none. */
  async getOrCreate(partitionId: string): Promise<CryptoKey> {
    const existing = await this.get(partitionId);
    if (existing) return existing;
    const created = (async () => {
      const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      const db = await openStowageDB();
      const tx = db.transaction('userKeys', 'readwrite', { durability: 'strict' });
      // add(), not put(): if another writer stored a key first, its key wins and ours is dropped.
      const added = await tx.store.add({ partitionId, key, createdAt: now() }).then(
        () => true,
        () => false,
      );
      await tx.done.catch(() => undefined);
      return added ? key : (await db.get('userKeys', partitionId))?.key;
    })();
    this.#remember(partitionId, created);
    const key = await created;
    if (!key) throw new Error('The encryption key could not be stored');
    return key;
  }

  /** Shares `key` with later callers; a failed read or write is forgotten, so the next caller tries again. */
  #remember(partitionId: string, key: Promise<CryptoKey | undefined>): void {
    this.#cache.set(partitionId, key);
    key.catch(() => {
      if (this.#cache.get(partitionId) === key) this.#cache.delete(partitionId);
    });
  }

  async delete(partitionId: string): Promise<boolean> {
    this.#cache.delete(partitionId);
    const db = await openStowageDB();
    const tx = db.transaction('userKeys', 'readwrite', { durability: 'strict' });
    const existed = (await tx.store.getKey(partitionId)) !== undefined;
    await Promise.all([tx.store.delete(partitionId), tx.done]);
    return existed;
  }
}
