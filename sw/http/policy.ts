import { deltaSeconds, hasNoCache, type Directives } from './cache-control.js';

/**
 * What a cache must remember of an exchange to know a stored response's age later (RFC 9111
 * §4.2.3); the response's own headers are kept with it. Times are the worker's clock (`now()`).
 */
export interface StoredPolicy {
  /** When the request that produced the response was sent. */
  requestAt: number;
  /** When the response arrived. */
  responseAt: number;
  /** `corrected_initial_age`: how old the response already was when it arrived, in ms. */
  initialAgeMs: number;
}

export interface ArrivalTimes {
  requestAt: number;
  responseAt: number;
  /** The real wall clock at arrival: `apparent_age` compares it with the server's `Date`. */
  wallResponseAt: number;
}

/**
 * The policy of a response that just arrived: `corrected_initial_age = max(apparent_age,
 * corrected_age_value)` with `apparent_age = max(0, response_time − Date)` and `corrected_age_value =
 * Age + response_delay`. Clock skew can only make an entry look older, never fresher (the safe side).
 */
export function policyOnArrival(headers: Headers, { requestAt, responseAt, wallResponseAt }: ArrivalTimes): StoredPolicy {
  const dateMs = Date.parse(headers.get('Date') ?? '');
  const apparentAgeMs = dateMs <= wallResponseAt ? wallResponseAt - dateMs : 0;
  const correctedAgeMs = (deltaSeconds(headers.get('Age')) ?? 0) * 1000 + Math.max(0, responseAt - requestAt);
  return { requestAt, responseAt, initialAgeMs: Math.max(apparentAgeMs, correctedAgeMs) };
}

/** `current_age = corrected_initial_age + resident_time`, in ms. */
export function currentAgeMs(policy: StoredPolicy, nowMs: number): number {
  return policy.initialAgeMs + Math.max(0, nowMs - policy.responseAt);
}

/** Statuses a cache may store and give heuristic freshness to (RFC 9110 §15.1); no other is stored. */
export const HEURISTICALLY_CACHEABLE = new Set([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501]);

/**
 * The server's freshness lifetime in ms (RFC 9111 §4.2.1): `max-age` (a private cache ignores
 * `s-maxage`), else `Expires − Date` (an invalid `Expires` is already expired, §5.3), else, for a
 * heuristically cacheable status, 10% of `Date − Last-Modified` (§4.2.2, as browsers do). An
 * unqualified `no-cache` is a lifetime of zero. Undefined when the server gives none.
 */
export function freshnessLifetimeMs(status: number, headers: Headers, directives: Directives): number | undefined {
  const maxAge = deltaSeconds(directives['max-age']);
  if (maxAge !== undefined) return maxAge * 1000;
  const dateMs = Date.parse(headers.get('Date') ?? '');
  const expires = headers.get('Expires');
  if (expires !== null) return Math.max(0, Date.parse(expires) - dateMs) || 0;
  if (hasNoCache(directives)) return 0;
  const lastModifiedMs = Date.parse(headers.get('Last-Modified') ?? '');
  if (!HEURISTICALLY_CACHEABLE.has(status) || !(dateMs > lastModifiedMs)) return undefined;
  return (dateMs - lastModifiedMs) / 10;
}
