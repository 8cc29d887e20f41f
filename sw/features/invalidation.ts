import { StowageError } from '../../src/shared/errors.js';
import { FeedRelay } from '../invalidation/feed-relay.js';
import { Invalidation } from '../invalidation/invalidation.js';
import { routeInvalidation } from '../invalidation/route-invalidation.js';
import { activateVersions } from '../invalidation/versions.js';
import { invalidationModes } from '../invalidation/epochs.js';
import type { InvalidationFeature, Invalidations } from './feature.js';

declare let self: ServiceWorkerGlobalScope;

/**
 * `features: [withInvalidation]`: entries carry tags and the sequence number their request started
 * at; invalidate() (and write routes, the server's Cache-Group-Invalidation and its feed) covers
 * them by epochs; versioned routes. A worker without it keeps its entries until they age out, and
 * ships neither the tag index nor the feed.
 */
export const withInvalidation: InvalidationFeature = { kind: 'invalidation', create: createInvalidations };

function createInvalidations({ currentPartition }: { currentPartition: () => Promise<string | null> }): Invalidations {
  const service = new Invalidation({ currentPartition });
  const feed = new FeedRelay(service);
  return {
    service,
    forRoute: (route, cacheName) => routeInvalidation(service, route, cacheName),
    activate: (routes) => activateVersions(routes),
    forgetCache: (cacheName) => service.forgetCache(cacheName),
    handlers: {
      invalidate: ({ target, mode = 'stale' }, event) => {
        if (!(invalidationModes as readonly string[]).includes(mode)) {
          throw new StowageError('invalid-config', `invalidate(): mode must be one of ${invalidationModes.join(', ')}`, { details: { path: 'mode' } });
        }
        const keys = target === '*' ? { all: true } : pageTarget(target);
        return service.invalidate({ keys, mode, source: 'page', partitions: 'current', event });
      },
      'feed-event': (params, event) => feed.apply(params, event),
      'feed-cursor': () => feed.cursor(),
    },
  };
}

/** The page's target with its URLs made absolute (a fragment never names another entry). */
function pageTarget(target: unknown): { tags?: string[]; urls?: string[]; routes?: string[] } {
  if (typeof target !== 'object' || target === null) {
    throw new StowageError('invalid-config', "invalidate(): the target must be { tags?, urls?, routes? } or '*'", { details: { path: 'target' } });
  }
  const { tags, urls, routes } = target as Record<string, unknown>;
  const strings = (value: unknown, field: string): string[] | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
      throw new StowageError('invalid-config', `invalidate(): ${field} must be an array of non-empty strings`, { details: { path: `target.${field}` } });
    }
    return value as string[];
  };
  const absolute = strings(urls, 'urls')?.map((url) => new URL(url, self.location.origin).href.split('#')[0]!);
  return { ...(strings(tags, 'tags') ? { tags: tags as string[] } : {}), ...(absolute ? { urls: absolute } : {}), ...(strings(routes, 'routes') ? { routes: routes as string[] } : {}) };
}
