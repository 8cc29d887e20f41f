import { validateWrites } from '../config/validate-writes.js';
import { OutboxSealing } from '../crypto/outbox-sealing.js';
import { Outbox } from '../outbox/outbox.js';
import { cachedStateOf } from '../plugins/cache-state.js';
import { FAILURE_HEADER } from '../plugins/failure-response.js';
import { CacheInvalidator } from '../writes/invalidate.js';
import { buildWriteRouter } from '../writes/write-routes.js';
import type { Writes, WritesContext, WritesFeature } from './feature.js';
import { withInvalidation } from './invalidation.js';
import { withUsers } from './users.js';

/**
 * `features: [withWrites]`: the `writes` routes (write-through, write-around, write-behind) and the
 * outbox. The outbox runs even with no write routes, so entries an earlier version of the app queued
 * are still delivered.
 */
export const withWrites: WritesFeature = { kind: 'writes', users: withUsers, invalidation: withInvalidation, create: createWrites };

function createWrites({ config, cachePrefix, origin, readRoutes, users, invalidation }: WritesContext): Writes {
  const { writes, maxBodyBytes, beforeReplay } = validateWrites(config);
  const sealing = new OutboxSealing(users.currentUser, users.keys);
  // Private routes keep no shared copy a write could refresh or mark stale.
  const sharedReadRoutes = readRoutes.filter((built) => !built.config.private);
  const invalidator = new CacheInvalidator({
    cachePrefix,
    origin,
    readCacheFor: (url) => sharedReadRoutes.find(({ matches }) => matches({ url: new URL(url), request: new Request(url) }))?.cacheName,
    invalidation,
  });
  const outbox = new Outbox({ routes: writes, origin, invalidator, beforeReplay, sealing });
  outbox.triggers.install();
  const route = buildWriteRouter(writes, {
    origin,
    maxBodyBytes,
    invalidator,
    onQueued: outbox.onQueued,
    sealing,
    onNetworkSuccess: () => outbox.triggers.networkSucceeded(),
  });
  return {
    route,
    // A response the server gave (not the cache, not Stowage's failure answer) proves it is reachable.
    noteResponse: (response) => {
      if (response.status > 0 && response.status < 500 && cachedStateOf(response) === undefined && !response.headers.has(FAILURE_HEADER)) {
        outbox.triggers.networkSucceeded();
      }
    },
    outbox,
    handlers: {
      pending: () => outbox.pending(),
      flush: () => outbox.flush(),
      resume: () => outbox.resume(),
      retry: ({ id, body, headers }) => outbox.retry(id, { ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) }),
      discard: ({ id }) => outbox.discard(id),
      online: () => {
        outbox.triggers.online();
        return null;
      },
    },
  };
}
