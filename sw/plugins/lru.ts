import { now as clockNow } from '../clock.js';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { keyFor } from '../entries/variants.js';
import type { AccessLog, CacheLimits } from '../storage/access-log.js';

export interface LruOptions {
  cacheName: string;
  /** The route's `maxEntries` and `maxBytes`; without either, uses and sizes are only logged (quota eviction, stats). */
  limits: CacheLimits;
  accessLog: AccessLog;
  now?: () => number;
}

/**
 * Logs when each entry of a route's cache was used and how large it is, and keeps the cache within
 * its `maxEntries` and `maxBytes` by evicting the least recently used entries after each write.
 */
export function lruPlugin({ cacheName, limits, accessLog, now = clockNow }: LruOptions): WorkboxPlugin {
  const bounded = limits.maxEntries !== undefined || limits.maxBytes !== undefined;
  return {
    // Uses and writes are noted by the entry's key (a variant's own, see sw/entries/variants.ts), so
    // eviction deletes exactly the entry that went unused.
    async cachedResponseWillBeUsed({ request, cachedResponse }) {
      if (cachedResponse) accessLog.noteUse(cacheName, keyFor(request, cachedResponse), now());
      return cachedResponse ?? null;
    },
    async cacheDidUpdate({ request, newResponse }) {
      const noted = storedBytes(newResponse).then((bytes) => accessLog.noteStored(cacheName, request.url, now(), bytes));
      // A route without limits only logs: its store (which requests for the same key wait on, see
      // sw/strategies/in-flight.ts) does not wait for the size to be measured.
      if (bounded) await noted.then(() => accessLog.evict(cacheName, limits));
    },
  };
}

/**
 * The stored entry's body size, as stored (a sealed entry counts its ciphertext). Measured, not read
 * from `Content-Length`: that counts the encoded bytes of a compressed response, Cache Storage the decoded.
 */
async function storedBytes(response: Response): Promise<number> {
  return (await response.blob()).size;
}
