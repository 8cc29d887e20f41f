import { now } from '../clock.js';
import { isInvalidated, markInvalidated, pendingIdOf } from '../entries/stored-entry.js';
import { indexedFields, keysOfUrl } from '../entries/variants.js';
import { compilePathPattern } from '../routes/match.js';
import { isOwnCacheName, parseCacheName, routeCacheName } from '../storage/cache-names.js';

/** For sw/writes/write-behind.ts, which imports it from here; its home is src/shared/headers.ts. */
export { PENDING_HEADER } from '../../src/shared/headers.js';

/**
 * What a write makes stale: a read route's name (every entry of its caches) or a same-origin path
 * pattern (`/api/notes`, `/api/notes/:id`, `/api/notes/*`); exact URLs are path patterns too.
 */
export type StaleTarget = string;

export interface CacheInvalidatorOptions {
  cachePrefix: string;
  origin: string;
  /** The cache of the read route that would take a GET of `url`, if any. */
  readCacheFor: (url: string) => string | undefined;
}

/**
 * The one place writes touch Stowage's read caches. "Stale" means re-stored marked invalidated:
 * never served as fresh again, but still there as an offline fallback (deleting it would lose that).
 * Every cache with the configured prefix is searched, per-user partitions included, since a write
 * cannot know which of them hold the URL.
 */
export class CacheInvalidator {
  readonly #options: CacheInvalidatorOptions;

  constructor(options: CacheInvalidatorOptions) {
    this.#options = options;
  }

  /** Marks stale every cached entry that a target names. */
  async markStale(targets: readonly StaleTarget[]): Promise<void> {
    const { cachePrefix, origin } = this.#options;
    const routeCaches = new Set(targets.filter((target) => !target.startsWith('/')).map((name) => routeCacheName(cachePrefix, name)));
    const patterns = targets.filter((target) => target.startsWith('/')).map(compilePathPattern);
    for (const cacheName of await this.#ownCaches()) {
      const wholeCache = routeCaches.has(parseCacheName(cacheName).routeCacheName);
      if (!wholeCache && patterns.length === 0) continue;
      const cache = await caches.open(cacheName);
      for (const request of await cache.keys()) {
        const url = new URL(request.url);
        if (!wholeCache && !(url.origin === origin && patterns.some((test) => test(url.pathname)))) continue;
        // Variant keys share their URL's path, so the patterns find them; a variant index is no entry.
        const response = await cache.match(request, { ignoreVary: true });
        if (!response || isInvalidated(response) || indexedFields(response)) continue;
        await cache.put(request, markInvalidated(response, now()));
      }
    }
  }

  /**
   * `response` becomes the cached representation of `url`, in every shared cache that holds it and
   * in the cache of the read route that takes it: reads-your-writes for a queued PUT, and a
   * write-through's confirmed representation.
   */
  async putRepresentation(url: string, response: Response): Promise<void> {
    const names = new Set(await this.#cachesHolding(url));
    const routeCache = this.#options.readCacheFor(url);
    if (routeCache) names.add(routeCache);
    const body = await response.arrayBuffer();
    for (const cacheName of names) {
      // A user partition may be encrypted; a plain copy must not land in it.
      if (parseCacheName(cacheName).partitionId !== undefined) continue;
      const copy = new Response(body.slice(0), { status: response.status, statusText: response.statusText, headers: response.headers });
      const cache = await caches.open(cacheName);
      // One representation replaces the URL's variants (and their index).
      for (const key of await keysOfUrl(cache, url)) await cache.delete(key, { ignoreVary: true });
      await cache.put(url, copy);
    }
  }

  /** Reads-your-writes for a DELETE: the URL (every variant of it) is gone from every cache. */
  async remove(url: string): Promise<void> {
    for (const cacheName of await this.#cachesHolding(url)) {
      const cache = await caches.open(cacheName);
      for (const key of await keysOfUrl(cache, url)) await cache.delete(key, { ignoreVary: true });
    }
  }

  /** A discarded write's pending representation goes: the server never saw that state. */
  async dropPending(url: string, entryId: string): Promise<void> {
    for (const cacheName of await this.#cachesHolding(url)) {
      const cache = await caches.open(cacheName);
            const entry = await cache.match(url);
      if (entry && pendingIdOf(entry) === entryId) await cache.delete(url);
    }
  }

  async #ownCaches(): Promise<string[]> {
    return (await caches.keys()).filter((name) => isOwnCacheName(this.#options.cachePrefix, name));
  }

  async #cachesHolding(url: string): Promise<string[]> {
    const holding: string[] = [];
    for (const cacheName of await this.#ownCaches()) {
      if (await (await caches.open(cacheName)).match(url)) holding.push(cacheName);
    }
    return holding;
  }
}

/**
 * What a write to `url` makes stale when the route names nothing: the URL itself and its collection
 * (the parent path: PUT /api/notes/3 → /api/notes).
 */
export function defaultStaleTargets(url: URL): StaleTarget[] {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  return parent === path ? [path] : [path, parent];
}

/**
 * RFC 9111 §4.4: a non-error response to an unsafe request invalidates the target URI and the
 * same-origin URIs in its Location and Content-Location headers.
 */
export function responseStaleTargets(target: URL, response: Response, origin: string): StaleTarget[] {
  const targets = [target.pathname];
  for (const header of ['Location', 'Content-Location']) {
    const value = response.headers.get(header);
    if (!value) continue;
    const url = URL.parse(value, target);
    if (url && url.origin === origin) targets.push(url.pathname);
  }
  return targets;
}
