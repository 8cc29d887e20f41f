import { now } from '../clock.js';
import { openStowageDB } from '../storage/db.js';
import { SharedLoad } from '../storage/shared-load.js';

/**
 * One AES-GCM 256 key per user partition, generated in the worker and stored in IndexedDB as a
 * non-extractable CryptoKey: script in the origin can use it through the worker but can never read
 * its bytes. Deleting it on logout makes every remnant encrypted with it unreadable (crypto-shredding).
 */
export class KeyStore {
  /** Keys in use, so a hit does not wait on IndexedDB; one load per partition, shared by concurrent callers. */
  readonly #keys = new Map<string, SharedLoad<CryptoKey | undefined>>();

  /** The partition's key, or undefined when it has none (never written, or shredded). */
  get(partitionId: string): Promise<CryptoKey | undefined> {
    return this.#keyOf(partitionId).get();
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
    this.#keyOf(partitionId).set(created);
    const key = await created;
    if (!key) throw new Error('The encryption key could not be stored');
    return key;
  }

  #keyOf(partitionId: string): SharedLoad<CryptoKey | undefined> {
    let key = this.#keys.get(partitionId);
    if (!key) {
      key = new SharedLoad(async () => (await (await openStowageDB()).get('userKeys', partitionId))?.key);
      this.#keys.set(partitionId, key);
    }
    return key;
  }

  async delete(partitionId: string): Promise<boolean> {
    this.#keys.delete(partitionId);
    const db = await openStowageDB();
    const tx = db.transaction('userKeys', 'readwrite', { durability: 'strict' });
    const existed = (await tx.store.getKey(partitionId)) !== undefined;
    await Promise.all([tx.store.delete(partitionId), tx.done]);
    return existed;
  }
}
