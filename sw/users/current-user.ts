import { openStowageDB, type CurrentUserRecord } from '../storage/db.js';
import { SharedLoad } from '../storage/shared-load.js';

const NOBODY: CurrentUserRecord = { userId: null, partitionId: null };

/** How many hex digits of the SHA-256 of a user id name its partition: 64 bits, no collisions in practice. */
const PARTITION_ID_HEX_DIGITS = 16;

/**
 * The user whose private data the worker serves, persisted in IndexedDB so a restarted worker keeps
 * serving the same partition. Loaded lazily once per worker start and then kept in memory: a private
 * route awaits `get()`, which is an already-resolved promise after the first load.
 */
export class CurrentUser {
  readonly #loaded = new SharedLoad(async (): Promise<CurrentUserRecord> => (await (await openStowageDB()).get('currentUser', 'current')) ?? NOBODY);

  get(): Promise<CurrentUserRecord> {
    return this.#loaded.get();
  }

  /** Switches the partition; the new user is persisted (strictly) before any request is served for it. */
  async set(userId: string | null): Promise<CurrentUserRecord> {
    const record: CurrentUserRecord = { userId, partitionId: userId === null ? null : await partitionIdOf(userId) };
    const db = await openStowageDB();
    const tx = db.transaction('currentUser', 'readwrite', { durability: 'strict' });
    await Promise.all([tx.store.put(record, 'current'), tx.done]);
    this.#loaded.set(record);
    return record;
  }

  /** Forgets the in-memory copy immediately (logout): nothing is served for the old user from now on. */
  forget(): void {
    this.#loaded.set(NOBODY);
  }
}

/** A user's partition id: a hash prefix, so Cache Storage names and key records never reveal user names. */
export async function partitionIdOf(userId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`stowage-partition:${userId}`));
  return [...new Uint8Array(digest)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, PARTITION_ID_HEX_DIGITS);
}
