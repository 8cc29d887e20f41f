import type { InvalidationMode, InvalidationSource } from '../../src/shared/invalidation.js';
import { broadcast } from '../messages.js';
import { noticeOfInvalidation, notices } from '../notices.js';
import type { EntryTagRecord, EpochRecord } from '../storage/db.js';
import { SharedLoad } from '../storage/shared-load.js';
import {
  countPartition,
  coveredRecords,
  deleteTagRecords,
  forgetCacheRecords,
  getTagRecord,
  loadEpochs,
  loadKnownTags,
  recordEntries,
  saveEpochs,
  tagRecordOf,
  type TaggedEntry,
} from './epoch-store.js';
import { keysOfInvalidation, PartitionEpochs, type InvalidationKeys } from './epochs.js';
import { tagTypeOf } from './tags.js';

declare const process: { env: { NODE_ENV?: string } };

const LOADED = Promise.resolve();

/** The shared partition's id; user partitions are the users' partition ids. */
export const SHARED_PARTITION = '';

export interface InvalidationRequest {
  keys: InvalidationKeys;
  mode: InvalidationMode;
  source: InvalidationSource;
  /** `shared`: the shared partition only (a feed reset); `current`: it and the current user's. */
  partitions: 'shared' | 'current';
  /** Keeps the worker alive for a purge's background sweep. */
  event?: LifetimeExtender | undefined;
}

/** What an ExtendableEvent offers here: keeping the worker alive for background work. */
export interface LifetimeExtender {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * The worker's invalidation state: the epochs of every partition (loaded from IndexedDB once per
 * worker start, on first use, then read from memory, so a cache hit costs no IndexedDB read), the
 * tag records of stored entries (written in batches after each store), and invalidate() itself.
 */
export class Invalidation {
  readonly #partitions = new Map<string, PartitionEpochs>();
  readonly #currentPartition: () => Promise<string | null>;
  readonly #loaded = new SharedLoad(() => this.#restore());
  #isLoaded = false;
  #loadFailed = false;
  readonly #known = new SharedLoad(async () => {
    const tags = await loadKnownTags();
    return new Set([...tags, ...tags.map((tag) => typeKey(tagTypeOf(tag)))]);
  });
  readonly #pending = new Map<string, EntryTagRecord>();
  readonly #pendingTags = new Set<string>();
  #flushing: Promise<void> | undefined;
  /** Epochs waiting for the next strict transaction, and that transaction (group commit). */
  readonly #unsaved: EpochRecord[] = [];
  #nextSave: Promise<void> | undefined;
  #lastSave: Promise<void> = Promise.resolve();
  /** Invalidations of tags no stored entry has ever carried, since the worker started. */
  unknownTagInvalidations = 0;

  constructor({ currentPartition }: { currentPartition: () => Promise<string | null> }) {
    this.#currentPartition = currentPartition;
  }

  /**
   * Resolves once the epochs are in memory (at once after the first time), or once loading them
   * failed: a read goes on without them, and until they are loaded every stored entry counts as
   * expired (see `isReady`), so nothing that may have been invalidated is served as fresh.
   */
  ready(): Promise<void> {
    // A cache hit asks on every request: once loaded, no new promise per call.
    if (this.#isLoaded) return LOADED;
    return this.#loaded.get().catch((error: unknown) => {
      // Said once per outage, not on every read while IndexedDB stays closed.
      if (this.#loadFailed) return;
      this.#loadFailed = true;
      console.error('Stowage: the invalidation epochs could not be read; stored entries are revalidated until they can', error);
    });
  }

  /** Whether the epochs are in memory; until then no stored entry may be taken as current. */
  get isReady(): boolean {
    return this.#isLoaded;
  }

  async #restore(): Promise<void> {
    const records = await loadEpochs();
    for (const { partition, key, epoch } of records) this.epochsOf(partition).restore(key, epoch);
    this.#isLoaded = true;
  }

  /** A partition's epochs (call after ready()). */
  epochsOf(partition: string): PartitionEpochs {
    let epochs = this.#partitions.get(partition);
    if (!epochs) {
      epochs = new PartitionEpochs();
      this.#partitions.set(partition, epochs);
    }
    return epochs;
  }

  /** Notes a stored entry's tags in the index; written a moment later with the others stored meanwhile. */
  record(entry: TaggedEntry): void {
    const record = tagRecordOf(entry);
    this.#pending.set(`${record.cacheName}\n${record.key}`, record);
    for (const tag of entry.tags) this.#pendingTags.add(tag);
    this.#flushing ??= Promise.resolve().then(() => this.flush());
  }

  /** Writes the noted tag records (invalidate() waits for them, so what was stored is counted). */
  async flush(): Promise<void> {
    const records = [...this.#pending.values()];
    const tags = [...this.#pendingTags];
    this.#pending.clear();
    this.#pendingTags.clear();
    this.#flushing = undefined;
    if (records.length === 0) return;
    const known = await this.#knownTags();
    const newTags = tags.filter((tag) => !known.has(tag));
    for (const tag of newTags) {
      known.add(tag);
      known.add(typeKey(tagTypeOf(tag)));
    }
    await recordEntries(records, newTags);
  }

  /** A deleted cache's tag records go (logout, an outdated route). */
  async forgetCache(cacheName: string): Promise<void> {
    for (const [id, record] of this.#pending) if (record.cacheName === cacheName) this.#pending.delete(id);
    await forgetCacheRecords(cacheName);
  }

  /**
   * Applies an invalidation: each partition's sequence moves on and the named keys' epochs with it,
   * and the pages' memories are told at once; the epochs are persisted (strict) before this
   * resolves; then it counts what it covers through the tag index,
   * announces it to every tab, and for `purge` deletes the covered entries in the background.
   */
  async invalidate({ keys, mode, source, partitions, event }: InvalidationRequest): Promise<{ matched: number }> {
    // Not ready(): epochs moved on from unknown ones and persisted would overwrite newer ones on disk.
    await this.#loaded.get();
    const current = partitions === 'current' ? await this.#currentPartition() : null;
    const partitionIds = current === null ? [SHARED_PARTITION] : [SHARED_PARTITION, current];
    const epochKeys = keysOfInvalidation(keys);
    const applied = partitionIds.map((partition) => ({ partition, ...this.epochsOf(partition).invalidate(epochKeys, mode) }));
    const announced = { tags: keys.all ? ['*'] : [...(keys.tags ?? []), ...(keys.routes ?? [])], urls: [...(keys.urls ?? [])] };
    // The pages' memories hear of it now, before it is persisted and counted (issue 15: another
    // tab's stowage.fetch() honours it within 20 ms). Safe: the epochs above already cover every
    // read the worker serves from here on, and a response served before carries an older notice
    // number, so a page neither keeps it nor keeps what it had (src/client/memory/). A failure
    // below leaves the pages having dropped copies for nothing, which costs a worker round trip.
    notices.announce(noticeOfInvalidation(announced));
    await this.#persist(applied.flatMap(({ partition, changed }) => changed.map(([key, epoch]) => ({ partition, key, epoch }))));
    await this.#flushing;
    await this.#countUnknownTags(keys.tags ?? []);
    let matched = 0;
    const sweeps: Array<Promise<void>> = [];
    for (const { partition, seq } of applied) {
      if (mode === 'purge') {
        const covered = await coveredRecords(partition, keys);
        matched += covered.length;
        sweeps.push(sweep(covered, seq));
      } else {
        matched += keys.all ? await countPartition(partition) : (await coveredRecords(partition, keys)).length;
      }
    }
    if (sweeps.length > 0) event?.waitUntil(Promise.all(sweeps));
    void broadcast('invalidated', { ...announced, mode, matched, source }, { noticed: true });
    return { matched };
  }

  /**
   * Group commit: invalidations that arrive while a strict transaction is on its way to disk share
   * the next one, so concurrent invalidations (several tabs, a feed) do not queue one disk flush
   * each. Each resolves once its own epochs are on disk; later records of a key are the newer ones.
   */
  #persist(records: readonly EpochRecord[]): Promise<void> {
    this.#unsaved.push(...records);
    this.#nextSave ??= this.#lastSave
      .catch(() => undefined)
      .then(() => {
        this.#nextSave = undefined;
        return saveEpochs(this.#unsaved.splice(0));
      });
    this.#lastSave = this.#nextSave;
    return this.#nextSave;
  }

  async #countUnknownTags(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    const known = await this.#knownTags();
    for (const tag of tags) {
      // A bare type is known when any tag of that type was carried (`note` for `note:42`).
      if (known.has(tag) || (!tag.includes(':') && known.has(typeKey(tag)))) continue;
      this.unknownTagInvalidations += 1;
      if (process.env.NODE_ENV !== 'production') {
        console.warn(`Stowage: invalidated tag "${tag}", which no stored entry has ever carried (a typo?)`);
      }
    }
  }

  #knownTags(): Promise<Set<string>> {
    return this.#known.get();
  }
}

/** Known types sit beside known tags in one set, under a key no tag can have. */
function typeKey(type: string): string {
  return `\u0000${type}`;
}

/** Deletes the purged entries (those whose request started before the purge) and their records. */
async function sweep(primaryKeys: ReadonlyArray<[string, string]>, purgeSeq: number): Promise<void> {
  const deleted: Array<[string, string]> = [];
  for (const primaryKey of primaryKeys) {
    const record = await getTagRecord(primaryKey);
    if (!record || record.startSeq >= purgeSeq) continue;
    const cache = await caches.open(record.cacheName);
    await cache.delete(record.key, { ignoreVary: true });
    deleted.push(primaryKey);
  }
  await deleteTagRecords(deleted);
}
