import { now, wallNow } from '../clock.js';
import { observedFetch } from '../worker-connectivity.js';
import type { ResolvedWriteRoute } from '../config/types.js';
import { stampStored } from '../entries/stored-entry.js';
import { policyOnArrival } from '../http/policy.js';
import { isStorable } from '../http/storability.js';
import { responseStaleTargets } from '../http/unsafe-methods.js';
import type { CacheInvalidator } from './invalidate.js';
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
  const requestAt = now();
  const response = await observedFetch(request);
  context.onNetworkSuccess();
  if (response.status >= 400) return response;
  const url = new URL(request.url);
  const contentLocation = response.headers.get('Content-Location');
  // Stored only as a read of the URL would be (no-store, per-user answers and the rest of RFC 9111 §3),
  // and stamped the same way, so the copy ages by the server's headers and the route's maxAgeMs.
  const isRepresentation =
    route.mode === 'write-through' &&
    response.status === 200 &&
    contentLocation !== null &&
    URL.parse(contentLocation, url)?.href === url.href &&
    isStorable(request, response);
  const targets = [...responseStaleTargets(url, response, context.origin), ...staleTargetsOf(route, url, request, response)];
  // The write's invalidations come first, so the confirmed representation stored next is not covered by them.
  await context.invalidator.markStale(isRepresentation ? targets.filter((target) => target !== url.pathname) : targets, response);
  if (isRepresentation) {
    const policy = policyOnArrival(response.headers, { requestAt, responseAt: now(), wallResponseAt: wallNow() });
    await context.invalidator.putRepresentation(url.href, stampStored(response.clone(), { storedAt: now(), policy }));
  }
  return response;
}
