import type { Router } from 'workbox-routing';

declare let self: ServiceWorkerGlobalScope;

/**
 * Sends URLs the page loaded before this worker controlled it through the matching routes, the way a
 * fetch would go, so they are cached as their routes say. URLs no route takes are ignored.
 */
export async function routeFirstVisit(
  router: Router,
  event: ExtendableEvent,
  { urls, document }: { urls: string[]; document?: string | undefined },
): Promise<{ routed: number }> {
  const requests = urls.map((url) => new Request(url));
  // A document is asked for as HTML, as the browser's navigation would ask for it.
  if (document) requests.push(new Request(document, { headers: { Accept: 'text/html' } }));
  const pending = requests
    .filter((request) => new URL(request.url).origin === self.location.origin)
    .map((request) => router.handleRequest({ request, event }))
    .filter((response): response is Promise<Response> => response !== undefined);
  await Promise.allSettled(pending);
  return { routed: pending.length };
}
