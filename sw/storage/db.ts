import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

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
}

export interface CacheEntryRecord {
  cacheName: string;
  url: string;
  accessedAt: number;
}

export const DB_NAME = 'stowage';
export const DB_VERSION = 1;

let database: Promise<IDBPDatabase<StowageSchema>> | undefined;

/** Opens the database once per worker; the promise is cached so concurrent callers share one open. */
export function openStowageDB(): Promise<IDBPDatabase<StowageSchema>> {
  database ??= openDB<StowageSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const entries = db.createObjectStore('cacheEntries', { keyPath: ['cacheName', 'url'] });
        entries.createIndex('byCacheAndAccess', ['cacheName', 'accessedAt']);
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
