/**
 * Remembers whether a response handed out by the cache was fresh or stale, and whether it should be
 * refreshed in the background. Workbox gives each plugin its own state object, so plugins that need
 * to agree on this (freshness decides; metrics and the cache strategies read) share it through the
 * Response object itself.
 */
export type CachedState = 'fresh' | 'stale';

const states = new WeakMap<Response, CachedState>();
const refreshing = new WeakSet<Response>();

export function markCached(response: Response, state: CachedState, { refresh = false } = {}): Response {
  states.set(response, state);
  if (refresh) refreshing.add(response);
  return response;
}

/** 'fresh' or 'stale' for a response that came from the cache; undefined for anything else. */
export function cachedStateOf(response: Response): CachedState | undefined {
  return states.get(response);
}

/** Whether the strategy should revalidate this cached response in the background after serving it. */
export function needsRefresh(response: Response): boolean {
  return refreshing.has(response);
}
