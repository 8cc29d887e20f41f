/** The declarative configuration an app's service worker hands to installStowage(). */

export type StrategyName = 'network-first' | 'cache-first' | 'stale-while-revalidate' | 'network-only' | 'cache-only';

export const strategyNames: readonly StrategyName[] = [
  'network-first',
  'cache-first',
  'stale-while-revalidate',
  'network-only',
  'cache-only',
];

export interface MatchContext {
  url: URL;
  request: Request;
}

/**
 * Which same-origin requests a route takes:
 * - a path pattern such as `/api/notes/:id` (named segments) or `/assets/*` (trailing wildcard);
 * - a RegExp tested against the URL's path;
 * - a function given `{ url, request }` (may match any origin).
 */
export type RouteMatch = string | RegExp | ((context: MatchContext) => boolean);

export interface ReadRouteConfig {
  match: RouteMatch;
  strategy: StrategyName;
  /**
   * Names the route in stats and its cache. Must be unique.
   * @default the pattern for string matches, the RegExp source for RegExps, `route-<index>` otherwise
   */
  name?: string;
  /** Entries older than this are not served as fresh. With HTTP semantics on, it caps the server's freshness lifetime (or supplies one when the server gives none). */
  maxAgeMs?: number;
  /** Least-recently-used entries are evicted once the route's cache holds more than this. */
  maxEntries?: number;
  /** network-first only: fall back to the cache when the network has not answered after this long. */
  networkTimeoutMs?: number;
}

export interface StowageConfig {
  routes: ReadRouteConfig[];
  /**
   * Prefix of every Cache Storage name Stowage owns. On activation, caches with this prefix that the
   * current config no longer names are deleted; caches of anyone else are never touched.
   * @default 'stowage'
   */
  cachePrefix?: string;
}

/** A route after validation, with its defaults filled in. */
export interface ResolvedReadRoute extends ReadRouteConfig {
  name: string;
  index: number;
}
