import { Route } from 'workbox-routing';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import type { Strategy } from 'workbox-strategies';
import type { ResolvedReadRoute } from '../config/types.js';
import type { KeyStore } from '../crypto/keys.js';
import { bypassHttpCachePlugin } from '../plugins/bypass-http-cache.js';
import { encryptionPlugins } from '../plugins/encryption.js';
import { failureResponsePlugin } from '../plugins/failure-response.js';
import { freshnessPlugin } from '../plugins/freshness.js';
import { lruPlugin } from '../plugins/lru.js';
import { metricsPlugin } from '../plugins/metrics.js';
import { variantsPlugin } from '../plugins/variants.js';
import { matchEntry } from '../entries/variants.js';
import type { AccessLog } from '../storage/access-log.js';
import { partitionCacheName, routeCacheName } from '../storage/cache-names.js';
import type { Stats } from '../stats.js';
import type { UpdateLog } from '../update-log.js';
import { createStrategy } from '../strategies/create-strategy.js';
import type { CurrentUser } from '../users/current-user.js';
import { compileMatch, type Matcher } from './match.js';
import { PartitionedHandler } from './partitioned-handler.js';

export interface ReadRouteContext {
  origin: string;
  cachePrefix: string;
  stats: Stats;
  accessLog: AccessLog;
  currentUser: CurrentUser;
  keys: KeyStore;
  updates: UpdateLog;
}

export interface BuiltReadRoute {
  route: Route;
  /** The route's cache; for a private route, the base name of its per-user partition caches. */
  cacheName: string;
  config: ResolvedReadRoute;
  /** The route's compiled `match`, for code that must find the route of a URL outside a fetch. */
  matches: Matcher;
  /** The strategy and cache serving a partition (null: no user); undefined when nothing is cached for it. */
  storageFor(partitionId: string | null): { strategy: Strategy; cacheName: string } | undefined;
}

/** One configured read route as a Workbox Route: its matcher, its strategy and the plugins that make up its features. */
export function buildReadRoute(route: ResolvedReadRoute, context: ReadRouteContext): BuiltReadRoute {
  const cacheName = routeCacheName(context.cachePrefix, route.name);
  const strategyFor = (name: string, partitionId?: string): Strategy =>
    createStrategy(route.strategy, {
      cacheName: name,
      plugins: routePlugins(route, context, name, partitionId),
      ...(route.networkTimeoutMs === undefined ? {} : { networkTimeoutMs: route.networkTimeoutMs }),
    });
  const matches = compileMatch(route.match, context.origin);
  const match = ({ url, request }: { url: URL; request: Request }): boolean => matches({ url, request });

  if (!route.private) {
    const strategy = strategyFor(cacheName);
    return { route: new Route(match, strategy, 'GET'), cacheName, config: route, matches, storageFor: () => ({ strategy, cacheName }) };
  }
  const handler = new PartitionedHandler({
    currentUser: context.currentUser,
    forPartition: (partitionId) => strategyFor(partitionCacheName(cacheName, partitionId), partitionId),
    anonymous: createStrategy('network-only', {
      cacheName,
      plugins: [metricsPlugin(route.name, context.stats), bypassHttpCachePlugin, failureResponsePlugin(route.strategy)],
    }),
  });
  return {
    route: new Route(match, handler, 'GET'),
    cacheName,
    config: route,
    matches,
    storageFor: (partitionId) =>
      partitionId === null ? undefined : { strategy: handler.strategyFor(partitionId), cacheName: partitionCacheName(cacheName, partitionId) },
  };
}

/**
 * A route's plugins for one of its caches. Order matters: Workbox runs each hook through the plugins
 * in this order. Variants come first (a lookup that finds a URL's variant index reads the selected
 * variant, so metrics still see a true miss); decrypting comes right after metrics (before freshness
 * reads the stored headers); encrypting comes last (after freshness stamps its headers on the way in).
 * Without HTTP rules there is no Vary handling, as in plain Workbox.
 */
function routePlugins(route: ResolvedReadRoute, context: ReadRouteContext, cacheName: string, partitionId?: string): WorkboxPlugin[] {
  const encryption =
    route.encrypt && partitionId !== undefined ? encryptionPlugins({ partitionId, cacheName, keys: context.keys }) : undefined;
  const http = route.http !== false;
  const plugins: WorkboxPlugin[] = http ? [variantsPlugin(cacheName)] : [];
  plugins.push(metricsPlugin(route.name, context.stats));
  if (encryption) plugins.push(encryption.decrypting);
  plugins.push(
    freshnessPlugin({
      strategy: route.strategy,
      ...(route.maxAgeMs === undefined ? {} : { maxAgeMs: route.maxAgeMs }),
      onUpdated: (url) => context.updates.record(url, route.name),
      http: !http ? false : {
        lookUp: async (request) => {
          const stored = await matchEntry(cacheName, request);
          return stored && encryption ? ((await encryption.openEntry(stored, request.url)) ?? undefined) : stored;
        },
        origin: context.origin,
        private: route.private === true,
        partitioned: partitionId !== undefined,
        earlyRefresh: route.earlyRefresh === true,
      },
    }),
    bypassHttpCachePlugin,
  );
  if (route.maxEntries !== undefined) {
    plugins.push(lruPlugin({ cacheName, maxEntries: route.maxEntries, accessLog: context.accessLog }));
  }
  plugins.push(failureResponsePlugin(route.strategy));
  if (encryption) plugins.push(encryption.encrypting);
  return plugins;
}
