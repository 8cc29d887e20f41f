import type { WorkboxPlugin } from 'workbox-core/types.js';
import type { Stats } from '../stats.js';
import { cachedStateOf } from './cache-state.js';
import { FAILURE_HEADER } from '../../src/shared/headers.js';

/** Stowage's own requests (warming): they store entries but are no use of them. */
const uncounted = new WeakSet<Request>();

/** This request, made by Stowage itself (warm()), is not counted in stats(). */
export function leaveUncounted(request: Request): Request {
  uncounted.add(request);
  return request;
}

interface MetricsState {
  countedMiss?: boolean;
  uncounted?: boolean;
}

/**
 * Counts what each request of a route ended as, and the body bytes it served from the cache or the
 * network. It must come first among a route's plugins so that it sees the raw cache lookup (a true
 * miss) before freshness rules filter it.
 */
export function metricsPlugin(routeName: string, stats: Stats): WorkboxPlugin {
  return {
    // The request a strategy was handed; later hooks may see a variant's key instead.
    async handlerWillStart({ request, state }) {
      if (state && uncounted.has(request)) (state as MetricsState).uncounted = true;
    },
    async cachedResponseWillBeUsed({ request, cachedResponse, state: bag }) {
      const state = bag as MetricsState | undefined;
      if (!cachedResponse && state && !state.countedMiss && !state.uncounted && !uncounted.has(request)) {
        state.countedMiss = true;
        stats.record(routeName, 'misses');
      }
      return cachedResponse ?? null;
    },
    async handlerWillRespond({ response, state }) {
      if ((state as MetricsState | undefined)?.uncounted) return response;
      const cached = cachedStateOf(response);
      if (cached === 'fresh' || cached === 'stale') stats.record(routeName, cached === 'fresh' ? 'hits' : 'stale', bodyBytes(response));
      else if (response.headers.has(FAILURE_HEADER)) stats.record(routeName, 'errors');
      else stats.record(routeName, 'network', bodyBytes(response));
      return response;
    },
    // Reached without a response only when no plugin could answer (a navigation with no network).
    async handlerDidComplete({ response, error, state }) {
      if (error && !response && !(state as MetricsState | undefined)?.uncounted) stats.record(routeName, 'errors');
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
