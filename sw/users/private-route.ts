import { Route } from 'workbox-routing';
import type { ResolvedReadRoute } from '../config/types.js';
import type { KeyStore } from '../crypto/keys.js';
import { bypassHttpCachePlugin } from '../plugins/bypass-http-cache.js';
import { encryptionPlugins } from '../plugins/encryption.js';
import { failureResponsePlugin } from '../plugins/failure-response.js';
import { metricsPlugin } from '../plugins/metrics.js';
import { compileMatch } from '../routes/match.js';
import { routeMatcher, routeStrategy, type BuiltReadRoute, type ReadRouteContext } from '../routes/read-route.js';
import { createStrategy } from '../strategies/create-strategy.js';
import { partitionCacheName, routeCacheName } from '../storage/cache-names.js';
import { PartitionedHandler } from './partitioned-handler.js';

export interface PrivateRouteContext extends ReadRouteContext {
  /** The partition to serve now (null: no user); waits for an interrupted logout to complete. */
  partitionId: () => Promise<string | null>;
  keys: KeyStore;
}

/**
 * A `private: true` read route: one strategy per user partition, each over a cache of its own (and
 * sealed with the user's key when the route says `encrypt`), picked per request from the current user.
 * With no user set, a network-only strategy answers, so nothing private is cached for nobody.
 */
export function buildPrivateRoute(route: ResolvedReadRoute, context: PrivateRouteContext): BuiltReadRoute {
  const cacheName = routeCacheName(context.cachePrefix, route.name);
  const handler = new PartitionedHandler({
    partitionId: context.partitionId,
    forPartition: (partitionId) => {
      const name = partitionCacheName(cacheName, partitionId);
      const sealing = route.encrypt ? encryptionPlugins({ partitionId, cacheName: name, keys: context.keys }) : undefined;
      return routeStrategy(route, context, name, sealing);
    },
    anonymous: createStrategy('network-only', {
      cacheName,
      plugins: [metricsPlugin(route.name, context.stats), bypassHttpCachePlugin, failureResponsePlugin(route.strategy)],
    }),
  });
  const matches = compileMatch(route.match, context.origin);
  return {
    route: new Route(routeMatcher(matches), handler, 'GET'),
    cacheName,
    config: route,
    matches,
    storageFor: (partitionId) =>
      partitionId === null ? undefined : { strategy: handler.strategyFor(partitionId), cacheName: partitionCacheName(cacheName, partitionId) },
  };
}
