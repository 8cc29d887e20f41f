import type { WorkboxPlugin } from 'workbox-core/types.js';
import type { StrategyName } from '../config/types.js';
import { markCached } from './cache-state.js';

/** When a response was written to the cache, in ms since the epoch; Cache Storage keeps no such date. */
export const STORED_AT_HEADER = 'X-Stowage-Stored-At';

/**
 * Set on a stored entry that a write made stale: it must be revalidated before it is served as fresh,
 * but it still serves as a fallback while offline (deleting it would lose that).
 */
export const INVALIDATED_HEADER = 'X-Stowage-Invalidated';

export interface FreshnessOptions {
  strategy: StrategyName;
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Decides whether a cached entry may be served as fresh, and what a strategy may do with a stale one:
 * - network-first and cache-only only read the cache as a fallback, so a stale entry is served;
 * - stale-while-revalidate serves it and refreshes in the background (see its strategy);
 * - cache-first treats it as a miss, goes to the network, and falls back to it if the network fails.
 * Without maxAgeMs, cache-first and cache-only entries stay fresh, and stale-while-revalidate
 * refreshes on every use, as in Workbox.
 */
export function freshnessPlugin({ strategy, maxAgeMs, now = Date.now }: FreshnessOptions): WorkboxPlugin {
  const isFresh = (response: Response): boolean => {
    if (response.headers.has(INVALIDATED_HEADER)) return false;
    if (maxAgeMs === undefined) return strategy !== 'stale-while-revalidate';
    const storedAt = Number(response.headers.get(STORED_AT_HEADER));
    return Number.isFinite(storedAt) && now() - storedAt < maxAgeMs;
  };

  return {
    async cacheWillUpdate({ response }) {
      // Only complete 200s are stored: partial, redirected and opaque responses cannot be served
      // for a later request safely, and an opaque response would hide its headers from us.
      if (response.status !== 200 || response.type === 'opaque') return null;
      return withHeader(response, STORED_AT_HEADER, String(now()));
    },

    async cachedResponseWillBeUsed({ cachedResponse, state }) {
      if (!cachedResponse) return null;
      // network-first only reads the cache when the network failed or was too slow: always a fallback.
      const fresh = strategy !== 'network-first' && isFresh(cachedResponse);
      markCached(cachedResponse, fresh ? 'fresh' : 'stale');
      if (fresh || strategy !== 'cache-first') return cachedResponse;
      if (state) state.staleEntry = cachedResponse;
      return null;
    },

    // cache-first only: the network failed while revalidating a stale entry, so the stale entry beats an error.
    async handlerDidError({ state }) {
      const staleEntry: unknown = state?.staleEntry;
      return staleEntry instanceof Response ? staleEntry : undefined;
    },
  };
}

export function withHeader(response: Response, name: string, value: string): Response {
  const headers = new Headers(response.headers);
  headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
