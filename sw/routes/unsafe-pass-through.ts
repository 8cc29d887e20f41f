import { markUrlsInvalidated } from '../entries/url-entries.js';
import { isNonError, isUnsafe, responseStaleTargets } from '../http/unsafe-methods.js';
import { notices } from '../notices.js';
import type { Matcher } from './match.js';

/** Marks stale what an unsafe request's success made stale: paths on this origin (RFC 9111 §4.4). */
export type InvalidatePaths = (paths: string[], response: Response) => Promise<void>;

/**
 * RFC 9111 §4.4 for the unsafe requests no write route takes. They reach the network as they are,
 * but one whose URL a read route caches is fetched by the worker, so that a non-error answer marks
 * the target URI and the same-origin URIs in its Location and Content-Location stale before the page
 * sees it, as the browser's own cache does. Navigations (a form's post) stay the browser's.
 * Returns undefined for the requests it leaves alone.
 */
export function unsafePassThrough(
  routes: readonly { matches: Matcher }[],
  origin: string,
  invalidate: InvalidatePaths,
): (request: Request) => Promise<Response> | undefined {
  return (request) => {
    if (!isUnsafe(request.method) || request.mode === 'navigate') return undefined;
    const url = new URL(request.url);
    const asRead = new Request(url);
    if (url.origin !== origin || !routes.some(({ matches }) => matches({ url, request: asRead }))) return undefined;
    return fetch(request).then(async (response) => {
      if (isNonError(response.status)) {
        // The answer reaches the page whatever the caches do.
        await invalidate(responseStaleTargets(url, response, origin), response).catch((error: unknown) => console.warn('Stowage could not invalidate after', request.method, url.href, error));
      }
      return response;
    });
  };
}

/**
 * InvalidatePaths for a worker without the invalidation feature: each URL's entries are marked in the
 * caches that hold them, and the pages' memories are told.
 */
export function markInCaches(cachePrefix: string, origin: string): InvalidatePaths {
  return async (paths) => {
    const urls = paths.map((path) => `${origin}${path}`);
    await markUrlsInvalidated(cachePrefix, urls);
    notices.announce({ urls });
  };
}
