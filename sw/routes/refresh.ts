import type { Strategy } from 'workbox-strategies';
import type { RefreshEntryResult, RefreshReport, RefreshTarget } from '../../src/shared/operations.js';
import type { EventMap } from '../../src/shared/protocol.js';
import { invalidationStampsOf } from '../entries/stored-entry.js';
import { indexedFields, requestOfKey, urlOfKey } from '../entries/variants.js';
import { tagMatches } from '../invalidation/tags.js';
import { cachedStateOf } from '../plugins/cache-state.js';
import { FAILURE_HEADER } from '../../src/shared/headers.js';
import type { UpdateLog } from '../update-log.js';
import type { BuiltReadRoute } from './read-route.js';

declare let self: ServiceWorkerGlobalScope;

/** Enough to keep a phone's connection busy without queueing dozens of requests behind each other. */
const DEFAULT_CONCURRENCY = 4;

export interface RefreshContext {
  routes: readonly BuiltReadRoute[];
  /** The partition served now (null: no user); private routes refresh only its entries. */
  partitionId: () => Promise<string | null>;
  /** Where the route's plugins announce changed representations; refresh() learns its outcomes there. */
  updates: UpdateLog;
  onProgress: (detail: EventMap['refresh-progress']) => void;
  concurrency?: number;
}

interface Job {
  route: BuiltReadRoute;
  strategy: Strategy;
  request: Request;
}

/**
 * Pull-to-refresh: revalidates the stored entries of the current user (and the shared ones) now,
 * whatever their freshness. Each entry's request goes through its route's own strategy with
 * `Cache-Control: no-cache`, which the freshness plugin treats as "validate before use" (RFC 9111
 * §5.2.1.4), so the route's plugins do everything a revalidation does on a normal fetch: decrypting,
 * the conditional request, the 304 merge, storing (freshness stamps, encryption, LRU) and the one
 * `updated` announcement. This file only picks the entries and classifies the outcomes.
 */
export async function refreshEntries(target: RefreshTarget, event: ExtendableEvent, context: RefreshContext): Promise<RefreshReport> {
  const jobs = await collectJobs(target, context);
  const entries: RefreshEntryResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const result = await revalidate(jobs[next++]!, event, context.updates);
      entries.push(result);
      context.onProgress({ done: entries.length, total: jobs.length, url: result.url, outcome: result.outcome });
    }
  };
  await Promise.all(Array.from({ length: Math.min(context.concurrency ?? DEFAULT_CONCURRENCY, jobs.length) }, worker));
  const count = (outcome: RefreshEntryResult['outcome']): number => entries.filter((entry) => entry.outcome === outcome).length;
  return { checked: entries.length, changed: count('changed'), unchanged: count('unchanged'), failed: count('failed'), entries };
}

async function collectJobs(target: RefreshTarget, context: RefreshContext): Promise<Job[]> {
  const { routes } = context;
  const partitionId = await context.partitionId();
  const urls = target.urls && new Set(target.urls.map((url) => new URL(url, self.location.origin).href));
  const untargeted = !target.routes && !target.tags && !target.urls;
  // `tags` select a whole route by its tag templates without placeholders (or its name), and
  // otherwise the entries carrying a matching tag (route templates, Cache-Groups).
  const wholeRoute = ({ config }: BuiltReadRoute): boolean =>
    !target.tags || target.tags.some((tag) => tag === config.name || (Array.isArray(config.tags) && config.tags.includes(tag)));
  const selected = routes.filter(({ config }) => {
    if (target.routes && !target.routes.includes(config.name)) return false;
    return !untargeted || (config.refreshable ?? (config.strategy === 'network-first' || config.strategy === 'stale-while-revalidate'));
  });
  const jobs: Job[] = [];
  for (const route of selected) {
    const storage = route.storageFor(partitionId);
    // caches.open() would create an empty cache for a route that never stored anything.
    if (!storage || !(await caches.has(storage.cacheName))) continue;
    const cache = await caches.open(storage.cacheName);
    const byEntry = !wholeRoute(route);
    for (const key of await cache.keys()) {
      if (urls && !urls.has(urlOfKey(key.url))) continue;
      const entry = byEntry || urlOfKey(key.url) === key.url ? await cache.match(key, { ignoreVary: true }) : undefined;
      // A URL's variant index is no entry: each variant is revalidated under its own key.
      if (urlOfKey(key.url) === key.url && indexedFields(entry)) continue;
      if (byEntry && !(entry && invalidationStampsOf(entry).tags.some((tag) => target.tags!.some((wanted) => tagMatches(wanted, tag))))) continue;
      jobs.push({ route, strategy: storage.strategy, request: requestOfKey(key) });
    }
  }
  return jobs;
}

async function revalidate({ route, strategy, request }: Job, event: ExtendableEvent, updates: UpdateLog): Promise<RefreshEntryResult> {
  const result = (outcome: RefreshEntryResult['outcome'], reason?: string): RefreshEntryResult => ({
    url: request.url,
    route: route.config.name,
    outcome,
    ...(reason === undefined ? {} : { reason }),
  });
  const networkFailure = (): RefreshEntryResult => result('failed', navigator.onLine ? 'network-error' : 'offline');
  if (!navigator.onLine) return networkFailure();
  let changed = false;
  const stop = updates.onRecord((update) => {
    if (update.url === request.url && update.route === route.config.name) changed = true;
  });
  try {
    const [responded, done] = strategy.handleAll({ event, request: revalidationRequest(request) });
    const response = await responded.catch(() => undefined);
    // The entry is stored (and any update announced) in the strategy's waitUntil work.
    await done;
    if (changed) return result('changed');
    if (!response) return networkFailure();
    const failure = response.headers.get(FAILURE_HEADER);
    if (failure !== null) return result('failed', failure);
    // Served from the cache although it had to be revalidated: the network did not answer (or answered
    // a 5xx that `stale-if-error` turned into a failure).
    if (cachedStateOf(response) !== undefined) return networkFailure();
    if (response.status !== 200) return result('failed', `status-${response.status}`);
    return result('unchanged');
  } catch {
    // The response came, but storing it failed (a quota error, surfaced in the worker's console).
    return result('failed', 'store-failed');
  } finally {
    stop();
  }
}

/**
 * The stored request, asking to be revalidated before use (the freshness plugin honours this).
 * Cache Storage hands its keys back in `no-cors` mode, where every header but the CORS-safelisted
 * ones is silently dropped (Fetch §5.3), `Cache-Control` and the plugins' `If-None-Match` included;
 * `cors` keeps them (opaque responses are never stored, so a cross-origin entry came from CORS).
 */
export function revalidationRequest(stored: Request): Request {
  const headers = new Headers(stored.headers);
  headers.set('Cache-Control', 'no-cache');
  return new Request(stored.url, { headers, mode: 'cors', credentials: 'same-origin' });
}
