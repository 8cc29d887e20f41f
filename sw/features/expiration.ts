import { lruPlugin } from '../plugins/lru.js';
import { AccessLog } from '../storage/access-log.js';
import type { ExpirationFeature } from './feature.js';

/**
 * `features: [withExpiration]`: routes with `maxEntries` evict their least recently used entries.
 * The access log lives in IndexedDB, which a worker without bounded routes never opens or ships.
 */
export const withExpiration: ExpirationFeature = {
  kind: 'expiration',
  create() {
    const accessLog = new AccessLog();
    return {
      plugin: (cacheName, maxEntries) => lruPlugin({ cacheName, maxEntries, accessLog }),
      forgetCache: (cacheName) => accessLog.forgetCache(cacheName),
    };
  },
};
