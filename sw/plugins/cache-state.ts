import { forwardNoteOf, noteForward } from '../entries/stored-entry.js';

/**
 * Remembers whether a response handed out by the cache was fresh or stale, and whether it should be
 * refreshed in the background. Workbox gives each plugin its own state object, so plugins that need
 * to agree on this (freshness decides; metrics and the cache strategies read) share it through the
 * Response object itself.
 */
export type CachedState = 'fresh' | 'stale';

/** What Cache-Status says of a response served from the cache (sw/plugins/cache-status.ts). */
export interface ServedFromCache {
  /** Remaining freshness in ms (negative: stale; Infinity: for ever; undefined: unknown). */
  ttlMs?: number | undefined;
  /** Why a stale entry answered: `offline` (the network failed), `timeout`, `stale-if-error`. */
  detail?: string | undefined;
  /** stale-if-error: the server's status. */
  fwdStatus?: number | undefined;
}

const states = new WeakMap<Response, CachedState>();
const served = new WeakMap<Response, ServedFromCache>();
const refreshing = new WeakSet<Response>();

export function markCached(response: Response, state: CachedState, { refresh = false, ...how }: { refresh?: boolean } & ServedFromCache = {}): Response {
  states.set(response, state);
  served.set(response, how);
  if (refresh) refreshing.add(response);
  return response;
}

export function servedFromCacheOf(response: Response): ServedFromCache {
  return served.get(response) ?? {};
}

/**
 * Marks a response handed to a request that joined another one's network fetch
 * (sw/strategies/in-flight.ts), in its forwarding note: the response may still be rebuilt on its way
 * to the page, which a mark on the object would not survive.
 */
export function markCollapsed(response: Response): Response {
  const note = forwardNoteOf(response);
  return note ? noteForward(response, { ...note, collapsed: true }) : response;
}

/** 'fresh' or 'stale' for a response that came from the cache; undefined for anything else. */
export function cachedStateOf(response: Response): CachedState | undefined {
  return states.get(response);
}

/** Whether the strategy should revalidate this cached response in the background after serving it. */
export function needsRefresh(response: Response): boolean {
  return refreshing.has(response);
}
