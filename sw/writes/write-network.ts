import { now } from '../clock.js';
import type { ResolvedWriteRoute } from '../config/types.js';
import { STORED_AT_HEADER, withHeader } from '../plugins/freshness.js';
import { responseStaleTargets, type CacheInvalidator } from './invalidate.js';
import { staleTargetsOf } from './write-behind.js';

export interface WriteNetworkContext {
  origin: string;
  invalidator: CacheInvalidator;
  /** The server answered: a replay trigger for the outbox. */
  onNetworkSuccess: () => void;
}

/**
 * Write-through and write-around: the request goes to the server now, and a failure (network error
 * or error status) reaches the app unchanged. On a non-error answer, RFC 9111 §4.4 applies: the
 * target URI and same-origin Location / Content-Location become stale, with the route's
 * `invalidates` (or the collection). Write-through also stores the answer as the target's
 * representation when the server says it is one (a 200 whose Content-Location is the target, RFC 9110 §8.7).
 */
export async function handleWriteNetwork(request: Request, route: ResolvedWriteRoute, context: WriteNetworkContext): Promise<Response> {
  const response = await fetch(request);
  context.onNetworkSuccess();
  if (response.status >= 400) return response;
  const url = new URL(request.url);
  const contentLocation = response.headers.get('Content-Location');
  const isRepresentation =
    route.mode === 'write-through' && response.status === 200 && contentLocation !== null && URL.parse(contentLocation, url)?.href === url.href;
  if (isRepresentation) {
    await context.invalidator.putRepresentation(url.href, withHeader(response.clone(), STORED_AT_HEADER, String(now())));
  }
  const targets = [...responseStaleTargets(url, response, context.origin), ...staleTargetsOf(route, url)];
  await context.invalidator.markStale(isRepresentation ? targets.filter((target) => target !== url.pathname) : targets);
  return response;
}
