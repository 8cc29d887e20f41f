import { now } from '../clock.js';
import type { ClearOptions, ClearReport } from '../../src/shared/operations.js';
import type { KeyStore } from '../crypto/keys.js';
import { isOwnCacheName, parseCacheName } from '../storage/cache-names.js';
import { openStowageDB, type PurgeIntentRecord } from '../storage/db.js';
import type { Stats } from '../stats.js';
import type { CurrentUser } from './current-user.js';

const STRICT = { durability: 'strict' } as const;
const DEFAULT_DELIVER_TIMEOUT_MS = 10_000;

/** The outbox operations a purge needs: deliver what can be delivered, then drop the rest. */
export interface PurgeOutbox {
  flush(): Promise<{ delivered: number }>;
  pending(): Promise<Array<{ id: string }>>;
  discard(id: string): Promise<{ discarded: boolean }>;
}

export interface PurgeContext {
  cachePrefix: string;
  /** Cache names of the `private: true` routes: every partition of them goes on any purge. */
  privateCaches: ReadonlySet<string>;
  currentUser: CurrentUser;
  keys: KeyStore;
  /** Forgets what other features recorded about a deleted cache (the LRU access log). */
  forgetCache(cacheName: string): Promise<void>;
  stats: Stats;
  outbox: PurgeOutbox;
}

/**
 * Logout. The intent is persisted first (strictly), so a purge the browser dies in the middle of is
 * completed on the next worker start, before anything is served (see `resume()` and the fetch gate in
 * install.ts). Purges run one at a time: two tabs logging out at once purge once, then find nothing.
 */
export class Purger {
  readonly #context: PurgeContext;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(context: PurgeContext) {
    this.#context = context;
  }

  clear(options: ClearOptions): Promise<ClearReport> {
    // Queued at once, so a setUser() sent right after clear() waits for it (see idle()).
    return this.#enqueue(async () => {
      const { partitionId } = await this.#context.currentUser.get();
      // From here on, nothing is served from or written for the old user's partition.
      this.#context.currentUser.forget();
      const intent: PurgeIntentRecord = {
        partitionId: partitionId ?? '',
        pending: options.pending ?? 'deliver',
        timeoutMs: options.timeoutMs ?? DEFAULT_DELIVER_TIMEOUT_MS,
        requestedAt: now(),
      };
      const db = await openStowageDB();
      const tx = db.transaction('purges', 'readwrite', STRICT);
      await Promise.all([tx.store.put(intent), tx.done]);
      return this.#run(intent);
    });
  }

  /** Completes the purges a previous worker was killed in the middle of; returns their reports. */
  async resume(): Promise<ClearReport[]> {
    const intents = await (await openStowageDB()).getAll('purges');
    return Promise.all(intents.map((intent) => this.#enqueue(() => this.#run(intent))));
  }

  /** Resolves once no purge is running or queued. */
  async idle(): Promise<void> {
    await this.#queue;
  }

  #enqueue(purge: () => Promise<ClearReport>): Promise<ClearReport> {
    const run = this.#queue.then(purge);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Every step is idempotent, so a purge interrupted anywhere can simply run again. */
  async #run(intent: PurgeIntentRecord): Promise<ClearReport> {
    const { currentUser, keys, stats } = this.#context;
    await currentUser.set(null);
    const { delivered, discarded } = await this.#settleOutbox(intent);
    const { cachesDeleted, entriesDeleted } = await this.#deleteCaches(intent.partitionId);
    const keyDeleted = intent.partitionId === '' ? false : await keys.delete(intent.partitionId);
    stats.reset();
    const db = await openStowageDB();
    const tx = db.transaction('purges', 'readwrite', STRICT);
    await Promise.all([tx.store.delete(intent.partitionId), tx.done]);
    return { delivered, discarded, cachesDeleted, entriesDeleted, keyDeleted };
  }

  /**
   * Every queued write is taken to belong to whoever is logging out: entries queued before any
   * setUser() have no user scope, and leaving them would send them with the next user's session.
   * Delivery gets `timeoutMs`; whatever is still queued then is discarded, since after logout its
   * credentials are gone. A delivery still in flight at the deadline is not counted as delivered.
   */
  async #settleOutbox(intent: PurgeIntentRecord): Promise<{ delivered: number; discarded: number }> {
    const { outbox } = this.#context;
    let delivered = 0;
    if (intent.pending === 'deliver') {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(0), intent.timeoutMs)));
      const flushed = outbox.flush().then(
        (report) => report.delivered,
        () => 0,
      );
      delivered = await Promise.race([flushed, deadline]);
      clearTimeout(timer);
    }
    let discarded = 0;
    for (const { id } of await outbox.pending()) {
      if ((await outbox.discard(id)).discarded) discarded += 1;
    }
    return { delivered, discarded };
  }

  async #deleteCaches(partitionId: string): Promise<{ cachesDeleted: number; entriesDeleted: number }> {
    const { cachePrefix, privateCaches, forgetCache } = this.#context;
    const doomed = (await caches.keys()).filter((name) => {
      if (!isOwnCacheName(cachePrefix, name)) return false;
      const parsed = parseCacheName(name);
      return (partitionId !== '' && parsed.partitionId === partitionId) || privateCaches.has(parsed.routeCacheName);
    });
    let entriesDeleted = 0;
    for (const name of doomed) {
      entriesDeleted += (await (await caches.open(name)).keys()).length;
      await caches.delete(name);
      await forgetCache(name);
    }
    return { cachesDeleted: doomed.length, entriesDeleted };
  }
}
