import { Strategy, type StrategyHandler, type StrategyOptions } from 'workbox-strategies';
import { needsRefresh } from '../plugins/cache-state.js';
import type { InFlight } from './in-flight.js';

/**
 * cache-first and stale-while-revalidate: serve a usable entry, refreshing it in the background when
 * the freshness plugin asks for it; without a usable entry, ask the network (shared with concurrent
 * requests for the same key). The two strategies differ only in which entries the freshness plugin
 * lets through: stale-while-revalidate any stale one it may serve, cache-first only fresh ones (and
 * stale ones inside HTTP's `stale-while-revalidate` window).
 *
 * Workbox's own StaleWhileRevalidate starts a network request on every use, even for a fresh entry,
 * which doubles the latency of a warm hit and the server's load; here a fresh entry costs no request.
 */
export class CacheWithRefresh extends Strategy {
  readonly #inFlight: InFlight;

  constructor(options: StrategyOptions & { inFlight: InFlight }) {
    super(options);
    this.#inFlight = options.inFlight;
  }

  protected override async _handle(request: Request, handler: StrategyHandler): Promise<Response> {
    // Inside a CacheRead, a stale or missing entry read just before a shared response arrived takes
    // that response instead of fetching again (see InFlight).
    const read = await this.#inFlight.beginRead(request);
    try {
      const cached = await handler.cacheMatch(request);
      if (!cached) return await this.#inFlight.fetchAndCachePut(handler, request, read);
      if (needsRefresh(cached)) {
        // A failed background refresh changes nothing for this response; the next use tries again.
        void handler.waitUntil(this.#inFlight.fetchAndCachePut(handler, request, read).catch(() => undefined));
      }
      return cached;
    } finally {
      read.end();
    }
  }
}
