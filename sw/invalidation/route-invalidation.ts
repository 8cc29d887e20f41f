import type { ResolvedReadRoute } from '../config/types.js';
import { invalidationStampsOf, type InvalidationStamps } from '../entries/stored-entry.js';
import { parseCacheName } from '../storage/cache-names.js';
import type { InvalidationMode } from './epochs.js';
import { SHARED_PARTITION, type Invalidation } from './invalidation.js';
import { parseStringList } from './structured-field.js';
import { patternParams, tagsFrom, unique } from './tags.js';

/** RFC 9875 §2: the groups a response belongs to. */
export const CACHE_GROUPS = 'Cache-Groups';

/**
 * What the freshness plugin asks about invalidation for one cache of one read route (a private
 * route has one per user partition). Everything but ready() is synchronous: a cache hit reads the
 * epochs from memory.
 */
export interface RouteInvalidation {
  /** Resolves once the epochs are in memory (one IndexedDB read per worker start, shared). */
  ready(): Promise<void>;
  /** The partition's sequence number now: stamped on an entry whose request starts now. */
  startSeq(): number;
  /** The strongest invalidation covering a stored entry, an older route version counting as `expire`. */
  coverage(entry: Response, url: string): InvalidationMode | undefined;
  /** The stamps of a response about to be stored: its tags (route name, templates, Cache-Groups), start seq and version. */
  stamps(context: { request: Request; response: Response; startSeq: number }): InvalidationStamps;
  /** A response was stored under `key`: its tags go into the index. */
  stored(key: string, url: string, entry: Response): void;
}

export function routeInvalidation(invalidation: Invalidation, route: ResolvedReadRoute, cacheName: string): RouteInvalidation {
  const partition = parseCacheName(cacheName).partitionId ?? SHARED_PARTITION;
  const version = route.effectiveVersion;
  const tagsOf = (request: Request, response: Response): string[] => {
    const url = new URL(request.url);
    const context = { url, params: patternParams(route.match, url.pathname), request, response };
    return unique([route.name, ...tagsFrom(route.tags, context, `routes[${route.index}].tags`), ...parseStringList(response.headers.get(CACHE_GROUPS))]);
  };
  return {
    ready: () => invalidation.ready(),
    startSeq: () => invalidation.epochsOf(partition).seq,
    coverage(entry, url) {
      const stamps = invalidationStampsOf(entry);
      const covered = invalidation.epochsOf(partition).coverage({ ...stamps, tags: [route.name, ...stamps.tags], url, route: route.name });
      if (covered !== undefined && covered !== 'stale') return covered;
      // An entry of an older version is never fresh, and only served where nothing newer can be had.
      return version !== undefined && stamps.version !== version ? 'expire' : covered;
    },
    stamps: ({ request, response, startSeq }) => ({ tags: tagsOf(request, response), startSeq, version }),
    stored(key, url, entry) {
      const { tags, startSeq, version: storedVersion } = invalidationStampsOf(entry);
      invalidation.record({ cacheName, key, partition, url, route: route.name, tags, startSeq, version: storedVersion });
    },
  };
}
