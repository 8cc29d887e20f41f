import { now } from '../clock.js';
import { isOwnCacheName } from '../storage/cache-names.js';
import { isInvalidated, markInvalidated } from './stored-entry.js';
import { indexedFields, keysOfUrl } from './variants.js';

/** Stowage's caches: every route's, per-user partitions included. */
export async function ownCaches(cachePrefix: string): Promise<string[]> {
  return (await caches.keys()).filter((name) => isOwnCacheName(cachePrefix, name));
}

/** Stowage's caches that hold an entry (or a variant index) at `url`'s plain key. */
export async function cachesHolding(cachePrefix: string, url: string): Promise<string[]> {
  const holding: string[] = [];
  for (const cacheName of await ownCaches(cachePrefix)) {
    if (await (await caches.open(cacheName)).match(url)) holding.push(cacheName);
  }
  return holding;
}

/**
 * Marks every stored entry of these URLs (each variant) invalidated, in every cache holding one: never
 * fresh again, still an offline fallback. The mark is on the entry itself, so it holds for an entry
 * stored without invalidation stamps too. The caches are listed and opened once for all the URLs.
 */
export async function markUrlsInvalidated(cachePrefix: string, urls: readonly string[]): Promise<void> {
  if (urls.length === 0) return;
  for (const cacheName of await ownCaches(cachePrefix)) {
    const cache = await caches.open(cacheName);
    for (const url of urls) {
      if (!(await cache.match(url))) continue;
      for (const key of await keysOfUrl(cache, url)) {
        const entry = await cache.match(key, { ignoreVary: true });
        if (entry && !isInvalidated(entry) && !indexedFields(entry)) await cache.put(key, markInvalidated(entry, now()));
      }
    }
  }
}
