import type { WorkboxPlugin } from 'workbox-core/types.js';
import { CacheOnly, NetworkOnly, type Strategy } from 'workbox-strategies';
import type { StrategyName } from '../config/types.js';
import { CacheWithRefresh } from './cache-with-refresh.js';
import { InFlight } from './in-flight.js';
import { NetworkFirst } from './network-first.js';

export interface StrategyOptions {
  cacheName: string;
  plugins: WorkboxPlugin[];
  networkTimeoutMs?: number;
}

/**
 * The strategy for a route's strategy name; Stowage's behaviour comes in through the plugins. Each
 * strategy (one per route, or per user partition) shares its network requests among concurrent
 * requests for the same key.
 */
export function createStrategy(name: StrategyName, { cacheName, plugins, networkTimeoutMs }: StrategyOptions): Strategy {
  switch (name) {
    case 'network-first':
      return new NetworkFirst({ cacheName, plugins, networkTimeoutMs, inFlight: new InFlight() });
    case 'cache-first':
    case 'stale-while-revalidate':
      return new CacheWithRefresh({ cacheName, plugins, inFlight: new InFlight() });
    case 'network-only':
      return new NetworkOnly({ plugins });
    case 'cache-only':
      return new CacheOnly({ cacheName, plugins });
  }
}
