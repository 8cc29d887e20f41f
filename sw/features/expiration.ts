import { broadcast } from '../messages.js';
import { lruPlugin } from '../plugins/lru.js';
import { retryCachePutAfterQuotaError } from '../quota/cache-put-retry.js';
import { roomMaker } from '../quota/make-room.js';
import { AccessLog } from '../storage/access-log.js';
import type { ExpirationFeature } from './feature.js';

/**
 * `features: [withExpiration]`: routes with `maxEntries` or `maxBytes` evict their least recently
 * used entries, and a quota error while storing makes room by evicting read entries of any route.
 * The access log lives in IndexedDB, which a worker without this feature never opens or ships.
 */
export const withExpiration: ExpirationFeature = {
  kind: 'expiration',
  create() {
    const accessLog = new AccessLog();
    const makeRoom = roomMaker(accessLog);
    retryCachePutAfterQuotaError({ makeRoom, onGaveUp: (url) => void broadcast('quota', { url, kind: 'read' }) });
    return {
      plugin: (cacheName, limits) => lruPlugin({ cacheName, limits, accessLog }),
      forgetCache: (cacheName) => accessLog.forgetCache(cacheName),
      makeRoom,
      bytesByCache: () => accessLog.bytesByCache(),
    };
  },
};
