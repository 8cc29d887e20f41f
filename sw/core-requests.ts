import { PROTOCOL_VERSION, type EventMap } from '../src/shared/protocol.js';
import type { Router } from 'workbox-routing';
import { connectivity } from './worker-connectivity.js';
import { broadcast, type RequestHandlers } from './messages.js';
import { notices } from './notices.js';
import type { Expiration, Invalidations, Writes } from './features/feature.js';
import type { Precache } from './precache/precache.js';
import { warm } from './precache/warm.js';
import { storageUsage } from './quota/usage.js';
import type { BuiltReadRoute } from './routes/read-route.js';
import { routeFirstVisit } from './routes/first-visit.js';
import { refreshEntries } from './routes/refresh.js';
import type { Stats } from './stats.js';
import type { UpdateLog } from './update-log.js';

declare let self: ServiceWorkerGlobalScope;

export interface CoreRequestContext {
  router: Router;
  routes: readonly BuiltReadRoute[];
  stats: Stats;
  updates: UpdateLog;
  /** The current user's partition, once an interrupted logout is complete (null: none, or no users feature). */
  partitionId: () => Promise<string | null>;
  expiration: Expiration | undefined;
  invalidation: Invalidations | undefined;
  writes: Writes | undefined;
  precache: Precache | undefined;
  announceWarming: (detail: EventMap['warm-progress']) => void;
}

export type CoreRequestType = 'ping' | 'claim' | 'stats' | 'warm-first-visit' | 'warm' | 'updates' | 'notices-since' | 'refresh' | 'connectivity';

/** The page's requests every worker answers, whatever its features: the read side's page API. */
export function coreRequestHandlers(context: CoreRequestContext): Pick<RequestHandlers, CoreRequestType> {
  const { router, routes, stats, updates, partitionId, expiration, invalidation, writes, precache, announceWarming } = context;
  return {
    ping: () => ({ version: PROTOCOL_VERSION }),
    claim: async () => {
      await self.clients.claim();
      return null;
    },
    stats: async () => {
      const outboxBytes = writes && (() => writes.outbox.bytes());
      const usage = await storageUsage({ routes, bytesByCache: expiration?.bytesByCache, outboxBytes });
      return {
        ...stats.snapshot(usage.storedBytes),
        outboxBytes: usage.outboxBytes,
        estimate: usage.estimate,
        ...(invalidation ? { unknownTagInvalidations: invalidation.service.unknownTagInvalidations } : {}),
      };
    },
    'warm-first-visit': ({ urls, document }, event) => routeFirstVisit(router, event, { urls, document }),
    warm: ({ target, concurrency }, event) => warm(target, event, { routes, partitionId, onProgress: announceWarming, knownUrls: precache?.urls }, concurrency),
    updates: ({ sinceMs }) => updates.since(sinceMs),
    'notices-since': ({ epoch, after }) => notices.since(epoch, after),
    connectivity: () => connectivity.current(),
    refresh: (target, event) => {
      const onProgress = (detail: EventMap['refresh-progress']): void => void broadcast('refresh-progress', detail);
      return refreshEntries(target, event, { routes, partitionId, updates, onProgress });
    },
  };
}
