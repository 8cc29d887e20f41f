import type { StrategyHandler } from 'workbox-strategies';
import { markCollapsed } from '../plugins/cache-state.js';

/**
 * Stampede protection: concurrent requests for the same cache key, from any number of tabs (one
 * worker serves them all), share one network request; each gets its own clone of the response.
 * Sharing ends when the response arrives: a request that comes later waits for it to be stored
 * (storing()) and then reads the cache like any other, so HTTP freshness still decides whether the
 * new entry may answer it.
 */
export class InFlight {
  readonly #pending = new Map<string, Promise<Response>>();
  readonly #storing = new Map<string, Promise<unknown>>();

  /** Like handler.fetchAndCachePut(request), but shared with the requests already waiting for the same key. */
  fetchAndCachePut(handler: StrategyHandler, request: Request): Promise<Response> {
    const key = coalescingKey(request);
    let shared = this.#pending.get(key);
    if (!shared) {
      // The first request's handler runs the plugins (conditional headers, 304 merging, storing).
      const fetched = handler.fetch(request);
      this.#pending.set(key, fetched);
      // A network failure reaches every waiter through `fetched`; a failed store (quota) surfaces
      // through waitUntil, as in Workbox's fetchAndCachePut.
      const stored = fetched.then(
        (response) => {
          this.#pending.delete(key);
          const storing = handler.cachePut(request, response.clone()).finally(() => {
            if (this.#storing.get(key) === storing) this.#storing.delete(key);
          });
          this.#storing.set(key, storing);
          return storing;
        },
        () => {
          this.#pending.delete(key);
          return false;
        },
      );
      void handler.waitUntil(stored);
      return fetched.then((response) => response.clone());
    }
    // Cache-Status says `collapsed` for a request that joined (RFC 9211 §2.7).
    return shared.then((response) => markCollapsed(response.clone()));
  }

  /** Resolves once a response that already arrived for this request's key is stored (at once if none). */
  async storing(request: Request): Promise<void> {
    await this.#storing.get(coalescingKey(request))?.catch(() => undefined);
  }
}

/**
 * Requests share a response only when nothing that could change the answer differs: method, URL,
 * mode, credentials and every request header (stricter than the stored entry's Vary, which is not
 * known before the first response). Per-user partitions each have their own InFlight.
 */
export function coalescingKey(request: Request): string {
  const headers: string[] = [];
  request.headers.forEach((value, name) => headers.push(`${name}:${value}`));
  return [request.method, request.url, request.mode, request.credentials, ...headers.sort()].join('\n');
}
