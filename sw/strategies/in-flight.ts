import type { StrategyHandler } from 'workbox-strategies';

/** What a shared fetch needs of the first request's Workbox handler (which runs the plugins). */
export type FetchingHandler = Pick<StrategyHandler, 'fetch' | 'cachePut' | 'waitUntil'>;

/**
 * Stampede protection: concurrent requests for the same cache key, from any number of tabs (one
 * worker serves them all), share one network request; each gets its own clone of the response.
 * Sharing ends when the response arrives: a request that comes later waits for it to be stored and
 * then reads the cache like any other, so HTTP freshness still decides whether the new entry may
 * answer it (a `no-cache` one may not).
 *
 * Where requests used to slip through (issue 9 §2): a request reads the cache first and asks to share
 * only when the entry is stale or missing. Under a stampede those reads queue up; one that began
 * while the shared fetch was under way often returned the old entry only after the response had
 * arrived (seen: reads of 150-350 ms that ended 2-5 ms after it). Sharing had ended and the new
 * entry was not stored yet (handler.fetch resolves after the fetchDidSucceed plugins, the 304 merge;
 * cachePut then waits a task, Workbox after w3c/ServiceWorker#1397, and runs cacheKeyWillBeUsed,
 * cacheWillUpdate and cache.put), so that request fetched again, with the old entry's validators.
 * Hence a request reads the cache inside a CacheRead: a response that arrives while the read is
 * under way answers it, as it would have had the read been quicker, since that response is newer
 * than the request. Only a read that began after the last response arrived (and was stored) can
 * send a new request.
 */
export class InFlight {
  /** Fetches under way by key. */
  readonly #pending = new Map<string, Promise<Response>>();
  /** Responses that arrived and are being stored, by key. Never rejects. */
  readonly #storing = new Map<string, Promise<unknown>>();
  /** Cache reads under way by key, to be answered by a response that arrives meanwhile. */
  readonly #reads = new Map<string, Set<OpenRead>>();

  /**
   * Waits until no response for this request's key is being stored, then starts a cache read; end()
   * it once the strategy has decided.
   */
  async beginRead(request: Request): Promise<CacheRead> {
    const key = coalescingKey(request);
    for (let storing = this.#storing.get(key); storing; storing = this.#storing.get(key)) await storing;
    // Registered in the same task as the check above: no response can arrive in between unseen.
    const reads = this.#reads.get(key) ?? new Set<OpenRead>();
    this.#reads.set(key, reads);
    const read: OpenRead = {
      key,
      arrived: undefined,
      end: () => {
        reads.delete(read);
        if (reads.size === 0 && this.#reads.get(key) === reads) this.#reads.delete(key);
      },
    };
    reads.add(read);
    return read;
  }

  /**
   * Like handler.fetchAndCachePut(request), but shared: joins the fetch under way for the key, else
   * takes the response that arrived during `read`, else fetches through this request's handler.
   */
  fetchAndCachePut(handler: FetchingHandler, request: Request, read?: CacheRead): Promise<Response> {
    const key = read?.key ?? coalescingKey(request);
    const shared = this.#pending.get(key) ?? read?.arrived ?? this.#fetch(handler, request, key);
    return shared.then((response) => response.clone());
  }

  #fetch(handler: FetchingHandler, request: Request, key: string): Promise<Response> {
    // The first request's handler runs the plugins (conditional headers, 304 merging, storing).
    const fetched = handler.fetch(request);
    this.#pending.set(key, fetched);
    const arrive = (): void => {
      this.#pending.delete(key);
      // A failure too: the reads it overlapped fail with it (and fall back as their route allows).
      for (const read of this.#reads.get(key) ?? []) read.arrived = fetched;
    };
    // A network failure reaches every waiter through `fetched`; a failed store (quota) surfaces
    // through waitUntil, as in Workbox's fetchAndCachePut.
    const stored = fetched.then(
      (response) => {
        arrive();
        const storing = handler.cachePut(request, response.clone());
        const settled = storing.catch(() => false).finally(() => {
          if (this.#storing.get(key) === settled) this.#storing.delete(key);
        });
        this.#storing.set(key, settled);
        return storing;
      },
      () => {
        arrive();
        return false;
      },
    );
    void handler.waitUntil(stored);
    return fetched;
  }
}

/** A request's look at the cache, during which InFlight notes the response that arrives. */
export interface CacheRead {
  readonly key: string;
  /** The latest shared response (or failure) for this key that arrived while the read was under way. */
  readonly arrived: Promise<Response> | undefined;
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
