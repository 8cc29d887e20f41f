/**
 * Benchmark worker: the floor. A hit is one `caches.match()` and nothing else; a miss (only the first
 * fetch of a run) goes to the network and fills the cache.
 */
export {};

declare let self: ServiceWorkerGlobalScope;

const CACHE_NAME = 'bench-bare';

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  event.respondWith(caches.match(request).then((cached) => cached ?? fetchAndFill(request)));
});

async function fetchAndFill(request: Request): Promise<Response> {
  const response = await fetch(request);
  if (response.ok) await (await caches.open(CACHE_NAME)).put(request, response.clone());
  return response;
}
