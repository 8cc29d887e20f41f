import type { WorkboxPlugin } from 'workbox-core/types.js';
import { now as clockNow, wallNow } from '../clock.js';
import type { StrategyName } from '../config/types.js';
import {
  forPage,
  isInvalidated,
  markServedStale,
  noteForward,
  policyOf,
  stampStored,
  storedAtOf,
  withStartSeq,
  startSeqOf,
} from '../entries/stored-entry.js';
import type { ForwardReason } from '../../src/shared/cache-status.js';
import type { InvalidationMode } from '../../src/shared/invalidation.js';
import type { RouteInvalidation } from '../invalidation/route-invalidation.js';
import { notices } from '../notices.js';
import { differs } from '../http/differs.js';
import { shouldRefreshEarly } from '../http/early-refresh.js';
import { RefreshAhead, type RefreshAheadRule } from '../http/refresh-ahead.js';
import { currentAgeMs, policyOnArrival, type StoredPolicy } from '../http/policy.js';
import { isStorable } from '../http/storability.js';
import { judgeEntry, requestDemandsValidation } from '../http/verdict.js';
import { markCached } from './cache-state.js';
import { failureResponse } from './failure-response.js';
import { stateOf, type FreshnessState, type Verdict } from './freshness-state.js';
import { revalidationHooks, type HttpRulesOptions } from './revalidation.js';

export interface FreshnessOptions {
  strategy: StrategyName;
  maxAgeMs?: number;
  /** HTTP caching rules (RFC 9111) on top of maxAgeMs; false keeps plain Workbox behaviour, where only maxAgeMs decides. */
  http?: HttpRulesOptions | false;
  /** A revalidation stored a representation that differs from the cached one. */
  onUpdated?: (url: string) => void;
  /** Hot entries are refreshed in the background before they expire (sw/http/refresh-ahead.ts). */
  refreshAhead?: RefreshAheadRule | undefined;
  /** Tags, epochs and versions (sw/invalidation/): entries an invalidation covers are never fresh. */
  invalidation?: RouteInvalidation | undefined;
  now?: () => number;
}


/**
 * Freshness and revalidation of a route's entries: the one owner of both decisions.
 * - On lookup it decides whether a cached entry may be served as fresh, and what a strategy may do
 *   with a stale one: network-first and cache-only only read the cache as a fallback, so a stale entry
 *   is served (except under `must-revalidate`: then a 504 with code `must-revalidate`);
 *   stale-while-revalidate serves it and refreshes in the background unless HTTP says it must be
 *   validated first; cache-first treats it as a miss (unless inside `stale-while-revalidate=N`), goes
 *   to the network, and falls back to it if the network fails.
 * - With HTTP rules, on the network side: conditional requests, 304s merged into the entry and
 *   `stale-if-error` (sw/plugins/revalidation.ts, sharing this plugin's typed state).
 * - On store: storability, and the entry's stamps (sw/entries/).
 * Without HTTP rules and without maxAgeMs, cache-first and cache-only entries stay fresh, and
 * stale-while-revalidate refreshes on every use, as in Workbox.
 */
export function freshnessPlugin({ strategy, maxAgeMs, http = false, onUpdated, refreshAhead, invalidation, now = clockNow }: FreshnessOptions): WorkboxPlugin {
  const ahead = refreshAhead && new RefreshAhead(refreshAhead);
  const judge = (entry: Response, request: Request): Verdict => {
    const coverage = invalidation?.coverage(entry, request.url);
    // `expire`: nothing is served before the revalidation while the network answers.
    return coverage === 'expire' ? { ...judgeBy(entry, request, true), validateBeforeUse: true, staleWhileRevalidate: false, coverage } : { ...judgeBy(entry, request, coverage !== undefined), coverage };
  };
  const judgeBy = (entry: Response, request: Request, covered: boolean): Omit<Verdict, 'coverage'> => {
    const invalidated = covered || isInvalidated(entry);
    const nowMs = now();
    const storedAgeMs = nowMs - storedAtOf(entry);
    const policy = http ? policyOf(entry) : undefined;
    if (policy) {
      const verdict = judgeEntry({ status: entry.status, headers: entry.headers, policy }, request, { nowMs, maxAgeMs, storedAgeMs, invalidated });
      const refreshEarly =
        http !== false &&
        http.earlyRefresh === true &&
        verdict.fresh &&
        shouldRefreshEarly({ ageMs: verdict.ageMs, lifetimeMs: verdict.lifetimeMs, fetchMs: policy.responseAt - policy.requestAt, ...(http.random ? { random: http.random } : {}) });
      return { ...verdict, refreshEarly };
    }
    // Plain Workbox rules (and entries stored without a policy): only maxAgeMs decides, except that a
    // request that forbids an unvalidated answer (refresh() sends `no-cache`; fetch(url, { cache:
    // 'no-cache' }) says the same) always revalidates.
    const lifetimeMs = maxAgeMs ?? (strategy === 'stale-while-revalidate' ? 0 : Infinity);
    const validateBeforeUse = requestDemandsValidation(request);
    const fresh =
      !invalidated && !validateBeforeUse && (maxAgeMs === undefined ? strategy !== 'stale-while-revalidate' : storedAgeMs < maxAgeMs);
    const none = { staleWhileRevalidate: false, mustRevalidate: false, staleIfError: false, refreshEarly: false };
    return { fresh, lifetimeMs, ageMs: storedAgeMs, validateBeforeUse, ...none };
  };
  /** The entry as the page gets it: with its current Age when it has a policy, marked when an invalidation covers it. */
  const served = (entry: Response, coverage: InvalidationMode | undefined): Response => {
    const policy = http ? policyOf(entry) : undefined;
    const page = forPage(entry, policy && currentAgeMs(policy, now()));
    return coverage === 'stale' || coverage === 'expire' ? markServedStale(page, coverage) : page;
  };
  /** Whether a response arriving for the request is stored (the same rule for the note and the store). */
  const storable = (request: Request, response: Response): boolean =>
    http
      ? isStorable(request, response, http)
      : // Only complete 200s without HTTP rules, as in Workbox: an opaque response hides its headers.
        response.status === 200 && response.type !== 'opaque';
  /** How long what arrived is fresh for, in ms, as if it were stored now. */
  const ttlOnArrival = (request: Request, response: Response, policy: StoredPolicy | undefined): number => {
    if (!http || !policy) return (maxAgeMs ?? (strategy === 'stale-while-revalidate' ? 0 : Infinity));
    const verdict = judgeEntry({ status: response.status, headers: response.headers, policy }, request, { nowMs: now(), maxAgeMs, storedAgeMs: 0 });
    return verdict.lifetimeMs - verdict.ageMs;
  };
  /** Why this request went to the network (RFC 9211 `fwd`). */
  const forwardReason = (request: Request, state: FreshnessState | undefined): ForwardReason => {
    if (strategy === 'network-only') return 'bypass';
    const entry = state?.entry;
    if (!entry) return !http && strategy === 'network-first' ? 'miss' : 'uri-miss';
    return judge(entry, request).fresh || requestDemandsValidation(request) ? 'request' : 'stale';
  };
  const arrived = (state: FreshnessState, headers: Headers): void => {
    state.policy = policyOnArrival(headers, { requestAt: state.requestAt ?? now(), responseAt: now(), wallResponseAt: wallNow() });
  };

  const network = http ? revalidationHooks({ http, invalidation, judge, arrived, now }) : {};

  return {
    ...network,
    // Storing tags in the index, and the in-flight guard (sw/invalidation/route-invalidation.ts).
    ...invalidation?.hooks,

    async requestWillFetch(param) {
      const state = stateOf(param.state);
      // Noted before anything else: an invalidation from now on covers what this request brings.
      if (state && invalidation) state.startSeq = invalidation.startSeq();
      return network.requestWillFetch ? network.requestWillFetch(param) : param.request;
    },

    async handlerWillStart(param) {
      const state = stateOf(param.state);
      if (state) state.original = param.request;
      await invalidation?.hooks.handlerWillStart?.(param);
    },

    // The response carries the sequence number its request started at, so a request sharing it can
    // tell (invalidation.hooks); it is stored with it and stripped before the page sees it. It also
    // carries how it was obtained, for its Cache-Status member (sw/plugins/cache-status.ts), through
    // the clones the requests sharing it get; a new representation is a notice for the pages'
    // memories (sw/notices.ts).
    async fetchDidSucceed(param) {
      const response = network.fetchDidSucceed ? await network.fetchDidSucceed(param) : param.response;
      const state = stateOf(param.state);
      const startSeq = state?.startSeq;
      const carried = invalidation && startSeq !== undefined ? withStartSeq(response, startSeq) : response;
      const request = state?.original ?? param.request;
      const stored = strategy !== 'network-only' && storable(request, response);
      const fwdStatus = state?.notModified === true ? 304 : response.status;
      // The same ETag is the same representation: the pages' copies stay right.
      const same = fwdStatus === 304 || (state?.entry !== undefined && response.headers.has('ETag') && state.entry.headers.get('ETag') === response.headers.get('ETag'));
      const notice = stored && !same ? notices.announce({ urls: [request.url] }) : undefined;
      const ttlMs = stored ? ttlOnArrival(request, response, state?.policy) : Number.NaN;
      return noteForward(carried, { fwd: forwardReason(request, state), fwdStatus, stored, ttlMs, notice });
    },

    async fetchDidFail({ state: bag }) {
      const state = stateOf(bag);
      if (state) state.failed ??= {};
    },

    async cacheWillUpdate({ request, response, state: bag }) {
      const state = stateOf(bag);
      if (!storable(request, response)) return null;
      const stamped = stampStored(response, {
        storedAt: now(),
        policy: http ? (state?.policy ?? policyOnArrival(response.headers, { requestAt: now(), responseAt: now(), wallResponseAt: wallNow() })) : undefined,
        // A request whose start went unnoted counts as started before every invalidation.
        invalidation: invalidation?.stamps({ request, response, startSeq: state?.startSeq ?? startSeqOf(response) ?? 0 }),
      });
      // Announced before the write completes: a page that refetches at once shares this response
      // (see InFlight), so it cannot read the old entry. A 304 merged into the entry changed nothing.
      const old = state?.entry;
      if (onUpdated && old && state?.notModified !== true && (await differs(old, stamped))) onUpdated(request.url);
      return stamped;
    },

    async cachedResponseWillBeUsed({ request, cachedResponse, state: bag }) {
      const state = stateOf(bag);
      // Tells the network side not to look the entry up again.
      if (state) state.lookedUp = true;
      if (!cachedResponse) return null;
      await invalidation?.ready();
      const verdict = judge(cachedResponse, request);
      // Purged: the bytes are on their way out and must never be served, even offline.
      if (verdict.coverage === 'purge') return null;
      const serve = (cached: 'fresh' | 'stale', refresh = false): Response => {
        if (refresh && state) state.entry = cachedResponse.clone();
        // network-first reads the cache here only once the network failed or timed out.
        const detail = strategy !== 'network-first' ? undefined : state?.failed ? 'offline' : 'timeout';
        return markCached(served(cachedResponse, verdict.coverage), cached, { refresh, ttlMs: verdict.lifetimeMs - verdict.ageMs, detail });
      };
      // network-first and cache-only only read the cache when they cannot ask the network.
      if (strategy === 'network-first' || strategy === 'cache-only') {
        if (!verdict.fresh && verdict.mustRevalidate) {
          if (state) state.mustRevalidate = true;
          return null;
        }
        return serve('stale');
      }
      if (verdict.fresh) {
        // Every fresh use counts towards refresh-ahead's heat, whatever else asks for a refresh.
        const hot = ahead?.use(request.url, now(), verdict.lifetimeMs - verdict.ageMs) === true;
        return serve('fresh', verdict.refreshEarly || hot);
      }
      const servableStale = verdict.staleWhileRevalidate || (strategy === 'stale-while-revalidate' && !verdict.validateBeforeUse);
      if (servableStale) return serve('stale', true);
      if (state) {
        state.entry = cachedResponse;
        state.mustRevalidate = verdict.mustRevalidate;
      }
      return null;
    },

    // The network failed while a stale entry waited: the stale entry beats an error, unless the
    // server said it must never be served stale.
    async handlerDidError({ request, state: bag }) {
      const state = stateOf(bag);
      if (state?.mustRevalidate === true) return request.mode === 'navigate' ? undefined : failureResponse('must-revalidate', request.url);
      const entry = state?.entry;
      if (!entry || entry.bodyUsed) return undefined;
      const coverage = invalidation?.coverage(entry, request.url);
      if (coverage === 'purge') return undefined;
      const status = state?.failed?.status;
      return markCached(served(entry, coverage), 'stale', status === undefined ? { detail: 'offline' } : { detail: 'stale-if-error', fwdStatus: status });
    },
  };
}
