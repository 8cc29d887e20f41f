import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { StowageError } from '../../src/shared/errors.js';
import type { InvalidationMode } from '../../src/shared/invalidation.js';
import type { OutboxErrorInfo, OutboxStatus } from '../../src/shared/outbox.js';
import { SharedLoad } from './shared-load.js';

/**
 * The one IndexedDB schema of Stowage, owned here. Every store's record type is declared in the schema,
 * so a write to the wrong store or a write in a read-only transaction fails to compile.
 * Migrations go version by version in upgrade(); never reorder or edit a released step.
 */
export interface StowageSchema extends DBSchema {
  /** Bookkeeping for cached responses that Cache Storage cannot give cheaply: when each was last used. */
  cacheEntries: {
    key: [string, string];
    value: CacheEntryRecord;
    indexes: { byCacheAndAccess: [string, number] };
  };
  /** The write-behind outbox; only sw/outbox/store.ts touches it. */
  outbox: {
    key: string;
    value: OutboxRecord;
    indexes: { bySequence: number; byStatus: OutboxStatus };
  };
  /**
   * Who replays the outbox, where Web Locks are missing: one record under the key 'replay', taken
   * and renewed in readwrite transactions (see sw/outbox/replay-lock.ts).
   */
  replayLease: {
    key: 'replay';
    value: ReplayLeaseRecord;
  };
  /** Who the worker serves private routes for; one record under the key 'current'. */
  currentUser: {
    key: 'current';
    value: CurrentUserRecord;
  };
  /** One non-extractable AES-GCM key per user partition (CryptoKey is structured-cloneable). */
  userKeys: {
    key: string;
    value: UserKeyRecord;
  };
  /** Logout purges asked for and not yet finished; a worker start completes them before serving. */
  purges: {
    key: string;
    value: PurgeIntentRecord;
  };
  /** The last invalidation of each tag, URL, route and '*', per partition (sw/invalidation/epoch-store.ts). */
  invalidationEpochs: {
    key: [string, string];
    value: EpochRecord;
  };
  /**
   * What each stored entry is tagged with, so an invalidation counts what it covers and a purge finds
   * what to delete without walking Cache Storage. The index values are scoped by partition
   * (`<partition>|<tag>`): an IndexedDB multiEntry index cannot be compound.
   */
  entryTags: {
    key: [string, string];
    value: EntryTagRecord;
    indexes: { byTag: string; byType: string; byUrl: string; byRoute: string; byPartition: string; byCache: string };
  };
  /** Every tag a stored entry ever carried (an invalidation of any other is probably a typo). */
  knownTags: {
    key: string;
    value: { tag: string; type: string };
    indexes: { byType: string };
  };
  /** The feed's last applied event, and each route's versions in the order they were deployed. */
  invalidationState: {
    key: string;
    value: { lastEventId: string } | { versions: string[] };
  };
}

export interface EpochRecord {
  partition: string;
  key: string;
  /** The last sequence number at which the key was invalidated, per mode. */
  epoch: Partial<Record<InvalidationMode, number>>;
}

export interface EntryTagRecord {
  cacheName: string;
  /** The entry's cache key (a variant's own key for a varied response). */
  key: string;
  partition: string;
  /** Scoped: `<partition>|<tag>`. */
  tags: string[];
  /** Scoped types of the tags (`<partition>|note` for `note:42`). */
  types: string[];
  /** Scoped URLs: with the query and, when it has one, without. */
  urls: string[];
  /** Scoped route name. */
  route: string;
  startSeq: number;
  version?: string | undefined;
}

/**
 * One mutation kept in the outbox. Delivered entries are removed, so "delivered" is not a status.
 * Statuses other than `queued` and `sending` block their ordering key until the app acts.
 */
export interface OutboxRecord {
  id: string;
  /** Generated once at enqueue and sent with every attempt, so the server applies the write once. */
  idempotencyKey: string;
  method: string;
  url: string;
  /** Request headers as captured, minus hop-by-hop ones; names in lower case. */
  headers: Record<string, string>;
  body: ArrayBuffer | null;
  /** ms since the epoch. */
  createdAt: number;
  /** Attempts that reached a verdict; a network error while offline does not count. */
  attempts: number;
  /** ms since the epoch; the entry is not sent by a background trigger before this. */
  nextAttemptAt: number;
  status: OutboxStatus;
  lastError?: OutboxErrorInfo;
  /** The user the mutation belongs to, or null when the app has no users. */
  userScope: string | null;
  /** Entries with the same key are delivered strictly in order, one at a time. */
  orderingKey: string;
  /** Monotonic across the outbox: the delivery order within an ordering key. */
  sequence: number;
  /** The write route that queued it: its retry settings apply on replay. */
  routeName: string;
}

export interface ReplayLeaseRecord {
  /** The replayer holding the lease (a random id per worker instance). */
  holder: string;
  /** ms since the epoch; after it, another replayer may take the lease (its holder died). */
  expiresAt: number;
}

export interface CacheEntryRecord {
  cacheName: string;
  url: string;
  accessedAt: number;
  /** The stored entry's size; missing on records written before sizes were kept (no migration needed). */
  bytes?: number;
}

export interface CurrentUserRecord {
  userId: string | null;
  /** SHA-256 prefix of userId, so cache names and keys never show user names. */
  partitionId: string | null;
}

export interface UserKeyRecord {
  partitionId: string;
  key: CryptoKey;
  createdAt: number;
}

export interface PurgeIntentRecord {
  /** The partition to purge, or '' when no user was set (only the private routes' caches go). */
  partitionId: string;
  pending: 'deliver' | 'discard';
  timeoutMs: number;
  requestedAt: number;
}

export const DB_NAME = 'stowage';
export const DB_VERSION = 5;

/** The database, opened once per worker and shared; a failed open is tried again by the next caller. */
const database: SharedLoad<IDBPDatabase<StowageSchema>> = new SharedLoad(() =>
  openDB<StowageSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, _transaction, event) {
      // Chromium deletes a backing store it cannot open and says so here: whatever was queued is gone.
      if ((event as IDBVersionChangeEvent & { dataLoss?: string }).dataLoss === 'total') {
        console.error('Stowage: the browser discarded its IndexedDB database as unreadable; queued writes and keys in it are lost');
      }
      if (oldVersion < 1) {
        const entries = db.createObjectStore('cacheEntries', { keyPath: ['cacheName', 'url'] });
        entries.createIndex('byCacheAndAccess', ['cacheName', 'accessedAt']);
      }
      if (oldVersion < 2) {
        const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
        outbox.createIndex('bySequence', 'sequence');
        outbox.createIndex('byStatus', 'status');
      }
      if (oldVersion < 3) {
        db.createObjectStore('currentUser');
        db.createObjectStore('userKeys', { keyPath: 'partitionId' });
        db.createObjectStore('purges', { keyPath: 'partitionId' });
      }
      if (oldVersion < 4) {
        db.createObjectStore('replayLease');
      }
      if (oldVersion < 5) {
        db.createObjectStore('invalidationEpochs', { keyPath: ['partition', 'key'] });
        const tags = db.createObjectStore('entryTags', { keyPath: ['cacheName', 'key'] });
        tags.createIndex('byTag', 'tags', { multiEntry: true });
        tags.createIndex('byType', 'types', { multiEntry: true });
        tags.createIndex('byUrl', 'urls', { multiEntry: true });
        tags.createIndex('byRoute', 'route');
        tags.createIndex('byPartition', 'partition');
        tags.createIndex('byCache', 'cacheName');
        const known = db.createObjectStore('knownTags', { keyPath: 'tag' });
        known.createIndex('byType', 'type');
        db.createObjectStore('invalidationState');
      }
    },
    // Another context upgrading the schema needs us to let go; reopen lazily afterwards.
    blocking() {
      void database.get().then((db) => db.close());
      database.forget();
    },
    terminated() {
      database.forget();
    },
  }).catch((error: unknown) => {
    // A full disk keeps its own code (the quota paths act on it); anything else is "cannot open".
    if (error instanceof DOMException && error.name === 'QuotaExceededError') throw error;
    throw new StowageError('storage-unavailable', undefined, { cause: error });
  }),
);

export function openStowageDB(): Promise<IDBPDatabase<StowageSchema>> {
  return database.get();
}
