import type { WorkboxPlugin } from 'workbox-core/types.js';

/**
 * A route's network requests skip the browser's HTTP cache: Stowage is the cache for the routes it
 * handles, and a second cache underneath would answer "network" requests with old copies the route
 * never sees (network-first would show stale data while online, and maxAgeMs would not expire).
 */
export const bypassHttpCachePlugin: WorkboxPlugin = {
  async requestWillFetch({ request }) {
    return request.cache === 'no-store' ? request : new Request(request, { cache: 'no-store' });
  },
};
