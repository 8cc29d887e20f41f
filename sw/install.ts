import { Router } from 'workbox-routing';
import { PROTOCOL_VERSION, type ClearReport, type EventMap } from '../src/shared/protocol.js';
import type { StowageConfig } from './config/types.js';
import { validateConfig } from './config/validate.js';
import { KeyStore } from './crypto/keys.js';
import { broadcast, listenForRequests } from './messages.js';
import { OutboxSealing } from './outbox/sealing.js';
import { buildReadRoute } from './routes/read-route.js';
import { refreshEntries } from './routes/refresh.js';
import { warmCaches } from './routes/warm.js';
import { AccessLog } from './storage/access-log.js';
import { deleteOutdatedCaches } from './storage/cache-names.js';
import { Stats } from './stats.js';
import { UpdateLog } from './update-log.js';
import { CurrentUser } from './users/current-user.js';
import { Purger } from './users/purge.js';
import { createWrites } from './writes/create-writes.js';

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
  const stats = new Stats(routes.map((route) => route.name));
  const accessLog = new AccessLog();
  const currentUser = new CurrentUser();
  const keys = new KeyStore();
  const router = new Router();
  const cacheNames = new Set<string>();
  const updates = new UpdateLog();
  const builtRoutes = routes.map((route) =>
    buildReadRoute(route, { origin: self.location.origin, cachePrefix, stats, accessLog, currentUser, keys, updates }),
  );
  for (const built of builtRoutes) {
    router.registerRoute(built.route);
    cacheNames.add(built.cacheName);
  }
  const writes = buildWrites(config, cachePrefix, builtRoutes, new OutboxSealing(currentUser, keys));
  const privateCaches = new Set(builtRoutes.filter((built) => built.config.private).map((built) => built.cacheName));
  const purger = new Purger({ cachePrefix, privateCaches, currentUser, keys, accessLog, stats, outbox: writes.outbox });
  const announceCleared = (report: ClearReport): void => {
    void broadcast('user-changed', { user: null });
    void broadcast('cleared', report);
  };
  // A logout the browser died in the middle of is completed before this worker serves anything.
  let purged = false;
  const purgedBeforeServing = purger
    .resume()
    .then((reports) => reports.forEach(announceCleared))
    .catch((error: unknown) => console.error('Stowage could not complete an interrupted clear()', error))
    .finally(() => (purged = true));

  // Take over at once, on first install and on update: pages opened before the worker existed get
  // offline support without a reload. The protocol version lets an old page notice a new worker.
  self.addEventListener('install', () => void self.skipWaiting());
  self.addEventListener('activate', (event) => {
    event.waitUntil(
      Promise.all([
        self.clients.claim(),
        deleteOutdatedCaches(cachePrefix, cacheNames).then((deleted) =>
          Promise.all(deleted.map((name) => accessLog.forgetCache(name))),
        ),
      ]),
    );
  });

  self.addEventListener('fetch', (event) => {
    // Unsafe requests a write route takes never reach the read router.
    const write = writes.route(event.request);
    if (write) {
      // Writes wait for an interrupted purge too: they must not be queued for the user being purged.
      event.respondWith(purged ? write(event.request) : purgedBeforeServing.then(() => write(event.request)));
      return;
    }
    if (!purged) {
      // Only the first requests after a start wait; a request no route takes goes to the network.
      event.respondWith(purgedBeforeServing.then(() => router.handleRequest({ event, request: event.request }) ?? fetch(event.request)));
      return;
    }
    const response = router.handleRequest({ event, request: event.request });
    if (response) {
      event.respondWith(response);
      void response.then(writes.noteResponse, () => undefined);
    }
  });

  listenForRequests({
    ping: () => ({ version: PROTOCOL_VERSION }),
    claim: async () => {
      await self.clients.claim();
      return null;
    },
    stats: () => stats.snapshot(),
    warm: ({ urls, document }, event) => warmCaches(router, event, { urls, document }),
    updates: ({ sinceMs }) => updates.since(sinceMs),
    'set-user': async ({ user }) => {
      await purgedBeforeServing;
      await purger.idle();
      await currentUser.set(user);
      void broadcast('user-changed', { user });
      return { user };
    },
    refresh: async (target, event) => {
      await purgedBeforeServing;
      const onProgress = (detail: EventMap['refresh-progress']): void => void broadcast('refresh-progress', detail);
      return refreshEntries(target, event, { routes: builtRoutes, currentUser, updates, onProgress });
    },
    ...writes.handlers,
    clear: async (options) => {
      await purgedBeforeServing;
      const report = await purger.clear(options);
      announceCleared(report);
      return report;
    },
  });

  return { routeNames: routes.map((route) => route.name) };
}

/** The write half (sw/writes/create-writes.ts): write routes, the outbox and its replay triggers. */
function buildWrites(config: StowageConfig, cachePrefix: string, readRoutes: ReturnType<typeof buildReadRoute>[], sealing: OutboxSealing) {
  return createWrites(config, { origin: self.location.origin, cachePrefix, readRoutes, sealing });
}
