import { plainRequest, plainResponse, type StowagePolicy } from './policy.js';

/** Conditional headers a page may send itself; Stowage leaves such requests (and their 304s) alone. */
const PAGE_CONDITIONALS = ['If-None-Match', 'If-Modified-Since', 'If-Match', 'If-Unmodified-Since', 'If-Range', 'Range'];

function isPageConditional(request: Request): boolean {
  return PAGE_CONDITIONALS.some((name) => request.headers.has(name));
}

/**
 * The request with `If-None-Match` / `If-Modified-Since` from a stored entry's validators (RFC 9111
 * §4.3.1), or the request unchanged when the entry has none. Only same-origin: on a cross-origin
 * request these headers would need a CORS preflight (the browser's own cache adds them below CORS).
 */
export function conditionalRequest(request: Request, policy: StowagePolicy, origin: string): Request {
  if (new URL(request.url).origin !== origin || isPageConditional(request)) return request;
  const revalidation = policy.revalidationHeaders(plainRequest(request));
  const etag = revalidation['if-none-match'];
  const lastModified = revalidation['if-modified-since'];
  if (typeof etag !== 'string' && typeof lastModified !== 'string') return request;
  const headers = new Headers(request.headers);
  if (typeof etag === 'string') headers.set('If-None-Match', etag);
  if (typeof lastModified === 'string') headers.set('If-Modified-Since', lastModified);
  return new Request(request, { headers });
}

/**
 * Whether a 304 is about the stored entry (RFC 9111 §4.3.4): its ETag must match the stored one
 * (compared weakly, as If-None-Match is), or, without an ETag, its Last-Modified the stored one. A 304
 * that carries no validator at all is taken as meant for the entry, as browsers do.
 */
export function notModifiedIdentifies(policy: StowagePolicy, notModified: Response): boolean {
  const stored = policy.storedHeaders();
  const etag = notModified.headers.get('ETag');
  if (etag !== null) return stored['etag'] !== undefined && opaqueTag(stored['etag']) === opaqueTag(etag);
  const lastModified = notModified.headers.get('Last-Modified');
  return lastModified === null || stored['last-modified'] === lastModified;
}

function opaqueTag(etag: string): string {
  return etag.trim().replace(/^W\//, '');
}

/** The request without the validators Stowage added: for when a 304 cannot update the entry. */
export function unconditional(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete('If-None-Match');
  headers.delete('If-Modified-Since');
  return new Request(request, { headers, cache: 'no-store' });
}

/**
 * A `304 Not Modified` turned into the stored entry with its headers updated from the 304 (RFC 9111
 * §4.3.4: every header the 304 carries replaces the stored one, except those describing the body),
 * so strategies store and serve it as an ordinary 200 and the body is never downloaded again.
 */
export function mergeNotModified(entry: Response, policy: StowagePolicy, request: Request, notModified: Response): Response {
  const { policy: updated } = policy.revalidatedPolicy(plainRequest(request), plainResponse(notModified));
  const headers = new Headers();
  for (const [name, value] of Object.entries((updated as StowagePolicy).storedHeaders())) headers.set(name, value);
  return new Response(entry.body, { status: entry.status, statusText: entry.statusText, headers });
}

/** The server errors that `stale-if-error` covers (RFC 5861 §4). */
export function isServerError(response: Response): boolean {
  return [500, 502, 503, 504].includes(response.status);
}
