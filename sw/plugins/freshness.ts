import { now as clockNow } from '../clock.js';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import type { StrategyName } from '../config/types.js';
import { StowagePolicy } from '../http/policy.js';
import { judgeEntry, parseCacheControl } from '../http/verdict.js';
import { markCached } from './cache-state.js';
import { failureResponse } from './failure-response.js';
import { differs, httpHooks, servedFromCache, type HttpHooksOptions, type Verdict } from './http-revalidation.js';

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
  /**
   * HTTP caching rules (RFC 9111) on top of maxAgeMs; false keeps plain Workbox behaviour, where
   * only maxAgeMs decides. With it, see http-revalidation.ts for the network side.
   */
  http?: HttpHooksOptions | false;
  /** A revalidation stored a representation that differs from the cached one. */
  onUpdated?: (url: string) => void;
  now?: () => number;
}

/**
 * Decides whether a cached entry may be served as fresh, and what a strategy may do with a stale one:
 * - network-first and cache-only only read the cache as a fallback, so a stale entry is served
 *   (except under `must-revalidate`: then a 504 with code `must-revalidate`);
 * - stale-while-revalidate serves it and refreshes in the background, unless HTTP says it must be
 *   validated first (`no-cache`, `must-revalidate`);
 * - cache-first treats it as a miss (unless inside `stale-while-revalidate=N`), goes to the network,
 *   and falls back to it if the network fails.
 * Without HTTP rules and without maxAgeMs, cache-first and cache-only entries stay fresh, and
 * stale-while-revalidate refreshes on every use, as in Workbox.
 */
export function freshnessPlugin({ strategy, maxAgeMs, http = false, onUpdated, now = clockNow }: FreshnessOptions): WorkboxPlugin {
  const judge = (entry: Response, request: Request): Verdict => {
    const invalidated = entry.headers.has(INVALIDATED_HEADER);
    const policy = http ? StowagePolicy.fromStored(entry) : undefined;
    const storedAt = Number(entry.headers.get(STORED_AT_HEADER));
    const ageMs = now() - storedAt;
    if (policy) return { ...judgeEntry(policy, request, { maxAgeMs, storedAgeMs: ageMs, invalidated }), refreshEarly: false };
    // Plain Workbox rules (and entries stored without a policy): only maxAgeMs decides, except that a
    // request's `Cache-Control: no-cache` (refresh() sends one) always revalidates.
    const lifetimeMs = maxAgeMs ?? (strategy === 'stale-while-revalidate' ? 0 : Infinity);
    const validateBeforeUse = parseCacheControl(request.headers.get('Cache-Control'))['no-cache'] !== undefined;
    const fresh =
      !invalidated &&
      !validateBeforeUse &&
      (maxAgeMs === undefined ? strategy !== 'stale-while-revalidate' : Number.isFinite(storedAt) && ageMs < maxAgeMs);
    const none = { staleWhileRevalidate: false, mustRevalidate: false, staleIfError: false, refreshEarly: false };
    return { fresh, lifetimeMs, ageMs, validateBeforeUse, ...none };
  };
  const hooks = http ? httpHooks({ ...http, judge }) : undefined;

  return {
    ...hooks?.plugin,

    async cacheWillUpdate({ request, response, state }) {
      // Only complete 200s are stored: partial, redirected and opaque responses cannot be served
      // for a later request safely, and an opaque response would hide its headers from us.
      if (response.status !== 200 || response.type === 'opaque') return null;
      const storable = hooks ? await hooks.stamp({ request, response, state }) : response;
      if (!storable) return null;
      // Announced before the write completes: a page that refetches at once shares this response
      // (see InFlight), so it cannot read the old entry. A 304 merged into the entry changed nothing.
      const old = state?.entry;
      if (onUpdated && old instanceof Response && state?.notModified !== true && (await differs(old, storable))) onUpdated(request.url);
      return withHeader(storable, STORED_AT_HEADER, String(now()));
    },

    async cachedResponseWillBeUsed({ request, cachedResponse, state }) {
      // Tells the network side not to look the entry up again.
      if (state) state.lookedUp = true;
      if (!cachedResponse) return null;
      const verdict = hooks ? hooks.verdictFor(cachedResponse, request) : judge(cachedResponse, request);
      const serve = (entry: Response, cached: 'fresh' | 'stale', refresh = false): Response => {
        if (refresh && state) state.entry = entry.clone();
        return markCached(hooks ? servedFromCache(entry) : entry, cached, { refresh });
      };
      // network-first and cache-only only read the cache when they cannot ask the network.
      if (strategy === 'network-first' || strategy === 'cache-only') {
        if (!verdict.fresh && verdict.mustRevalidate) return refuse(state);
        return serve(cachedResponse, 'stale');
      }
      if (verdict.fresh) return serve(cachedResponse, 'fresh', verdict.refreshEarly);
      const servableStale =
        verdict.staleWhileRevalidate || (strategy === 'stale-while-revalidate' && !verdict.validateBeforeUse);
      if (servableStale) return serve(cachedResponse, 'stale', true);
      if (state) {
        state.entry = cachedResponse;
        state.mustRevalidate = verdict.mustRevalidate;
      }
      return null;
    },

    // The network failed while a stale entry waited: the stale entry beats an error, unless the
    // server said it must never be served stale.
    async handlerDidError({ request, state }) {
      if (state?.mustRevalidate === true) return request.mode === 'navigate' ? undefined : failureResponse('must-revalidate', request.url);
      const entry: unknown = state?.entry;
      if (!(entry instanceof Response) || entry.bodyUsed) return undefined;
      return markCached(hooks ? servedFromCache(entry) : entry, 'stale');
    },
  };
}

function refuse(state: Record<string, unknown> | undefined): null {
  if (state) state.mustRevalidate = true;
  return null;
}

export function withHeader(response: Response, name: string, value: string): Response {
  const headers = new Headers(response.headers);
  headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
