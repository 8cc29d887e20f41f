import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxEntry, OutboxStatus } from '../outbox/entry.js';

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
    value: OutboxEntry;
    indexes: { bySequence: number; byStatus: OutboxStatus };
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
}

export interface CacheEntryRecord {
  cacheName: string;
  url: string;
  accessedAt: number;
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
export const DB_VERSION = 3;

let database: Promise<IDBPDatabase<StowageSchema>> | undefined;

/** Opens the database once per worker; the promise is cached so concurrent callers share one open. */
export function openStowageDB(): Promise<IDBPDatabase<StowageSchema>> {
  database ??= openDB<StowageSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
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
    },
    // Another context upgrading the schema needs us to let go; reopen lazily afterwards.
    blocking() {
      void database?.then((db) => db.close());
      database = undefined;
    },
    terminated() {
      database = undefined;
    },
  });
  return database;
}
