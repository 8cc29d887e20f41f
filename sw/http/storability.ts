import { parseCacheControl } from './cache-control.js';
import { HEURISTICALLY_CACHEABLE } from './policy.js';
import { varyFields } from './vary.js';

export interface PerUserOptions {
  /** The route is `private: true` (cookie sessions): every response is per user. */
  private?: boolean;
  /** The cache is one user's partition, so per-user responses may be stored in it. */
  partitioned?: boolean;
}

/**
 * Whether a network response may be stored under HTTP rules (RFC 9111 §3):
 * - only the statuses RFC 9110 §15.1 calls heuristically cacheable (200, 203, 204, 300, 301, 308,
 *   404, 405, 410, 414, 501), and never an opaque response (its headers cannot be read);
 * - `no-store` on the response or the request (or `fetch(url, { cache: 'no-store' })`): never, unless
 *   the response also says `must-understand` (its status is one this cache understands);
 * - `Vary: *`: never (no later request can match it);
 * - responses for one user only: see isPerUser.
 */
export function isStorable(request: Request, response: Response, options: PerUserOptions = {}): boolean {
  if (response.type === 'opaque' || !HEURISTICALLY_CACHEABLE.has(response.status)) return false;
  if (request.cache === 'no-store') return false;
  const directives = parseCacheControl(response.headers.get('Cache-Control'));
  // `must-understand` overrides `no-store` for a status the cache understands: only those reach here (RFC 9111 §5.2.2.3).
  if (directives['no-store'] !== undefined && directives['must-understand'] === undefined) return false;
  if (parseCacheControl(request.headers.get('Cache-Control'))['no-store'] !== undefined) return false;
  if (varyFields(response.headers).includes('*')) return false;
  return !isPerUser(request, response, options) || options.partitioned === true;
}

/**
 * A response meant for one user: `private`, an answer to a request with `Authorization`, one that
 * varies on `Cookie` or `Authorization`, or anything on a route marked `private: true` (cookie-session
 * apps: a worker cannot see cookies, so the route says what the cookie would). Such a response belongs
 * only in the current user's partition (see sw/routes/partitioned-handler.ts): a shared route's cache
 * is no partition, so it is not stored at all there.
 */
export function isPerUser(request: Request, response: Response, options: PerUserOptions = {}): boolean {
  if (options.private === true) return true;
  if (request.headers.has('Authorization')) return true;
  if (parseCacheControl(response.headers.get('Cache-Control'))['private'] !== undefined) return true;
  const vary = varyFields(response.headers);
  return vary.includes('cookie') || vary.includes('authorization');
}
