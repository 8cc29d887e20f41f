import type { WorkboxPlugin } from 'workbox-core/types.js';

declare let self: ServiceWorkerGlobalScope;

/**
 * A route's network requests skip the browser's HTTP cache: Stowage is the cache for the routes it
 * handles, and a second cache underneath would answer "network" requests with old copies the route
 * never sees (network-first would show stale data while online, and maxAgeMs would not expire).
 * A page's `fetch(url, { cache: 'no-cache' })` still tells the server what the browser's cache would
 * have (`Cache-Control: max-age=0`, Fetch §4.5), where `no-store` alone would send `no-cache`; only
 * same-origin, since on a cross-origin request the header would need a CORS preflight.
 */
export const bypassHttpCachePlugin: WorkboxPlugin = {
  async requestWillFetch({ request }) {
    if (request.cache === 'no-store') return request;
    if (request.cache !== 'no-cache' || request.headers.has('Cache-Control') || new URL(request.url).origin !== self.location.origin) {
      return new Request(request, { cache: 'no-store' });
    }
    const headers = new Headers(request.headers);
    headers.set('Cache-Control', 'max-age=0');
    return new Request(request, { cache: 'no-store', headers });
  },
};
