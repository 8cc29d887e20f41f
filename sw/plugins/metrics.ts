import type { WorkboxPlugin } from 'workbox-core/types.js';
import type { Stats } from '../stats.js';
import { cachedStateOf } from './cache-state.js';
import { FAILURE_HEADER } from '../../src/shared/headers.js';

/** Events whose requests are Stowage's own (warming): they store entries but are no use of them. */
const uncounted = new WeakSet<ExtendableEvent>();

/** The requests made for this event are not counted in stats() (warm() fetches through the routes). */
export function leaveUncounted(event: ExtendableEvent): void {
  uncounted.add(event);
}

/**
 * Counts what each request of a route ended as, and the body bytes it served from the cache or the
 * network. It must come first among a route's plugins so that it sees the raw cache lookup (a true
 * miss) before freshness rules filter it.
 */
export function metricsPlugin(routeName: string, stats: Stats): WorkboxPlugin {
  const counted = (event: ExtendableEvent | undefined): boolean => !event || !uncounted.has(event);
  return {
    async cachedResponseWillBeUsed({ cachedResponse, state, event }) {
      if (!cachedResponse && state && !state.countedMiss && counted(event)) {
        state.countedMiss = true;
        stats.record(routeName, 'misses');
      }
      return cachedResponse ?? null;
    },
    async handlerWillRespond({ response, event }) {
      if (!counted(event)) return response;
      const cached = cachedStateOf(response);
      if (cached === 'fresh' || cached === 'stale') stats.record(routeName, cached === 'fresh' ? 'hits' : 'stale', bodyBytes(response));
      else if (response.headers.has(FAILURE_HEADER)) stats.record(routeName, 'errors');
      else stats.record(routeName, 'network', bodyBytes(response));
      return response;
    },
    // Reached without a response only when no plugin could answer (a navigation with no network).
    async handlerDidComplete({ response, error, event }) {
      if (error && !response && counted(event)) stats.record(routeName, 'errors');
    },
  };
}

/**
 * The body size by `Content-Length` (a stored entry keeps the server's). Measuring the body itself
 * would cost a second read of every hit; a response without the header (chunked) counts 0.
 */
function bodyBytes(response: Response): number {
  const declared = Number(response.headers.get('Content-Length') ?? Number.NaN);
  return Number.isInteger(declared) && declared >= 0 ? declared : 0;
}
