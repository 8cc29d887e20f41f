import type { WorkboxPlugin } from 'workbox-core/types.js';
import { now } from '../clock.js';
import type { ResolvedReadRoute } from '../config/types.js';
import { invalidationStampsOf, stampStored, startSeqOf, withStartSeq, type InvalidationStamps } from '../entries/stored-entry.js';
import { parseCacheName } from '../storage/cache-names.js';
import type { InvalidationMode } from '../../src/shared/invalidation.js';
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
  /**
   * Hooks the freshness plugin runs with its own: each stored entry's tags go into the index, and
   * the in-flight guard (below) runs before a network answer is handed out.
   */
  hooks: WorkboxPlugin;
}

/** Workbox's per-plugin state: these hooks run as part of the freshness plugin, so they keep their key apart. */
type HookState = { invalidationHandlerSeq?: number } | undefined;

export function routeInvalidation(invalidation: Invalidation, route: ResolvedReadRoute, cacheName: string): RouteInvalidation {
  const partition = parseCacheName(cacheName).partitionId ?? SHARED_PARTITION;
  const version = route.effectiveVersion;
  const tagsOf = (request: Request, response: Response): string[] => {
    const url = new URL(request.url);
    const context = { url, params: patternParams(route.match, url.pathname), request, response };
    return unique([route.name, ...tagsFrom(route.tags, context, `routes[${route.index}].tags`), ...parseStringList(response.headers.get(CACHE_GROUPS))]);
  };
  const coverage = (entry: Response, url: string): InvalidationMode | undefined => {
    // Epochs that could not be read may hold an invalidation of this entry: the server decides.
    if (!invalidation.isReady) return 'expire';
    const stamps = invalidationStampsOf(entry);
    const covered = invalidation.epochsOf(partition).coverage({ ...stamps, tags: [route.name, ...stamps.tags], url, route: route.name });
    if (covered !== undefined && covered !== 'stale') return covered;
    // An entry of an older version is never fresh, and only served where nothing newer can be had.
    return version !== undefined && stamps.version !== version ? 'expire' : covered;
  };
  return {
    ready: () => invalidation.ready(),
    startSeq: () => invalidation.epochsOf(partition).seq,
    coverage,
    stamps: ({ request, response, startSeq }) => ({ tags: tagsOf(request, response), startSeq, version }),
    hooks: {
      async handlerWillStart({ state }) {
        await invalidation.ready();
        if (state) (state as HookState & object).invalidationHandlerSeq = invalidation.epochsOf(partition).seq;
      },
      async cacheDidUpdate({ request, newResponse }) {
        const { tags, startSeq, version: storedVersion } = invalidationStampsOf(newResponse);
        invalidation.record({ cacheName, key: request.url, partition, url: request.url, route: route.name, tags, startSeq, version: storedVersion });
      },
      async handlerWillRespond({ request, response, state }) {
        const startSeq = startSeqOf(response);
        if (startSeq === undefined) return response;
        const page = withStartSeq(response, undefined);
        const handlerSeq = (state as HookState)?.invalidationHandlerSeq;
        // reduxjs/redux-toolkit 2444: the answer to a request that began before an invalidation
        // covering it, shared with this request that came after it (stampede protection), is not
        // served as current: this request asks again.
        if (handlerSeq === undefined || startSeq >= handlerSeq) return page;
        const stored = stampStored(page.clone(), { storedAt: now(), invalidation: { tags: tagsOf(request, page), startSeq, version } });
        if (coverage(stored, request.url) === undefined) return page;
        // Past the browser's HTTP cache too, which could hold a copy older still (bypass-http-cache.ts).
        return fetch(new Request(request, { cache: 'no-store' }));
      },
    },
  };
}
