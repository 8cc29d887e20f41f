import { Router } from 'workbox-routing';
import type { EventMap } from '../src/shared/protocol.js';
import type { StowageConfig } from './config/types.js';
import { validateConfig } from './config/validate.js';
import { coreRequestHandlers } from './core-requests.js';
import { withoutInvalidation, withoutUsers, withoutWrites } from './features/absent.js';
import { pickFeatures } from './features/pick.js';
import { broadcast, listenForRequests, type RequestHandlers } from './messages.js';
import { buildReadRoute } from './routes/read-route.js';
import { markInCaches, unsafePassThrough } from './routes/unsafe-pass-through.js';
import { deleteOutdatedCaches } from './storage/cache-names.js';
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
  const passThrough = unsafePassThrough(builtRoutes, origin, writes ? writes.markStale : markInCaches(cachePrefix, origin));
  const announceWarming = (detail: EventMap['warm-progress']): void => void broadcast('warm-progress', detail);
  const precache = config.precache ? precacheFeature?.create({ manifest: config.precache, cachePrefix, origin, onProgress: announceWarming }) : undefined;

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
    // Other unsafe requests to a cached URL go to the network through the worker: their success invalidates.
    const passed = passThrough(event.request);
    if (passed) {
      event.respondWith(passed);
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
    ...coreRequestHandlers({ router, routes: builtRoutes, stats, updates, partitionId, expiration, invalidation, writes, precache, announceWarming }),
    ...(session?.handlers ?? withoutUsers(stats)),
    ...(writes?.handlers ?? withoutWrites),
    ...(invalidation?.handlers ?? withoutInvalidation),
  };
  listenForRequests(handlers);

  return { routeNames: routes.map((route) => route.name) };
}
