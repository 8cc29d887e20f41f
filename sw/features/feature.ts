import type { ResolvedReadRoute, StowageConfig, StowageFeatureRef } from '../config/types.js';
import type { RequestHandlers } from '../messages.js';
import type { BuiltReadRoute, ReadRouteContext, RouteExpiration } from '../routes/read-route.js';
import type { Stats } from '../stats.js';
import type { KeyStore } from '../crypto/keys.js';
import type { CurrentUser } from '../users/current-user.js';
import type { Invalidation } from '../invalidation/invalidation.js';
import type { RouteInvalidation } from '../invalidation/route-invalidation.js';
import type { MakeRoom } from '../quota/make-room.js';
import type { Precache, PrecacheContext } from '../precache/precache.js';

/**
 * Stowage's optional halves. installStowage() on its own serves read routes; an app that configures
 * private routes or writes imports the feature for them and lists it in `features`, so a worker
 * that only reads never ships the outbox, the users' partitions or the crypto (as a Workbox app
 * imports only the packages it uses).
 */
export type StowageFeature = UsersFeature | WritesFeature | ExpirationFeature | InvalidationFeature | PrecacheFeature;

/** Private routes (a partition per user), encryption at rest, setUser() and the logout purge. */
export interface UsersFeature extends StowageFeatureRef {
  readonly kind: 'users';
  create(): Users;
}

/**
 * Write routes and the outbox. Writes need users too (an entry records who queued it, and logout
 * settles the outbox) and invalidation (a write invalidates what it changes).
 */
export interface WritesFeature extends StowageFeatureRef {
  readonly kind: 'writes';
  readonly users: UsersFeature;
  readonly invalidation: InvalidationFeature;
  create(context: WritesContext): Writes;
}

/** Tags, invalidate() with its modes, epochs and their IndexedDB index, versioned routes and the server's feed. */
export interface InvalidationFeature extends StowageFeatureRef {
  readonly kind: 'invalidation';
  create(context: { currentPartition: () => Promise<string | null> }): Invalidations;
}

export interface Invalidations {
  /** The shared state, for write routes. */
  service: Invalidation;
  /** What the freshness plugin of one route's cache asks. */
  forRoute(route: ResolvedReadRoute, cacheName: string): RouteInvalidation;
  /** A new worker took over: raised route versions retire older entries. */
  activate(routes: readonly ResolvedReadRoute[]): Promise<void>;
  forgetCache(cacheName: string): Promise<void>;
  handlers: Pick<RequestHandlers, 'invalidate' | 'feed-event' | 'feed-cursor'>;
}

/**
 * `maxEntries` and `maxBytes`: least-recently-used eviction, which keeps an access log (uses and
 * sizes) in IndexedDB; with it, a quota error makes room by evicting read entries (sw/quota/).
 */
export interface ExpirationFeature extends StowageFeatureRef {
  readonly kind: 'expiration';
  create(): Expiration;
}

export interface Expiration extends RouteExpiration {
  /** Forgets the access records of a deleted cache. */
  forgetCache(cacheName: string): Promise<void>;
  /** Evicts least recently used read entries of every route after a quota error. */
  makeRoom: MakeRoom;
  /** Stowage's own bytes per cache, as logged. */
  bytesByCache(): Promise<Map<string, number>>;
}

/** `precache`: a build manifest's critical and warm assets (sw/precache/). */
export interface PrecacheFeature extends StowageFeatureRef {
  readonly kind: 'precache';
  create(context: PrecacheContext): Precache;
}

export interface Users {
  currentUser: CurrentUser;
  keys: KeyStore;
  buildRoute(route: ResolvedReadRoute, context: ReadRouteContext): BuiltReadRoute;
  /** Starts the logout machinery once the rest of the worker exists; completes an interrupted purge. */
  start(context: UsersStartContext): UsersSession;
}

export interface UsersStartContext {
  cachePrefix: string;
  privateCaches: ReadonlySet<string>;
  stats: Stats;
  /** Forgets what other features recorded about a deleted cache. */
  forgetCache(cacheName: string): Promise<void>;
  outbox: Writes['outbox'] | undefined;
}

export interface UsersSession {
  /** Settles once a purge the browser died in the middle of is complete: private data and writes wait for it. */
  readonly ready: Promise<void>;
  isReady(): boolean;
  handlers: Pick<RequestHandlers, 'set-user' | 'clear'>;
}

export interface WritesContext {
  config: StowageConfig;
  invalidation: Invalidation;
  cachePrefix: string;
  origin: string;
  readRoutes: readonly BuiltReadRoute[];
  users: Users;
  /** Makes room for a write the disk refused (the expiration feature's eviction), before its one retry. */
  makeRoom: MakeRoom | undefined;
}

export interface Writes {
  /** The handler of an unsafe request a write route takes, or undefined (sw/routes/unsafe-pass-through.ts). */
  route(request: Request): ((request: Request) => Promise<Response>) | undefined;
  /** A response the read routes served: one from the server proves it is reachable (a replay trigger). */
  noteResponse(response: Response): void;
  /** Marks stale the paths an unsafe request no write route took changed, by tags, epochs and entries. */
  markStale(paths: string[], response: Response): Promise<void>;
  outbox: {
    flush(): Promise<{ delivered: number }>;
    pending(): Promise<Array<{ id: string }>>;
    discard(id: string): Promise<{ discarded: boolean }>;
    /** What the queued entries take on disk, about: bodies, URLs and headers. */
    bytes(): Promise<number>;
  };
  handlers: Pick<RequestHandlers, 'pending' | 'flush' | 'resume' | 'retry' | 'discard' | 'online' | 'replay-due'>;
}
