import { deltaSeconds, hasNoCache, parseCacheControl } from './cache-control.js';
import { currentAgeMs, freshnessLifetimeMs, type StoredPolicy } from './policy.js';

/** What the HTTP rules allow a strategy to do with one cached entry for one request. */
export interface EntryVerdict {
  /** May be served without asking the network. */
  fresh: boolean;
  /** Stale, but `stale-while-revalidate=N` lets it be served at once while a background revalidation runs. */
  staleWhileRevalidate: boolean;
  /** Stale, and must be validated before use while the network answers (`no-cache`, `must-revalidate`, or a request's `no-cache`/`max-age`). */
  validateBeforeUse: boolean;
  /** Stale, and must never be served, even offline (`must-revalidate`). */
  mustRevalidate: boolean;
  /** Stale, and `stale-if-error=N` lets it answer when the server replies 500, 502, 503 or 504. */
  staleIfError: boolean;
  /** How long the entry is fresh for, from its Date, in ms (after the route's maxAgeMs cap). */
  lifetimeMs: number;
  /** The entry's current age (RFC 9111 §4.2.3), in ms. */
  ageMs: number;
}

/** A stored response as the rules see it: its status, the server's headers, and its policy. */
export interface JudgedEntry {
  status: number;
  headers: Headers;
  policy: StoredPolicy;
}

export interface VerdictOptions {
  /** The worker's time now, in ms. */
  nowMs: number;
  /**
   * The route's maxAgeMs: caps the server's freshness lifetime, or supplies one when the server gives
   * none. Counted from when Stowage stored the entry (storedAgeMs), at the millisecond, where HTTP
   * ages count from the server's whole-second Date.
   */
  maxAgeMs?: number | undefined;
  /** Time since Stowage stored (or last revalidated) the entry, in ms. @default the HTTP age */
  storedAgeMs?: number | undefined;
  /** Set on entries a write made stale: never fresh. */
  invalidated?: boolean;
}

const BYPASSING_MODES = new Set<RequestCache>(['no-cache', 'reload', 'no-store']);

/**
 * Whether the request itself forbids using a stored response unvalidated: `Cache-Control: no-cache`,
 * `Pragma: no-cache` without Cache-Control (RFC 9111 §5.4), or a fetch() cache mode that tells the
 * browser's HTTP cache the same (`no-cache`, `reload`, `no-store`).
 */
export function requestDemandsValidation(request: Request): boolean {
  const cacheControl = request.headers.get('Cache-Control');
  return (
    parseCacheControl(cacheControl)['no-cache'] !== undefined ||
    (cacheControl === null && /no-cache/i.test(request.headers.get('Pragma') ?? '')) ||
    BYPASSING_MODES.has(request.cache)
  );
}

/**
 * RFC 9111 freshness (§4.2) and RFC 5861 extensions for a stored entry, as a private browser-like
 * cache: `must-revalidate` only binds once the entry is stale, and a route's maxAgeMs takes part in
 * the lifetime.
 */
export function judgeEntry({ status, headers, policy }: JudgedEntry, request: Request, options: VerdictOptions): EntryVerdict {
  const { maxAgeMs, storedAgeMs, invalidated = false } = options;
  const response = parseCacheControl(headers.get('Cache-Control'));
  const requested = parseCacheControl(request.headers.get('Cache-Control'));

  const ageMs = currentAgeMs(policy, options.nowMs);
  // How long ago the entry stopped being fresh (negative while fresh): by the server's lifetime or
  // the route's maxAgeMs, whichever ends first; without either, it was never fresh.
  const serverMs = freshnessLifetimeMs(status, headers, response);
  const byServer = serverMs === undefined ? undefined : ageMs - serverMs;
  const byRoute = maxAgeMs === undefined ? undefined : (Number.isFinite(storedAgeMs) ? (storedAgeMs as number) : ageMs) - maxAgeMs;
  const stalenessMs = byServer === undefined && byRoute === undefined ? ageMs : Math.max(byServer ?? -Infinity, byRoute ?? -Infinity);
  const lifetimeMs = ageMs - stalenessMs;
  const noCache = hasNoCache(response) || requestDemandsValidation(request);
  const mustRevalidate = response['must-revalidate'] !== undefined;

  let fresh = !invalidated && !noCache && stalenessMs < 0;
  // Request directives narrow what the page accepts (§5.2.1): max-age and min-fresh.
  const requestMaxAge = deltaSeconds(requested['max-age']);
  if (requestMaxAge !== undefined && ageMs > requestMaxAge * 1000) fresh = false;
  const minFresh = deltaSeconds(requested['min-fresh']);
  if (minFresh !== undefined && lifetimeMs - ageMs < minFresh * 1000) fresh = false;
  const requestForbidsStale = requestMaxAge !== undefined || minFresh !== undefined || noCache;

  // max-stale (§5.2.1.2) lets the page accept a stale entry without revalidation.
  const maxStale = requested['max-stale'];
  if (!fresh && !invalidated && !noCache && !mustRevalidate && maxStale !== undefined) {
    const allowedMs = maxStale === true ? Infinity : (deltaSeconds(maxStale) ?? 0) * 1000;
    if (stalenessMs <= allowedMs) fresh = true;
  }
  if (fresh) {
    return { fresh, staleWhileRevalidate: false, validateBeforeUse: false, mustRevalidate: false, staleIfError: false, lifetimeMs, ageMs };
  }
  const swrMs = (deltaSeconds(response['stale-while-revalidate']) ?? 0) * 1000;
  const sieMs = (deltaSeconds(response['stale-if-error']) ?? 0) * 1000;
  return {
    fresh,
    staleWhileRevalidate: !requestForbidsStale && !mustRevalidate && !invalidated && stalenessMs < swrMs,
    validateBeforeUse: requestForbidsStale || mustRevalidate,
    mustRevalidate,
    staleIfError: !mustRevalidate && stalenessMs < sieMs,
    lifetimeMs,
    ageMs,
  };
}
