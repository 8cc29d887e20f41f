import { withoutUnstoredFields } from './unstored-fields.js';

/** Conditional headers a page may send itself; Stowage leaves such requests (and their 304s) alone. */
const PAGE_CONDITIONALS = ['If-None-Match', 'If-Modified-Since', 'If-Match', 'If-Unmodified-Since', 'If-Range', 'Range'];

/**
 * The request with `If-None-Match` / `If-Modified-Since` from a stored response's validators (RFC
 * 9111 §4.3.1), or the request unchanged when it has none. Only same-origin: on a cross-origin
 * request these headers would need a CORS preflight (the browser's own cache adds them below CORS).
 */
export function conditionalRequest(request: Request, stored: Headers, origin: string): Request {
  if (new URL(request.url).origin !== origin || PAGE_CONDITIONALS.some((name) => request.headers.has(name))) return request;
  const etag = stored.get('ETag');
  const lastModified = stored.get('Last-Modified');
  if (etag === null && lastModified === null) return request;
  const headers = new Headers(request.headers);
  if (etag !== null) headers.set('If-None-Match', etag);
  if (lastModified !== null) headers.set('If-Modified-Since', lastModified);
  return new Request(request, { headers });
}

/**
 * Whether a 304 is about the stored response (RFC 9111 §4.3.4): its ETag must match the stored one
 * (compared weakly, as If-None-Match is), or, without an ETag, its Last-Modified the stored one. A 304
 * that carries no validator at all is taken as meant for the entry, as browsers do.
 */
export function notModifiedIdentifies(stored: Headers, notModified: Response): boolean {
  const etag = notModified.headers.get('ETag');
  const storedTag = stored.get('ETag');
  if (etag !== null) return storedTag !== null && sameTag(storedTag, etag);
  const lastModified = notModified.headers.get('Last-Modified');
  return lastModified === null || stored.get('Last-Modified') === lastModified;
}

/** Weak comparison of two entity tags (RFC 9110 §8.8.3.2). */
export function sameTag(a: string, b: string): boolean {
  return a.trim().replace(/^W\//, '') === b.trim().replace(/^W\//, '');
}

/** The request without the validators Stowage added: for when a 304 cannot update the entry. */
export function unconditional(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete('If-None-Match');
  headers.delete('If-Modified-Since');
  return new Request(request, { headers, cache: 'no-store' });
}

/** Fields a 304 must not change: those describing the stored body, its length and coding. */
const KEPT_ON_UPDATE = new Set(['content-length', 'content-encoding', 'content-range']);

/**
 * The stored response's header fields updated by a `304 Not Modified` (RFC 9111 §4.3.4): every field
 * the 304 carries replaces the stored one or, when the stored response lacks it, is added (a MUST),
 * except those describing the body and those a cache never stores (connection-level ones, RFC 9111 §3.1).
 */
export function updatedHeaders(stored: Headers, notModified: Headers): Headers {
  const headers = new Headers(stored);
  withoutUnstoredFields(new Headers(notModified)).forEach((value, name) => {
    if (!KEPT_ON_UPDATE.has(name)) headers.set(name, value);
  });
  return headers;
}

/** The server errors that `stale-if-error` covers (RFC 5861 §4). */
export function isServerError(response: Response): boolean {
  return [500, 502, 503, 504].includes(response.status);
}
