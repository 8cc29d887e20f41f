import { Route } from 'workbox-routing';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import type { ResolvedReadRoute } from '../config/types.js';
import { bypassHttpCachePlugin } from '../plugins/bypass-http-cache.js';
import { failureResponsePlugin } from '../plugins/failure-response.js';
import { freshnessPlugin } from '../plugins/freshness.js';
import { lruPlugin } from '../plugins/lru.js';
import { metricsPlugin } from '../plugins/metrics.js';
import type { AccessLog } from '../storage/access-log.js';
import { routeCacheName } from '../storage/cache-names.js';
import type { Stats } from '../stats.js';
import { createStrategy } from '../strategies/create-strategy.js';
import { compileMatch } from './match.js';

export interface ReadRouteContext {
  origin: string;
  cachePrefix: string;
  stats: Stats;
  accessLog: AccessLog;
}

/** One configured read route as a Workbox Route: its matcher, its strategy and the plugins that make up its features. */
export function buildReadRoute(route: ResolvedReadRoute, context: ReadRouteContext): { route: Route; cacheName: string } {
  const cacheName = routeCacheName(context.cachePrefix, route.name);
  // Order matters: Workbox runs each hook through the plugins in this order.
  const plugins: WorkboxPlugin[] = [
    metricsPlugin(route.name, context.stats),
    freshnessPlugin({ strategy: route.strategy, ...(route.maxAgeMs === undefined ? {} : { maxAgeMs: route.maxAgeMs }) }),
    bypassHttpCachePlugin,
  ];
  if (route.maxEntries !== undefined) {
    plugins.push(lruPlugin({ cacheName, maxEntries: route.maxEntries, accessLog: context.accessLog }));
  }
  plugins.push(failureResponsePlugin(route.strategy));

  const strategy = createStrategy(route.strategy, {
    cacheName,
    plugins,
    ...(route.networkTimeoutMs === undefined ? {} : { networkTimeoutMs: route.networkTimeoutMs }),
  });
  const matches = compileMatch(route.match, context.origin);
  return { route: new Route(({ url, request }) => matches({ url, request }), strategy, 'GET'), cacheName };
}
