/** Benchmark worker: plain Workbox, `CacheFirst` registered on the fixtures with no plugins. */
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

declare let self: ServiceWorkerGlobalScope;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

registerRoute(({ url }) => url.pathname.startsWith('/api/fixtures/'), new CacheFirst({ cacheName: 'bench-workbox' }));
