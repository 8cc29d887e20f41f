import { Route } from 'workbox-routing';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import type { Strategy } from 'workbox-strategies';
import type { ResolvedReadRoute } from '../config/types.js';
import { bypassHttpCachePlugin } from '../plugins/bypass-http-cache.js';
import { cacheStatusPlugin } from '../plugins/cache-status.js';
import { connectivityPlugin } from '../plugins/connectivity.js';
import { failureResponsePlugin } from '../plugins/failure-response.js';
import { freshnessPlugin } from '../plugins/freshness.js';
import { metricsPlugin } from '../plugins/metrics.js';
import { variantsPlugin } from '../plugins/variants.js';
import { matchEntry } from '../entries/variants.js';
import type { CacheLimits } from '../storage/access-log.js';
import { routeCacheName } from '../storage/cache-names.js';
import type { Stats } from '../stats.js';
import type { UpdateLog } from '../update-log.js';
import type { RouteInvalidation } from '../invalidation/route-invalidation.js';
import { createStrategy } from '../strategies/create-strategy.js';
import { compileMatch, type Matcher } from './match.js';

export interface ReadRouteContext {
  origin: string;
  cachePrefix: string;
  stats: Stats;
  /** The expiration feature, when the worker has it (routes with `maxEntries` or `maxBytes` need it). */
  expiration: RouteExpiration | undefined;
  updates: UpdateLog;
  /** The invalidation feature, when the worker has it: tags, epochs, versions. */
  invalidation?: RouteInvalidations | undefined;
}

/** What a route needs of the invalidation feature: what its freshness plugin asks, per cache. */
export interface RouteInvalidations {
  forRoute(route: ResolvedReadRoute, cacheName: string): RouteInvalidation;
}

/** What a route needs of the expiration feature: the plugin that logs one cache's uses and sizes and keeps it within its limits. */
export interface RouteExpiration {
  plugin(cacheName: string, limits: CacheLimits): WorkboxPlugin;
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

/** The two halves of encryption at rest, placed around the other plugins (see sw/plugins/encryption.ts). */
export interface EntrySealing {
  decrypting: WorkboxPlugin;
  encrypting: WorkboxPlugin;
  openEntry: (stored: Response, url: string) => Promise<Response | null>;
}

/** A shared (not `private`) read route as a Workbox Route: its matcher, its strategy and its plugins. */
export function buildReadRoute(route: ResolvedReadRoute, context: ReadRouteContext): BuiltReadRoute {
  const cacheName = routeCacheName(context.cachePrefix, route.name);
  const strategy = routeStrategy(route, context, cacheName);
  const matches = compileMatch(route.match, context.origin);
  return { route: new Route(routeMatcher(matches), strategy, 'GET'), cacheName, config: route, matches, storageFor: () => ({ strategy, cacheName }) };
}

/** Workbox's match callback for a compiled `match`. */
export function routeMatcher(matches: Matcher): (options: { url: URL; request: Request }) => boolean {
  return ({ url, request }) => matches({ url, request });
}

/** The route's Workbox strategy over one of its caches (a private route has one per user partition). */
export function routeStrategy(route: ResolvedReadRoute, context: ReadRouteContext, cacheName: string, sealing?: EntrySealing): Strategy {
  return createStrategy(route.strategy, {
    cacheName,
    plugins: routePlugins(route, context, cacheName, sealing),
    ...(route.networkTimeoutMs === undefined ? {} : { networkTimeoutMs: route.networkTimeoutMs }),
  });
}

/**
 * A route's plugins for one of its caches. Order matters: Workbox runs each hook through the plugins
 * in this order. Variants come first (a lookup that finds a URL's variant index reads the selected
 * variant, so metrics still see a true miss); decrypting comes right after metrics (before freshness
 * reads the stored headers); encrypting comes after freshness stamps its headers on the way in; Cache-Status
 * comes last, to describe the response the page really gets.
 * Without HTTP rules there is no Vary handling, as in plain Workbox.
 */
function routePlugins(route: ResolvedReadRoute, context: ReadRouteContext, cacheName: string, sealing?: EntrySealing): WorkboxPlugin[] {
  const http = route.http !== false;
  // Connectivity sees each network answer first, before any plugin turns it into something else.
  const plugins: WorkboxPlugin[] = [connectivityPlugin];
  if (http) plugins.push(variantsPlugin(cacheName));
  plugins.push(metricsPlugin(route.name, context.stats));
  if (sealing) plugins.push(sealing.decrypting);
  plugins.push(
    freshnessPlugin({
      strategy: route.strategy,
      ...(route.maxAgeMs === undefined ? {} : { maxAgeMs: route.maxAgeMs }),
      onUpdated: (url) => context.updates.record(url, route.name),
      refreshAhead: route.refreshAhead,
      invalidation: context.invalidation?.forRoute(route, cacheName),
      http: !http ? false : {
        lookUp: async (request) => {
          const stored = await matchEntry(cacheName, request);
          return stored && sealing ? ((await sealing.openEntry(stored, request.url)) ?? undefined) : stored;
        },
        origin: context.origin,
        private: route.private === true,
        partitioned: route.private === true,
        earlyRefresh: route.earlyRefresh === true,
      },
    }),
    bypassHttpCachePlugin,
  );
  // Every route logs uses and sizes when the worker has the log: quota eviction and stats span all routes.
  if (context.expiration) plugins.push(context.expiration.plugin(cacheName, { maxEntries: route.maxEntries, maxBytes: route.maxBytes }));
  plugins.push(failureResponsePlugin(route.strategy));
  if (sealing) plugins.push(sealing.encrypting);
  plugins.push(cacheStatusPlugin({ memory: route.memory === true }));
  return plugins;
}
