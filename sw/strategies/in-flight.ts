import type { StrategyHandler } from 'workbox-strategies';

/** What a shared fetch needs of the first request's Workbox handler (which runs the plugins). */
export type FetchingHandler = Pick<StrategyHandler, 'fetch' | 'cachePut' | 'waitUntil'>;

/**
 * Stampede protection: concurrent requests for the same cache key, from any number of tabs (one
 * worker serves them all), share one network request (a round); each gets its own clone of the
 * response.
 *
 * Where requests used to slip through (issue 9 §2): a request reads the cache first and asks to share
 * a round only when the entry is stale or missing. Under a stampede those reads queue up; one that
 * began while the round's fetch was under way often returned the old entry only after the fetch had
 * resolved (seen: reads of 150-350 ms that ended 2-5 ms after it). Sharing ended on arrival, but the
 * new entry was not stored yet: handler.fetch resolves after the fetchDidSucceed plugins (the 304
 * merge), then cachePut waits a task (Workbox, after w3c/ServiceWorker#1397) and runs
 * cacheKeyWillBeUsed, cacheWillUpdate and cache.put. So that request found nothing to share and
 * fetched again, with the old entry's validators. Hence two rules:
 * - a round stays open until its response is stored (or the store failed): a request arriving while
 *   it is merged or stored joins it and is answered from it;
 * - a request reads the cache inside a CacheRead, and a round that finished during the read (whose
 *   store the read may have missed) answers it too. Only a read that began after the last round was
 *   stored can start a new one.
 */
export class InFlight {
  /** Open rounds by key: the fetched response, shared until it is stored. */
  readonly #rounds = new Map<string, Promise<Response>>();
  /** Cache reads under way by key, to be told of the rounds that finish meanwhile. */
  readonly #reads = new Map<string, Set<OpenRead>>();

  /** Starts a cache read for this request; end() it once the strategy has decided. */
  beginRead(request: Request): CacheRead {
    const key = coalescingKey(request);
    const reads = this.#reads.get(key) ?? new Set<OpenRead>();
    this.#reads.set(key, reads);
    const read: OpenRead = {
      key,
      finishedRound: undefined,
      end: () => {
        reads.delete(read);
        if (reads.size === 0 && this.#reads.get(key) === reads) this.#reads.delete(key);
      },
    };
    reads.add(read);
    return read;
  }

  /**
   * Like handler.fetchAndCachePut(request), but shared: joins the open round for the key, else the
   * round that finished during `read`, else starts one through this request's handler.
   */
  fetchAndCachePut(handler: FetchingHandler, request: Request, read?: CacheRead): Promise<Response> {
    const key = read?.key ?? coalescingKey(request);
    const shared = this.#rounds.get(key) ?? read?.finishedRound ?? this.#startRound(handler, request, key);
    return shared.then((response) => response.clone());
  }

  #startRound(handler: FetchingHandler, request: Request, key: string): Promise<Response> {
    // The first request's handler runs the plugins (conditional headers, 304 merging, storing).
    const fetched = handler.fetch(request);
    // A network failure reaches every waiter through `fetched`; a failed store (quota) surfaces
    // through waitUntil, as in Workbox's fetchAndCachePut.
    const stored = fetched.then(
      (response) => handler.cachePut(request, response.clone()),
      () => false,
    );
    const finish = (): void => {
      if (this.#rounds.get(key) === fetched) this.#rounds.delete(key);
      for (const read of this.#reads.get(key) ?? []) read.finishedRound = fetched;
    };
    void stored.then(finish, finish);
    void handler.waitUntil(stored);
    this.#rounds.set(key, fetched);
    return fetched;
  }
}

/** A request's look at the cache, during which InFlight notes the rounds that finish. */
export interface CacheRead {
  readonly key: string;
  /** The latest round for this key that finished (stored, or failed) while the read was under way. */
  readonly finishedRound: Promise<Response> | undefined;
  end(): void;
}

type OpenRead = { -readonly [K in keyof CacheRead]: CacheRead[K] };

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
