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

/** What a route's `tags` (or a write route's `invalidates`) function is given. */
export interface TagContext {
  url: URL;
  /** The named parameters of the route's path pattern (`/api/notes/:id` → `{ id: '42' }`); empty for other matches. */
  params: Record<string, string>;
  request: Request;
  /** The server's answer (read routes: the response being stored; write routes: the write's answer, once there is one). */
  response?: Response | undefined;
}

/** Templates in which `{name}` stands for the route's named parameter, or a function that names the tags. */
export type TagSource = readonly string[] | ((context: TagContext) => string[]);

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
  /**
   * A byte budget for the route's cache (bodies as stored): least-recently-used entries are evicted
   * once it holds more, together with `maxEntries`. An entry larger than the budget is not kept.
   */
  maxBytes?: number;
  /** network-first only: fall back to the cache when the network has not answered after this long. */
  networkTimeoutMs?: number;
  /**
   * HTTP caching rules (RFC 9111): `Cache-Control`, `Expires`, `Age`, `Date`, heuristic freshness,
   * conditional revalidation with 304s, `Vary`, `no-store`, `private`. `false` behaves as plain
   * Workbox: only maxAgeMs decides freshness.
   * @default true
   */
  http?: boolean;
  /**
   * Refreshes a fresh entry in the background with a probability rising towards its expiry (XFetch),
   * so a hot entry rarely expires under load. Needs HTTP rules.
   * @default false
   */
  earlyRefresh?: boolean;
  /**
   * Per-user data: entries are stored in the current user's partition (a cache of its own), so one
   * user is never served another's entry, and clear() deletes them. With no user set, nothing is cached.
   * @default false
   */
  private?: boolean;
  /**
   * Stores entries encrypted with the user's AES-GCM key (status, headers and body sealed together).
   * Requires `private: true`: keys are per user.
   * @default false
   */
  encrypt?: boolean;
  /**
   * Whether `stowage.refresh()` revalidates this route's entries when it is given no target.
   * @default true for network-first and stale-while-revalidate, false otherwise
   */
  refreshable?: boolean;
  /**
   * The tags of the route's entries, for `invalidate({ tags })`, write routes' `invalidates` and the
   * server's feed (and `refresh({ tags })`): templates in which `{name}` is the route's named path
   * parameter (`{ match: '/api/notes/:id', tags: ['notes', 'note:{id}'] }`), or a function
   * `({ url, params, request, response }) => string[]`. Every entry also carries the route's name
   * and the groups of the server's `Cache-Groups` header (RFC 9875).
   * @default [] (the route's name and Cache-Groups only)
   */
  tags?: TagSource;
  /**
   * Raising it (in a new worker) retires the route's entries stored under an older version: never
   * fresh again, served only where nothing newer can be had, deleted once replaced or two versions old.
   */
  version?: string | number;
  /**
   * `stowage.fetch()` keeps this route's GET responses in the page's memory (src/client/memory/) and
   * answers from there while the worker says the entry is fresh, without a round trip to the worker.
   * @default false
   */
  memory?: boolean;
  /**
   * Refresh-ahead: an entry used at least `minUses` times within the last `withinMs` is revalidated in
   * the background once its remaining freshness drops below `beforeExpiryMs`, so a hot entry does not
   * expire under use. Needs HTTP rules or `maxAgeMs` (a lifetime to be ahead of).
   */
  refreshAhead?: RefreshAheadOptions;
}

export interface RefreshAheadOptions {
  minUses: number;
  withinMs: number;
  beforeExpiryMs: number;
}

/**
 * A feature as the config sees it (its kind); the features themselves live in sw/features/, which
 * only the worker compiles.
 */
export interface StowageFeatureRef {
  readonly kind: 'users' | 'writes' | 'expiration' | 'invalidation' | 'precache';
}

export interface StowageConfig {
  routes: ReadRouteConfig[];
  /**
   * The optional halves this worker uses: `withUsers` (from `stowage/sw/users`) for `private` and
   * `encrypt` routes, `setUser()` and `clear()`; `withWrites` (from `stowage/sw/writes`) for `writes`
   * and the outbox (it includes `withUsers`); `withExpiration` (from `stowage/sw/expiration`) for
   * `maxEntries`. A worker without them only reads, and ships no more.
   * @default []
   */
  features?: readonly StowageFeatureRef[];
  /**
   * Prefix of every Cache Storage name Stowage owns. On activation, caches with this prefix that the
   * current config no longer names are deleted; caches of anyone else are never touched.
   * @default 'stowage'
   */
  cachePrefix?: string;
  /**
   * A build's assets, by URL and revision (a content hash): `critical` ones are stored before the
   * new worker activates (its install fails otherwise), `warm` ones are fetched after activation.
   * They are served cache-first, ahead of `routes`, and an asset of an earlier build is kept while a
   * page of that build is open. Needs `withPrecache` (from `stowage/sw/precache`) with `stowage/sw/core`.
   */
  precache?: PrecacheManifest;
  /** Which unsafe requests Stowage takes, and how (see WriteRouteConfig). Requests no write route takes go to the network as they are (a success still invalidates, RFC 9111 §4.4). */
  writes?: WriteRouteConfig[];
  /**
   * Write-behind only: a body larger than this is refused with a 413 (`body-too-large`) and nothing is queued.
   * @default 10 * 1024 * 1024
   */
  maxBodyBytes?: number;
  /**
   * Called with every outbox request just before it is sent (each attempt), e.g. to set fresh
   * credentials after an `auth-required` pause. Must return the request to send.
   */
  beforeReplay?: (request: Request) => Request | Promise<Request>;
  /** The whole config's version: raising it retires every route's older entries (see the routes' `version`). */
  version?: string | number;
}

export interface PrecacheEntry {
  /** Same-origin path or absolute URL. */
  url: string;
  /** Changes whenever the asset's content does (a content hash); an unchanged revision is never fetched again. */
  revision: string;
}

export interface PrecacheManifest {
  /** @default [] */
  critical?: PrecacheEntry[];
  /** @default [] */
  warm?: PrecacheEntry[];
}

export type WriteMode = 'write-through' | 'write-around' | 'write-behind';

export const writeModes: readonly WriteMode[] = ['write-through', 'write-around', 'write-behind'];

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const writeMethods: readonly WriteMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Which outbox queue an entry joins. Entries with the same key are delivered strictly in order.
 * `'origin'`: one queue per origin; `'url'`: one per URL; a function returns the key itself.
 */
export type OrderingKey = 'origin' | 'url' | ((context: MatchContext) => string);

export interface WriteRouteConfig {
  match: RouteMatch;
  /**
   * - `write-through`: sent at once; on success the cached reads it affects are updated or marked stale; a failure reaches the app.
   * - `write-around`: sent at once; the affected cached reads are marked stale; the response is never cached.
   * - `write-behind`: kept in the outbox first, answered `202 Accepted`, delivered in the background.
   */
  mode: WriteMode;
  /** @default ['POST', 'PUT', 'PATCH', 'DELETE'] */
  methods?: WriteMethod[];
  /** Names the route in outbox entries. Must be unique among write routes. @default the pattern, the RegExp source, or `write-<index>` */
  name?: string;
  /**
   * Cached reads marked stale when the write is made and when it is delivered: tags (read route names
   * are tags too), as templates filled from the write route's named parameters (`['notes',
   * 'note:{id}']`), or same-origin path patterns (`'/api/notes'`, `'/api/notes/*'`); or a function
   * `({ url, params, request, response }) => string[]` naming tags and patterns.
   * @default the target URL and its collection (the parent path: PUT /api/notes/3 → /api/notes)
   */
  invalidates?: TagSource;
  /** write-behind only. @default 'origin' */
  orderingKey?: OrderingKey;
  /** write-behind only: backoff between attempts (capped exponential with full jitter). */
  retry?: { baseDelayMs?: number; maxDelayMs?: number };
  /**
   * write-behind only: a queued entry not delivered this long after it was made is dropped instead of
   * sent (removed, with a `failed` event whose error code is `expired`). Entries waiting for the app
   * (`conflict`, `failed`, `paused`) are never dropped.
   * @default undefined: entries are never dropped by age
   */
  dropAfterMs?: number;
  /**
   * write-behind only: queued bodies are stored encrypted with the current user's key (see the
   * read routes' `encrypt`); with no user set, such a write is refused (403, code `no-user`).
   * @default false
   */
  encrypt?: boolean;
}

/** A route after validation, with its defaults filled in. */
export interface ResolvedReadRoute extends ReadRouteConfig {
  name: string;
  index: number;
  /** The config's and the route's version together; undefined when neither has one. */
  effectiveVersion?: string | undefined;
}

/** A write route after validation, with its defaults filled in. */
export interface ResolvedWriteRoute extends WriteRouteConfig {
  name: string;
  index: number;
  methods: WriteMethod[];
  orderingKey: OrderingKey;
  retry: { baseDelayMs: number; maxDelayMs: number };
}
