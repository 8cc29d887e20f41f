import { openStowageDB, type EntryTagRecord, type EpochRecord } from '../storage/db.js';
import type { Epoch, InvalidationKeys } from './epochs.js';
import { tagTypeOf, unique } from './tags.js';

/**
 * What sw/invalidation/ keeps in IndexedDB: the epochs (persisted with strict durability before an
 * invalidation is reported done), one tag record per stored entry (the index that counts and purges
 * without walking Cache Storage), the tags ever seen, and small state (feed cursor, route versions).
 */

export async function loadEpochs(): Promise<EpochRecord[]> {
  return (await openStowageDB()).getAll('invalidationEpochs');
}

/** Persists changed epochs; resolves once they are on disk (strict: survives a crash, not only a kill). */
export async function saveEpochs(records: readonly EpochRecord[]): Promise<void> {
  const db = await openStowageDB();
  const tx = db.transaction('invalidationEpochs', 'readwrite', { durability: 'strict' });
  await Promise.all([...records.map((record) => tx.store.put(record)), tx.done]);
}

/** An entry as the tag index records it. */
export interface TaggedEntry {
  cacheName: string;
  key: string;
  partition: string;
  url: string;
  route: string;
  tags: readonly string[];
  startSeq: number;
  version?: string | undefined;
}

const scoped = (partition: string, value: string): string => `${partition}|${value}`;

export function tagRecordOf({ cacheName, key, partition, url, route, tags, startSeq, version }: TaggedEntry): EntryTagRecord {
  const parsed = URL.parse(url);
  const urls = [url, ...(parsed && parsed.search !== '' ? [`${parsed.origin}${parsed.pathname}`] : [])];
  return {
    cacheName,
    key,
    partition,
    tags: tags.map((tag) => scoped(partition, tag)),
    types: unique(tags.map((tag) => scoped(partition, tagTypeOf(tag)))),
    urls: urls.map((value) => scoped(partition, value)),
    route: scoped(partition, route),
    startSeq,
    ...(version === undefined ? {} : { version }),
  };
}

/** Records the tags of stored entries (batched by the caller) and the tags never seen before. */
export async function recordEntries(records: readonly EntryTagRecord[], newTags: readonly string[]): Promise<void> {
  const db = await openStowageDB();
  const tx = db.transaction(['entryTags', 'knownTags'], 'readwrite');
  const tags = tx.objectStore('entryTags');
  const known = tx.objectStore('knownTags');
  await Promise.all([...records.map((record) => tags.put(record)), ...newTags.map((tag) => known.put({ tag, type: tagTypeOf(tag) })), tx.done]);
}

export async function loadKnownTags(): Promise<string[]> {
  return (await openStowageDB()).getAllKeys('knownTags');
}

/**
 * The tag records an invalidation of one partition covers, by their primary keys: through the
 * indexes only, so the cost grows with what matches, never with what is stored.
 */
export async function coveredRecords(partition: string, keys: InvalidationKeys): Promise<Array<[string, string]>> {
  const db = await openStowageDB();
  const tx = db.transaction('entryTags');
  const index = tx.store.index.bind(tx.store);
  if (keys.all) return (await index('byPartition').getAllKeys(partition)) as Array<[string, string]>;
  const lookups: Array<Promise<IDBValidKey[]>> = [];
  // A bare type (`note`) hits `note` and every `note:*`: exactly the entries with a tag of that type.
  for (const tag of keys.tags ?? []) lookups.push(index(tag.includes(':') ? 'byTag' : 'byType').getAllKeys(scoped(partition, tag)));
  for (const url of keys.urls ?? []) lookups.push(index('byUrl').getAllKeys(scoped(partition, url)));
  for (const route of keys.routes ?? []) lookups.push(index('byRoute').getAllKeys(scoped(partition, route)));
  const found = new Map<string, [string, string]>();
  for (const primaryKeys of await Promise.all(lookups)) {
    for (const primaryKey of primaryKeys as Array<[string, string]>) found.set(`${primaryKey[0]}\n${primaryKey[1]}`, primaryKey);
  }
  return [...found.values()];
}

/** How many entries of a partition '*' covers: a count through the index, no records read. */
export async function countPartition(partition: string): Promise<number> {
  return (await openStowageDB()).countFromIndex('entryTags', 'byPartition', partition);
}

export async function getTagRecord(primaryKey: [string, string]): Promise<EntryTagRecord | undefined> {
  return (await openStowageDB()).get('entryTags', primaryKey);
}

export async function deleteTagRecords(primaryKeys: ReadonlyArray<[string, string]>): Promise<void> {
  const db = await openStowageDB();
  const tx = db.transaction('entryTags', 'readwrite');
  await Promise.all([...primaryKeys.map((primaryKey) => tx.store.delete(primaryKey)), tx.done]);
}

/** A cache was deleted (logout, an outdated route): its records go with it. */
export async function forgetCacheRecords(cacheName: string): Promise<void> {
  const db = await openStowageDB();
  const keys = await db.getAllKeysFromIndex('entryTags', 'byCache', cacheName);
  await deleteTagRecords(keys as Array<[string, string]>);
}

export async function getState<T extends { lastEventId: string } | { versions: string[] }>(key: string): Promise<T | undefined> {
  return (await (await openStowageDB()).get('invalidationState', key)) as T | undefined;
}

export async function putState(key: string, value: { lastEventId: string } | { versions: string[] }): Promise<void> {
  const db = await openStowageDB();
  const tx = db.transaction('invalidationState', 'readwrite', { durability: 'strict' });
  await Promise.all([tx.store.put(value, key), tx.done]);
}
