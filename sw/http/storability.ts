import type { StowagePolicy } from './policy.js';
import { parseCacheControl } from './verdict.js';

/**
 * Whether a network response may be written to Cache Storage under HTTP rules (RFC 9111 §3):
 * - `no-store` on the response or the request: never;
 * - `Vary: *`: never (no later request can match it, and Cache.put rejects it);
 * - only complete 200s, as without HTTP rules;
 * - responses for one user only: see isPerUser.
 */
export function isStorable(
  policy: StowagePolicy,
  request: Request,
  response: Response,
  options: { private?: boolean; partitioned?: boolean } = {},
): boolean {
  if (response.status !== 200 || response.type === 'opaque') return false;
  if (!policy.storable()) return false; // no-store either side, unknown status, non-GET
  if (request.cache === 'no-store') return false;
  if (varyFields(response).includes('*')) return false;
  return !isPerUser(request, response, options) || mayStoreForCurrentUser(options);
}

/**
 * A response meant for one user: `private`, an answer to a request with `Authorization`, one that
 * varies on `Cookie` or `Authorization`, or anything on a route marked `private: true` (cookie-session
 * apps: a worker cannot see cookies, so the route says what the cookie would).
 */
export function isPerUser(request: Request, response: Response, options: { private?: boolean } = {}): boolean {
  if (options.private === true) return true;
  if (request.headers.has('Authorization')) return true;
  if (parseCacheControl(response.headers.get('Cache-Control'))['private'] !== undefined) return true;
  const vary = varyFields(response);
  return vary.includes('cookie') || vary.includes('authorization');
}

/**
 * Per-user responses belong only in the current user's partition: a `private: true` route's cache
 * for the current user (see sw/routes/partitioned-handler.ts). A shared route's cache is no
 * partition, so a per-user response on a route not marked private is not stored at all; a
 * cookie-session app must mark such routes `private: true` anyway, since a worker cannot see cookies.
 */
export function mayStoreForCurrentUser(options: { partitioned?: boolean }): boolean {
  return options.partitioned === true;
}

export function varyFields(response: Response): string[] {
  return (response.headers.get('Vary') ?? '')
    .split(',')
    .map((field) => field.trim().toLowerCase())
    .filter((field) => field.length > 0);
}
