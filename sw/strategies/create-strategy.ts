import type { WorkboxPlugin } from 'workbox-core/types.js';
import { CacheFirst, CacheOnly, NetworkFirst, NetworkOnly, type Strategy } from 'workbox-strategies';
import type { StrategyName } from '../config/types.js';
import { StaleWhileRevalidate } from './stale-while-revalidate.js';

export interface StrategyOptions {
  cacheName: string;
  plugins: WorkboxPlugin[];
  networkTimeoutMs?: number;
}

/** Workbox's strategy for a route's strategy name; Stowage's behaviour comes in through the plugins. */
export function createStrategy(name: StrategyName, { cacheName, plugins, networkTimeoutMs }: StrategyOptions): Strategy {
  switch (name) {
    case 'network-first':
      return new NetworkFirst({
        cacheName,
        plugins,
        ...(networkTimeoutMs === undefined ? {} : { networkTimeoutSeconds: networkTimeoutMs / 1000 }),
      });
    case 'cache-first':
      return new CacheFirst({ cacheName, plugins });
    case 'stale-while-revalidate':
      return new StaleWhileRevalidate({ cacheName, plugins });
    case 'network-only':
      return new NetworkOnly({ plugins });
    case 'cache-only':
      return new CacheOnly({ cacheName, plugins });
  }
}
