/**
 * Benchmark worker: plain Workbox `CacheFirst` and `StaleWhileRevalidate`, fetching past the
 * browser's HTTP cache (`cache: 'no-store'`) as Stowage does, so Workbox's Cache Storage is the
 * only copy, as when the HTTP cache has evicted its own.
 */
import { registerRoute } from 'workbox-routing';
import { CacheFirst, StaleWhileRevalidate } from 'workbox-strategies';

declare let self: ServiceWorkerGlobalScope;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

const fetchOptions: RequestInit = { cache: 'no-store' };
registerRoute(({ url }) => url.pathname.startsWith('/api/fixtures/cf/'), new CacheFirst({ cacheName: 'bench-cf', fetchOptions }));
registerRoute(({ url }) => url.pathname.startsWith('/api/fixtures/swr/'), new StaleWhileRevalidate({ cacheName: 'bench-swr', fetchOptions }));
