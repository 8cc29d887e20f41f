import type { StowageConfig } from '../config/types.js';
import { validateWrites } from '../config/validate-writes.js';
import type { RequestHandlers } from '../messages.js';
import { createWorkerOutbox } from '../outbox/create-outbox.js';
import type { Outbox } from '../outbox/outbox.js';
import { outboxRequestHandlers, type OutboxRequestType } from '../outbox/request-handlers.js';
import type { OutboxSealing } from '../outbox/sealing.js';
import type { Invalidation } from '../invalidation/invalidation.js';
import type { MakeRoom } from '../quota/make-room.js';
import { broadcast } from '../messages.js';
import { CacheInvalidator } from './invalidate.js';
import { outboxInvalidation } from './outbox-invalidation.js';
import { buildWriteRouter, type WriteHandler } from './write-routes.js';

/** The read routes as the write side sees them: which cache a GET of a URL would land in. */
export interface ReadRouteCache {
  cacheName: string;
  config: { private?: boolean | undefined };
  matches: (options: { url: URL; request: Request }) => boolean;
}

export interface WritesDeps {
  origin: string;
  cachePrefix: string;
  readRoutes: readonly ReadRouteCache[];
  sealing: OutboxSealing;
  /** Writes invalidate by tags and URLs through it (sw/invalidation/). */
  invalidation: Invalidation;
  makeRoom: MakeRoom | undefined;
}

export interface Writes {
  outbox: Outbox;
  /** The handler of an unsafe request a write route takes; undefined for every other request. */
  route: (request: Request) => WriteHandler | undefined;
  /** Every response a read route gave: one from the server is a replay trigger. */
  noteResponse: (response: Response) => void;
  /** Marks stale what an unsafe request no write route took changed (tags, epochs and entries; sw/routes/unsafe-pass-through.ts). */
  markStale: (paths: string[], response: Response) => Promise<void>;
  /** The outbox's requests of the page protocol. */
  handlers: Pick<RequestHandlers, OutboxRequestType>;
}

/**
 * The write half of the worker: write routes, the outbox and its replay triggers. The outbox exists
 * even with no write routes, so that entries an earlier version of the app queued are still
 * delivered. Call during the worker script's first evaluation (the triggers add listeners).
 */
export function createWrites(config: StowageConfig, { origin, cachePrefix, readRoutes, sealing, invalidation, makeRoom }: WritesDeps): Writes {
  const { writes, maxBodyBytes, beforeReplay } = validateWrites(config);
  // Private routes keep no shared copy a write could refresh or mark stale.
  const sharedReadRoutes = readRoutes.filter((route) => !route.config.private);
  const invalidator = new CacheInvalidator({
    cachePrefix,
    origin,
    readCacheFor: (url) => sharedReadRoutes.find(({ matches }) => matches({ url: new URL(url), request: new Request(url) }))?.cacheName,
    invalidation,
  });
  const { outbox, triggers } = createWorkerOutbox({ routes: writes, beforeReplay, sealing, hooks: outboxInvalidation(writes, invalidator, origin) });
  const route = buildWriteRouter(writes, {
    origin,
    maxBodyBytes,
    invalidator,
    outbox,
    makeRoom,
    onQuotaGaveUp: (url) => void broadcast('quota', { url, kind: 'write' }),
    onNetworkSuccess: () => triggers.networkSucceeded(),
  });
  return {
    outbox,
    route,
    noteResponse: (response) => triggers.noteResponse(response),
    markStale: (paths, response) => invalidator.markStale(paths, response),
    handlers: outboxRequestHandlers(outbox, triggers),
  };
}
