import type { WorkboxPlugin } from 'workbox-core/types.js';
import type { Stats } from '../stats.js';
import { cachedStateOf } from './cache-state.js';
import { FAILURE_HEADER } from '../../src/shared/headers.js';

/**
 * Counts what each request of a route ended as. It must come first among a route's plugins so that
 * it sees the raw cache lookup (a true miss) before freshness rules filter it.
 */
export function metricsPlugin(routeName: string, stats: Stats): WorkboxPlugin {
  return {
    async cachedResponseWillBeUsed({ cachedResponse, state }) {
      if (!cachedResponse && state && !state.countedMiss) {
        state.countedMiss = true;
        stats.record(routeName, 'misses');
      }
      return cachedResponse ?? null;
    },
    async handlerWillRespond({ response }) {
      const cached = cachedStateOf(response);
      if (cached === 'fresh') stats.record(routeName, 'hits');
      else if (cached === 'stale') stats.record(routeName, 'stale');
      else if (response.headers.has(FAILURE_HEADER)) stats.record(routeName, 'errors');
      else stats.record(routeName, 'network');
      return response;
    },
    // Reached without a response only when no plugin could answer (a navigation with no network).
    async handlerDidComplete({ response, error }) {
      if (error && !response) stats.record(routeName, 'errors');
    },
  };
}
