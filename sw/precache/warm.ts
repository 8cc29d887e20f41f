import { StrategyHandler, type Strategy } from 'workbox-strategies';
import type { WarmFailure, WarmReport, WarmTarget } from '../../src/shared/operations.js';
import type { EventMap } from '../../src/shared/protocol.js';
import { isStowageError } from '../../src/shared/errors.js';
import { FAILURE_HEADER } from '../../src/shared/headers.js';
import { urlOfKey } from '../entries/variants.js';
import { cachedStateOf } from '../plugins/cache-state.js';
import { leaveUncounted } from '../plugins/metrics.js';
import type { BuiltReadRoute } from '../routes/read-route.js';
import { revalidationRequest } from '../routes/refresh.js';
import { runPool } from './pool.js';

declare let self: ServiceWorkerGlobalScope;

/** Enough to keep a phone's connection busy without queueing dozens of requests behind each other. */
const DEFAULT_CONCURRENCY = 4;

export interface WarmContext {
  routes: readonly BuiltReadRoute[];
  /** The partition served now (null: no user); a private route warms only its entries. */
  partitionId: () => Promise<string | null>;
  /** URLs a route is known to serve beyond its stored entries (the precache manifest's). */
  knownUrls?: () => readonly string[];
  onProgress: (detail: EventMap['warm-progress']) => void;
}

export type WarmOutcome = { outcome: 'stored'; bytes: number } | { outcome: 'fresh' } | { outcome: 'failed'; reason: string };

/**
 * warm(): fetches and stores URLs through their own routes before they are needed, so HTTP rules,
 * partitions, encryption and the LRU apply exactly as on a page's fetch. An entry the route would
 * serve as fresh is skipped; anything else goes through the route's strategy as a revalidation (a
 * stored entry's validators are sent, a 304 refreshes it). Warming is no use of an entry: its
 * requests are not counted in stats(). One URL failing does not stop the others.
 */
export async function warm(target: WarmTarget, event: ExtendableEvent, context: WarmContext, concurrency = DEFAULT_CONCURRENCY): Promise<WarmReport> {
  const urls = await targetUrls(target, context);
  const partitionId = await context.partitionId();
  return warmEach(urls, (url) => warmOne(url, event, context.routes, partitionId), context.onProgress, concurrency);
}

/**
 * The machinery every warming shares (warm() and the precache manifest's warm part): a few URLs at a
 * time, each failure recorded and the rest carried on, progress after each, everything `offline`
 * when the browser is.
 */
export async function warmEach(
  urls: readonly string[],
  work: (url: string) => Promise<WarmOutcome>,
  onProgress: (detail: EventMap['warm-progress']) => void,
  concurrency = DEFAULT_CONCURRENCY,
): Promise<WarmReport> {
  const report: WarmReport = { stored: 0, fresh: 0, failed: 0, failures: [] };
  let bytes = 0;
  let done = 0;
  await runPool(urls, Math.max(1, Math.floor(concurrency)), async (url) => {
    const result = navigator.onLine ? await work(url).catch(failure) : failed('offline');
    if (result.outcome === 'failed') report.failures.push({ url, reason: result.reason } satisfies WarmFailure);
    else if (result.outcome === 'stored') bytes += result.bytes;
    report[result.outcome] += 1;
    done += 1;
    onProgress({ done, total: urls.length, failed: report.failed, bytes });
  });
  return report;
}

const failed = (reason: string): WarmOutcome => ({ outcome: 'failed', reason });

/** A URL whose work threw: its StowageError's code, else the store failed (a quota error, surfaced in the worker's console). */
function failure(error: unknown): WarmOutcome {
  if (!navigator.onLine) return failed('offline');
  if (isStowageError(error)) return failed(error.code);
  console.warn(error);
  return failed('store-failed');
}

/** The target's URLs, absolute and each once: the listed ones, then those known for the routes named or tagged. */
async function targetUrls(target: WarmTarget, context: WarmContext): Promise<string[]> {
  const urls = new Set((target.urls ?? []).map((url) => new URL(url, self.location.origin).href));
  const selected = context.routes.filter(
    ({ config }) => target.routes?.includes(config.name) === true || target.tags?.some((tag) => Array.isArray(config.tags) && config.tags.includes(tag)) === true,
  );
  if (selected.length === 0) return [...urls];
  const partitionId = await context.partitionId();
  for (const route of selected) {
    for (const url of context.knownUrls?.() ?? []) if (routeOf([route], url)) urls.add(url);
    const storage = route.storageFor(partitionId);
    // caches.open() would create an empty cache for a route that never stored anything.
    if (!storage || !(await caches.has(storage.cacheName))) continue;
    // Variant keys name their URL; the URL is warmed as the page would ask for it.
    for (const key of await (await caches.open(storage.cacheName)).keys()) urls.add(urlOfKey(key.url));
  }
  return [...urls];
}

/** The route the router would pick for a plain GET of the URL: the first that matches. */
function routeOf(routes: readonly BuiltReadRoute[], url: string): BuiltReadRoute | undefined {
  const request = new Request(url);
  return routes.find(({ matches }) => matches({ url: new URL(url), request }));
}

async function warmOne(url: string, event: ExtendableEvent, routes: readonly BuiltReadRoute[], partitionId: string | null): Promise<WarmOutcome> {
  const route = routeOf(routes, url);
  if (!route) return failed('no-route');
  const { strategy: name } = route.config;
  if (name === 'network-only') return failed('not-cached');
  if (name === 'cache-only') return failed('cache-only');
  const storage = route.storageFor(partitionId);
  if (!storage) return failed('no-user');
  // network-first has no "fresh": it asks the network on every use, so warming revalidates it.
  if (name !== 'network-first' && (await isFresh(storage.strategy, url, event))) return { outcome: 'fresh' };

  const [responded, done] = storage.strategy.handleAll({ event, request: leaveUncounted(revalidationRequest(new Request(url))) });
  const response = await responded.catch(() => undefined);
  // The entry is stored in the strategy's waitUntil work.
  await done;
  const networkFailure = failed(navigator.onLine ? 'network-error' : 'offline');
  if (!response) return networkFailure;
  const failure = response.headers.get(FAILURE_HEADER);
  if (failure !== null) return failed(failure);
  // Served from the cache although it had to be revalidated: the network did not answer.
  if (cachedStateOf(response) !== undefined) return networkFailure;
  if (!response.ok) return failed(`status-${response.status}`);
  const bytes = (await response.arrayBuffer()).byteLength;
  return (await isStored(storage.cacheName, url)) ? { outcome: 'stored', bytes } : failed('not-stored');
}

/** Whether the route would serve its entry for the URL as fresh: its own plugins judge (variants, decryption, HTTP rules). */
async function isFresh(strategy: Strategy, url: string, event: ExtendableEvent): Promise<boolean> {
  const request = leaveUncounted(new Request(url));
  const handler = new StrategyHandler(strategy, { event, request });
  try {
    const cached = await handler.cacheMatch(request);
    const fresh = cached !== undefined && cachedStateOf(cached) === 'fresh';
    // An unread body would keep its disk entry alive if it is evicted meanwhile.
    await cached?.body?.cancel();
    return fresh;
  } finally {
    await handler.doneWaiting();
    handler.destroy();
  }
}

async function isStored(cacheName: string, url: string): Promise<boolean> {
  const entry = await caches.match(url, { cacheName, ignoreVary: true });
  // An unread body would keep its disk entry alive if it were evicted meanwhile.
  await entry?.body?.cancel();
  return entry !== undefined;
}
