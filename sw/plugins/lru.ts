import { now as clockNow } from '../clock.js';
import type { WorkboxPlugin } from 'workbox-core/types.js';
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
    async cachedResponseWillBeUsed({ request, cachedResponse }) {
      if (cachedResponse) accessLog.noteUse(cacheName, request.url, now());
      return cachedResponse ?? null;
    },
    async cacheDidUpdate({ request }) {
      accessLog.noteUse(cacheName, request.url, now());
      await accessLog.evict(cacheName, maxEntries);
    },
  };
}
