import { Router } from 'workbox-routing';
import { PROTOCOL_VERSION } from '../src/protocol.js';
import type { StowageConfig } from './config/types.js';
import { validateConfig } from './config/validate.js';
import { listenForRequests } from './messages.js';
import { buildReadRoute } from './routes/read-route.js';
import { warmCaches } from './routes/warm.js';
import { AccessLog } from './storage/access-log.js';
import { deleteOutdatedCaches } from './storage/cache-names.js';
import { Stats } from './stats.js';

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
  const router = new Router();
  const cacheNames = new Set<string>();
  for (const route of routes) {
    const built = buildReadRoute(route, { origin: self.location.origin, cachePrefix, stats, accessLog });
    router.registerRoute(built.route);
    cacheNames.add(built.cacheName);
  }

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
    const response = router.handleRequest({ event, request: event.request });
    if (response) event.respondWith(response);
  });

  listenForRequests({
    ping: () => ({ version: PROTOCOL_VERSION }),
    claim: async () => {
      await self.clients.claim();
      return null;
    },
    stats: () => stats.snapshot(),
    warm: ({ urls, document }, event) => warmCaches(router, event, { urls, document }),
  });

  return { routeNames: routes.map((route) => route.name) };
}
