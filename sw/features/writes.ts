import { OutboxSealing } from '../outbox/sealing.js';
import { createWrites } from '../writes/create-writes.js';
import type { WritesFeature } from './feature.js';
import { withInvalidation } from './invalidation.js';
import { withUsers } from './users.js';

/**
 * `features: [withWrites]`: the `writes` routes (write-through, write-around, write-behind) and the
 * outbox (sw/writes/create-writes.ts). The outbox runs even with no write routes, so entries an
 * earlier version of the app queued are still delivered.
 */
export const withWrites: WritesFeature = {
  kind: 'writes',
  users: withUsers,
  invalidation: withInvalidation,
  create: ({ config, cachePrefix, origin, readRoutes, users, invalidation }) =>
    createWrites(config, { origin, cachePrefix, readRoutes, sealing: new OutboxSealing(users.currentUser, users.keys), invalidation }),
};
