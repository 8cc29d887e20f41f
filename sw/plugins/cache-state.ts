/**
 * Remembers whether a response handed out by the cache was fresh or stale. Workbox gives each plugin
 * its own state object, so plugins that need to agree on this (freshness decides, metrics and the
 * stale-while-revalidate strategy read) share it through the Response object itself.
 */
export type CachedState = 'fresh' | 'stale';

const states = new WeakMap<Response, CachedState>();

export function markCached(response: Response, state: CachedState): Response {
  states.set(response, state);
  return response;
}

/** 'fresh' or 'stale' for a response that came from the cache; undefined for anything else. */
export function cachedStateOf(response: Response): CachedState | undefined {
  return states.get(response);
}
