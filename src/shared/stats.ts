/** What the worker counts per route: stats(), as the page gets it. */

/** What a route's requests ended as, over some period. */
export interface UseStats {
  /** Fresh entries served from the cache without the network. */
  hits: number;
  /** Lookups that found no usable entry. */
  misses: number;
  /** Responses that came from the network (including 304s merged with the stored body). */
  network: number;
  /** Stale entries served: fallbacks when the network failed or timed out, and stale-while-revalidate serving before its refresh. */
  stale: number;
  /** Requests that got a failure (a 504 from Stowage or a network error). */
  errors: number;
  /** Fresh hits over all uses (hits + stale + network + errors); 0 before the first use. */
  hitRatio: number;
  /** Body bytes served from the cache (fresh and stale entries). */
  bytesFromCache: number;
  /** Body bytes served from the network (a 304 merged with the stored body counts the stored body). */
  bytesFromNetwork: number;
}

export interface RouteStats extends UseStats {
  /** The same figures for the current minute of the worker's clock and the four before it. */
  lastFiveMinutes: UseStats;
  /**
   * The bytes this route's entries take in Cache Storage, every user partition included, as the
   * access log knows them (the expiration feature; 0 without it).
   */
  storedBytes: number;
}

export interface StatsSnapshot {
  routes: Record<string, RouteStats>;
  totals: RouteStats;
  /** What the queued writes take in the outbox (bodies, URLs and headers); 0 without the writes feature. */
  outboxBytes: number;
  /** The origin's `navigator.storage.estimate()` as the worker sees it; null where the API is missing. */
  estimate: { usage: number; quota: number } | null;
  /**
   * Invalidations of a tag that no stored entry has ever carried (most likely a typo in a tag), since
   * the worker started. Absent on a worker without the invalidation feature.
   */
  unknownTagInvalidations?: number;
}
