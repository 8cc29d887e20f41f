/** Benchmark worker: plain Workbox `CacheFirst` and `StaleWhileRevalidate`, no plugins. */
import { registerRoute } from 'workbox-routing';
import { CacheFirst, StaleWhileRevalidate } from 'workbox-strategies';

declare let self: ServiceWorkerGlobalScope;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

registerRoute(({ url }) => url.pathname.startsWith('/api/fixtures/cf/'), new CacheFirst({ cacheName: 'bench-cf' }));
registerRoute(({ url }) => url.pathname.startsWith('/api/fixtures/swr/'), new StaleWhileRevalidate({ cacheName: 'bench-swr' }));
