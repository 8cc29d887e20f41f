import { DEV } from '../src/shared/dev.js';
import { Router } from 'workbox-routing';
import { StowageError } from '../src/shared/errors.js';
import { PROTOCOL_VERSION, type EventMap, type FlushReport } from '../src/shared/protocol.js';
import type { StowageConfig } from './config/types.js';
import { fail, validateConfig } from './config/validate.js';
import type { ExpirationFeature, InvalidationFeature, PrecacheFeature, StowageFeature, UsersFeature, WritesFeature } from './features/feature.js';
import { broadcast, listenForRequests, type RequestHandlers } from './messages.js';
import { buildReadRoute } from './routes/read-route.js';
import { refreshEntries } from './routes/refresh.js';
import { warm } from './precache/warm.js';
import { routeFirstVisit } from './routes/first-visit.js';
import { notices } from './notices.js';
import { deleteOutdatedCaches } from './storage/cache-names.js';
import { storageUsage } from './quota/usage.js';
import { Stats } from './stats.js';
import { UpdateLog } from './update-log.js';

declare let self: ServiceWorkerGlobalScope;

export interface StowageWorker {
  /** The validated route names, in matching order. */
  readonly routeNames: readonly string[];
}

/**
 * The one call an app's service worker makes, at the top level of its script (browsers only deliver
 * events to listeners added during the script's first evaluation). The config is validated first, so
 * a mistake throws StowageError('invalid-config') before any request is served.
 */
export function installStowage(config: StowageConfig): StowageWorker {
  const { routes, cachePrefix } = validateConfig(config);
  const { users: usersFeature, writes: writesFeature, expiration: expirationFeature, invalidation: invalidationFeature, precache: precacheFeature } = pickFeatures(config, routes);
  const origin = self.location.origin;
  const stats = new Stats(routes.map((route) => route.name));
  const expiration = expirationFeature?.create();
  // Invalidations apply to the shared partition and the current user's; the user is known later on.
  const invalidation = invalidationFeature?.create({ currentPartition: () => partitionId() });
  const forgetCache = async (cacheName: string): Promise<void> => {
    await Promise.all([expiration?.forgetCache(cacheName), invalidation?.forgetCache(cacheName)]);
  };
  const updates = new UpdateLog();
  const router = new Router();
  const users = usersFeature?.create();
  const routeContext = { origin, cachePrefix, stats, expiration, updates, invalidation };
  const builtRoutes = routes.map((route) => (route.private && users ? users.buildRoute(route, routeContext) : buildReadRoute(route, routeContext)));
  for (const built of builtRoutes) router.registerRoute(built.route);
  // A writes feature always brings invalidation (pickFeatures).
  const writes = writesFeature?.create({ config, cachePrefix, origin, readRoutes: builtRoutes, users: users!, invalidation: invalidation!.service, makeRoom: expiration?.makeRoom });
  const privateCaches = new Set(builtRoutes.filter((built) => built.config.private).map((built) => built.cacheName));
  const session = users?.start({ cachePrefix, privateCaches, stats, forgetCache, outbox: writes?.outbox });
  const announceWarming = (detail: EventMap['warm-progress']): void => void broadcast('warm-progress', detail);
  const precache = config.precache && precacheFeature?.create({ manifest: config.precache, cachePrefix, origin, onProgress: announceWarming });

  // Take over at once, on first install and on update: pages opened before the worker existed get
  // offline support without a reload. The protocol version lets an old page notice a new worker.
  self.addEventListener('install', (event) => {
    void self.skipWaiting();
    // A critical asset that cannot be stored fails the install: the previous worker stays.
    if (precache) event.waitUntil(precache.install());
  });
  self.addEventListener('activate', (event) => {
    const ownCaches = new Set(builtRoutes.map((built) => built.cacheName));
    event.waitUntil(
      Promise.all([
        self.clients.claim(),
        deleteOutdatedCaches(cachePrefix, ownCaches).then((deleted) => Promise.all(deleted.map(forgetCache))),
        invalidation?.activate(routes),
        precache?.activate(),
      ]),
    );
  });

  self.addEventListener('fetch', (event) => {
    // Unsafe requests a write route takes never reach the read router. They wait for an interrupted
    // logout to complete: they must not be queued for the user being purged.
    const write = writes?.route(event.request);
    if (write) {
      event.respondWith(session && !session.isReady() ? session.ready.then(() => write(event.request)) : write(event.request));
      return;
    }
    // Precached assets come first, cache-first; a request the precache cannot place at once goes on below.
    const route = (): Promise<Response> | undefined => router.handleRequest({ event, request: event.request });
    precache?.afterActivation(event);
    const precached = precache?.respond(event, () => route() ?? fetch(event.request));
    // A shared route's hit reads nothing from IndexedDB: private routes wait for the purge themselves.
    const response = precached ?? route();
    if (response) {
      event.respondWith(response);
      if (writes) void response.then(writes.noteResponse, () => undefined);
    }
  });
  if (precache) self.addEventListener('message', (event) => precache.afterActivation(event));

  const partitionId = async (): Promise<string | null> => {
    if (!session || !users) return null;
    await session.ready;
    return (await users.currentUser.get()).partitionId;
  };
  const handlers: RequestHandlers = {
    ping: () => ({ version: PROTOCOL_VERSION }),
    claim: async () => {
      await self.clients.claim();
      return null;
    },
    stats: async () => {
      const outboxBytes = writes && (() => writes.outbox.bytes());
      const usage = await storageUsage({ routes: builtRoutes, bytesByCache: expiration?.bytesByCache, outboxBytes });
      return {
        ...stats.snapshot(usage.storedBytes),
        outboxBytes: usage.outboxBytes,
        estimate: usage.estimate,
        ...(invalidation ? { unknownTagInvalidations: invalidation.service.unknownTagInvalidations } : {}),
      };
    },
    'warm-first-visit': ({ urls, document }, event) => routeFirstVisit(router, event, { urls, document }),
    warm: ({ target, concurrency }, event) => warm(target, event, { routes: builtRoutes, partitionId, onProgress: announceWarming, knownUrls: precache?.urls }, concurrency),
    updates: ({ sinceMs }) => updates.since(sinceMs),
    'notices-since': ({ epoch, after }) => notices.since(epoch, after),
    refresh: (target, event) => {
      const onProgress = (detail: EventMap['refresh-progress']): void => void broadcast('refresh-progress', detail);
      return refreshEntries(target, event, { routes: builtRoutes, partitionId, updates, onProgress });
    },
    ...(session?.handlers ?? withoutUsers(stats)),
    ...(writes?.handlers ?? withoutWrites),
    ...(invalidation?.handlers ?? withoutInvalidation),
  };
  listenForRequests(handlers);

  return { routeNames: routes.map((route) => route.name) };
}

/** The features the config needs must be listed in `features`; writes bring users along. */
function pickFeatures(config: StowageConfig, routes: ReturnType<typeof validateConfig>['routes']) {
  // The config types a feature by its kind only (see StowageFeatureRef); the kinds are the features'.
  const features = (config.features ?? []) as readonly StowageFeature[];
  const writes = features.find((feature): feature is WritesFeature => feature.kind === 'writes');
  const users = features.find((feature): feature is UsersFeature => feature.kind === 'users') ?? writes?.users;
  const expiration = features.find((feature): feature is ExpirationFeature => feature.kind === 'expiration');
  const invalidation = features.find((feature): feature is InvalidationFeature => feature.kind === 'invalidation') ?? writes?.invalidation;
  const precache = features.find((feature): feature is PrecacheFeature => feature.kind === 'precache');
  if (config.precache !== undefined && !precache) {
    fail('precache', DEV && "a precache manifest needs the precache feature: import { withPrecache } from 'stowage/sw/precache' and add it to features");
  }
  if (config.writes !== undefined && config.writes.length > 0 && !writes) {
    fail('writes', DEV && "write routes need the writes feature: import { withWrites } from 'stowage/sw/writes' and add it to features");
  }
  const privateRoute = routes.find((route) => route.private);
  if (privateRoute && !users) {
    fail(`routes[${privateRoute.index}].private`, DEV && "private routes need the users feature: import { withUsers } from 'stowage/sw/users' and add it to features");
  }
  const boundedRoute = routes.find((route) => route.maxEntries !== undefined || route.maxBytes !== undefined);
  if (boundedRoute && !expiration) {
    const field = boundedRoute.maxEntries !== undefined ? 'maxEntries' : 'maxBytes';
    fail(`routes[${boundedRoute.index}].${field}`, DEV && `${field} needs the expiration feature: import { withExpiration } from 'stowage/sw/expiration' and add it to features`);
  }
  const versioned = routes.find((route) => route.effectiveVersion !== undefined);
  if (versioned && !invalidation) {
    fail(config.version === undefined ? `routes[${versioned.index}].version` : 'version', DEV && "needs withInvalidation (from 'stowage/sw/invalidation') in features");
  }
  return { users, writes, expiration, invalidation, precache };
}

const emptyFlushReport = async (): Promise<FlushReport> => ({ delivered: 0, failed: 0, conflicts: 0, paused: 0, retrying: 0, remaining: 0 });

/** A worker without the users feature has no partitions: a user only names who is signed in, and logout resets the counters. */
function withoutUsers(stats: Stats): Pick<RequestHandlers, 'set-user' | 'clear'> {
  return {
    'set-user': ({ user }) => {
      void broadcast('user-changed', { user });
      return { user };
    },
    clear: () => {
      stats.reset();
      const report = { delivered: 0, discarded: 0, cachesDeleted: 0, entriesDeleted: 0, keyDeleted: false };
      void broadcast('user-changed', { user: null });
      void broadcast('cleared', report);
      return report;
    },
  };
}

/** A worker without the invalidation feature keeps its entries until they age out. */
const withoutInvalidation: Pick<RequestHandlers, 'invalidate' | 'feed-event' | 'feed-cursor'> = {
  invalidate: () => {
    throw new StowageError('not-supported', 'invalidate() needs withInvalidation in features');
  },
  'feed-event': () => ({ applied: false }),
  'feed-cursor': () => ({ lastEventId: null }),
};

/** A worker without the writes feature has an empty outbox. */
const withoutWrites: Pick<RequestHandlers, 'pending' | 'flush' | 'resume' | 'retry' | 'discard' | 'online' | 'replay-due'> = {
  pending: () => [],
  flush: emptyFlushReport,
  resume: emptyFlushReport,
  retry: emptyFlushReport,
  discard: () => ({ discarded: false }),
  online: () => null,
  'replay-due': () => ({ inMs: null }),
};
