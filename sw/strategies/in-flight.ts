import type { StrategyHandler } from 'workbox-strategies';
import { markCollapsed } from '../plugins/cache-state.js';
import { hasNoCache, parseCacheControl } from '../http/cache-control.js';
import { freshnessLifetimeMs } from '../http/policy.js';

/** What a shared fetch needs of the first request's Workbox handler (which runs the plugins). */
export type FetchingHandler = Pick<StrategyHandler, 'fetch' | 'cachePut' | 'waitUntil'>;

/** A response that arrived and is being stored. */
interface Storing {
  /** Settles (never rejects) once the store is done or failed. */
  done: Promise<unknown>;
  /** The response, when it may answer the requests that arrive during the store (see shareable). */
  shared: Promise<Response> | undefined;
}

/**
 * Stampede protection: concurrent requests for the same cache key, from any number of tabs (one
 * worker serves them all), share one network request; each gets its own clone of the response.
 *
 * Where requests used to slip through (issue 9 §2). A request reads the cache first and asks to
 * share only when the entry is stale or missing; sharing ended when the response arrived, before it
 * was stored (handler.fetch resolves after the fetchDidSucceed plugins, the 304 merge; cachePut then
 * waits a task, Workbox after w3c/ServiceWorker#1397, and runs cacheKeyWillBeUsed, cacheWillUpdate
 * and cache.put, 50-500 ms under load). Two kinds of request fetched again, with the old validators:
 * - one whose cache read began while the fetch was under way: under a stampede the reads queue up,
 *   and such a read often returned the old entry just after the response had arrived;
 * - one that reached the worker during the store (a page's 100 requests reach a busy worker over
 *   several hundred ms): it waited for the store and read the new entry, which with `max-age=1` can
 *   already be stale, its age counted from a `Date` with one-second resolution (RFC 9111 §4.2.3).
 * So a request reads the cache inside a CacheRead. A response that arrives while the read is under
 * way answers it, as a quicker read would have let it join. A request that arrives during a store
 * waits for it, reads the new entry, and if that is no longer usable is answered by the response
 * being stored, unless the server allows no reuse without validation (`no-cache`, `max-age=0`):
 * a page that fetches again after such a response gets a revalidation. Only a read that began after
 * the last store can send a new request.
 */
export class InFlight {
  /** Fetches under way by key. */
  readonly #pending = new Map<string, Promise<Response>>();
  /** Responses that arrived and are being stored, by key. */
  readonly #storing = new Map<string, Storing>();
  /** Cache reads under way by key, to be answered by a response that arrives meanwhile. */
  readonly #reads = new Map<string, Set<OpenRead>>();

  /** Waits for a store under way for this request's key, then starts a cache read; end() it once the strategy has decided. */
  async beginRead(request: Request): Promise<CacheRead> {
    const key = coalescingKey(request);
    let answer: Promise<Response> | undefined;
    for (let storing = this.#storing.get(key); storing; storing = this.#storing.get(key)) {
      answer = storing.shared;
      await storing.done;
    }
    // Registered in the same task as the check above: no response can arrive in between unseen.
    const reads = this.#reads.get(key) ?? new Set<OpenRead>();
    this.#reads.set(key, reads);
    const read: OpenRead = {
      key,
      answer,
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
   * takes the response that answers `read`, else fetches through this request's handler.
   */
  fetchAndCachePut(handler: FetchingHandler, request: Request, read?: CacheRead): Promise<Response> {
    const key = read?.key ?? coalescingKey(request);
    const joined = this.#pending.get(key) ?? read?.answer;
    if (!joined) return this.#fetch(handler, request, key).then((response) => response.clone());
    // Cache-Status says `collapsed` for a request that joined another's fetch (RFC 9211 §2.7).
    return joined.then((response) => markCollapsed(response.clone()));
  }

  #fetch(handler: FetchingHandler, request: Request, key: string): Promise<Response> {
    // The first request's handler runs the plugins (conditional headers, 304 merging, storing).
    const fetched = handler.fetch(request);
    this.#pending.set(key, fetched);
    const arrive = (): void => {
      this.#pending.delete(key);
      // A failure too: the reads it overlapped fail with it (and fall back as their route allows).
      for (const read of this.#reads.get(key) ?? []) read.answer = fetched;
    };
    // A network failure reaches every waiter through `fetched`; a failed store (quota) surfaces
    // through waitUntil, as in Workbox's fetchAndCachePut.
    const stored = fetched.then(
      (response) => {
        arrive();
        const put = handler.cachePut(request, response.clone());
        const storing: Storing = {
          done: put.catch(() => false).finally(() => {
            if (this.#storing.get(key) === storing) this.#storing.delete(key);
          }),
          shared: shareable(response) ? fetched : undefined,
        };
        this.#storing.set(key, storing);
        return put;
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

/**
 * Whether the server lets the response be reused without validation for a while (RFC 9111 §4.2.1,
 * §5.2.2.4, §5.2.2.5): only then may it answer a request that arrived after it, while it was being
 * stored, even once it has aged past its lifetime by the clock. One that a cache upstream already
 * aged past its lifetime (`Age` ≥ lifetime, RFC 9111 §4.2.3) arrived stale and is no such answer.
 */
function shareable(response: Response): boolean {
  const directives = parseCacheControl(response.headers.get('Cache-Control'));
  if (hasNoCache(directives) || directives['no-store'] !== undefined) return false;
  const ageMs = (Number(response.headers.get('Age')) || 0) * 1000;
  return (freshnessLifetimeMs(response.status, response.headers, directives) ?? 0) > ageMs;
}

/** A request's look at the cache, during which InFlight notes the shared response that answers it. */
export interface CacheRead {
  readonly key: string;
  /** The shared response (or failure) that answers this request if the read finds no usable entry. */
  readonly answer: Promise<Response> | undefined;
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
