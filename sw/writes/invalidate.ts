import { now } from '../clock.js';
import { isInvalidated, markInvalidated, pendingIdOf, withStartSeq } from '../entries/stored-entry.js';
import { cachesHolding, markUrlsInvalidated, ownCaches } from '../entries/url-entries.js';
import type { Invalidation } from '../invalidation/invalidation.js';
import { parseStringList } from '../invalidation/structured-field.js';
import { indexedFields, keysOfUrl } from '../entries/variants.js';
import { compilePathPattern } from '../routes/match.js';
import { parseCacheName } from '../storage/cache-names.js';

/** For sw/writes/write-behind.ts, which imports it from here; its home is src/shared/headers.ts. */
export { PENDING_HEADER } from '../../src/shared/headers.js';

/**
 * What a write makes stale: a tag (a read route's name is one: every entry of the route) or a
 * same-origin path pattern (`/api/notes`, `/api/notes/:id`, `/api/notes/*`); exact URLs are path
 * patterns too.
 */
export type StaleTarget = string;

/** RFC 9875 §3: the groups an unsafe request's success invalidates. */
export const CACHE_GROUP_INVALIDATION = 'Cache-Group-Invalidation';

export interface CacheInvalidatorOptions {
  cachePrefix: string;
  origin: string;
  /** The cache of the read route that would take a GET of `url`, if any. */
  readCacheFor: (url: string) => string | undefined;
  /** Tags and exact URLs are invalidated by epochs (sw/invalidation/), whatever the number of entries. */
  invalidation: Invalidation;
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

  /**
   * Marks stale every cached entry that a target names: tags and exact paths by their epochs (mode
   * `stale`, source `write`), other path patterns by walking the caches. Given the server's answer,
   * its same-origin `Cache-Group-Invalidation` groups (RFC 9875 §3) are invalidated too, as `expire`
   * (source `server`): RFC 9111 §4.4 has an invalidated response need a mandatory validation.
   */
  async markStale(targets: readonly StaleTarget[], response?: Response): Promise<void> {
    const { origin, invalidation } = this.#options;
    const isPattern = (target: string): boolean => target.startsWith('/') && /(^|\/)[:*]/.test(target);
    const tags = targets.filter((target) => !target.startsWith('/'));
    const urls = targets.filter((target) => target.startsWith('/') && !isPattern(target)).map((path) => `${origin}${path.replace(/(.)\/$/, '$1')}`);
    if (tags.length > 0 || urls.length > 0) await invalidation.invalidate({ keys: { tags, urls }, mode: 'stale', source: 'write', partitions: 'current' });
    const groups = response && sameOrigin(response, origin) ? parseStringList(response.headers.get(CACHE_GROUP_INVALIDATION)) : [];
    if (groups.length > 0) await invalidation.invalidate({ keys: { tags: groups }, mode: 'expire', source: 'server', partitions: 'current' });
    // An exact URL's own entries are also marked (a lookup per cache, not a walk): the mark is on the
    // entry itself, so it holds even for an entry stored without invalidation stamps.
    await markUrlsInvalidated(this.#options.cachePrefix, urls);
    const patterns = targets.filter(isPattern).map(compilePathPattern);
    if (patterns.length === 0) return;
    for (const cacheName of await ownCaches(this.#options.cachePrefix)) {
      const cache = await caches.open(cacheName);
      for (const request of await cache.keys()) {
        const url = new URL(request.url);
        if (!(url.origin === origin && patterns.some((test) => test(url.pathname)))) continue;
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
    const names = new Set(await cachesHolding(this.#options.cachePrefix, url));
    const routeCache = this.#options.readCacheFor(url);
    if (routeCache) names.add(routeCache);
    const body = await response.arrayBuffer();
    // Stamped as a request starting now: invalidations already made do not cover it, later ones do.
    await this.#options.invalidation.ready();
    const startSeq = this.#options.invalidation.epochsOf('').seq;
    for (const cacheName of names) {
      // A user partition may be encrypted; a plain copy must not land in it.
      if (parseCacheName(cacheName).partitionId !== undefined) continue;
      const copy = withStartSeq(new Response(body.slice(0), { status: response.status, statusText: response.statusText, headers: response.headers }), startSeq);
      const cache = await caches.open(cacheName);
      // One representation replaces the URL's variants (and their index).
      for (const key of await keysOfUrl(cache, url)) await cache.delete(key, { ignoreVary: true });
      await cache.put(url, copy);
    }
  }

  /** Reads-your-writes for a DELETE: the URL (every variant of it) is gone from every cache. */
  async remove(url: string): Promise<void> {
    for (const cacheName of await cachesHolding(this.#options.cachePrefix, url)) {
      const cache = await caches.open(cacheName);
      for (const key of await keysOfUrl(cache, url)) await cache.delete(key, { ignoreVary: true });
    }
  }

  /** A discarded write's pending representation goes: the server never saw that state. */
  async dropPending(url: string, entryId: string): Promise<void> {
    for (const cacheName of await cachesHolding(this.#options.cachePrefix, url)) {
      const cache = await caches.open(cacheName);
      const entry = await cache.match(url);
      if (entry && pendingIdOf(entry) === entryId) await cache.delete(url);
    }
  }
}

/** A response from this origin (or one Stowage made up, which has no URL). */
function sameOrigin(response: Response, origin: string): boolean {
  return response.url === '' || URL.parse(response.url)?.origin === origin;
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
