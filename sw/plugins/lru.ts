import { now as clockNow } from '../clock.js';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { keyFor } from '../entries/variants.js';
import type { AccessLog } from '../storage/access-log.js';

export interface LruOptions {
  cacheName: string;
  maxEntries: number;
  accessLog: AccessLog;
  now?: () => number;
}

/** Keeps a route's cache at maxEntries by evicting the least recently used entries after each write. */
export function lruPlugin({ cacheName, maxEntries, accessLog, now = clockNow }: LruOptions): WorkboxPlugin {
  return {
    // Uses and writes are noted by the entry's key (a variant's own, see sw/entries/variants.ts), so
    // eviction deletes exactly the entry that went unused.
    async cachedResponseWillBeUsed({ request, cachedResponse }) {
      if (cachedResponse) accessLog.noteUse(cacheName, keyFor(request, cachedResponse), now());
      return cachedResponse ?? null;
    },
    async cacheDidUpdate({ request }) {
      accessLog.noteUse(cacheName, request.url, now());
      await accessLog.evict(cacheName, maxEntries);
    },
  };
}
