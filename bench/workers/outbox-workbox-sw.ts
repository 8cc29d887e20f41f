/**
 * Benchmark worker: `workbox-background-sync`'s Queue doing the same job as Stowage's write-behind:
 * every POST to the notes API is pushed to the queue and answered 202; the queue's own `sync`
 * handler replays it.
 */
import { Queue } from 'workbox-background-sync';

declare let self: ServiceWorkerGlobalScope;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

const queue = new Queue('bench-outbox');

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'POST' || url.pathname !== '/api/notes') return;
  event.respondWith(
    (async () => {
      await queue.pushRequest({ request: event.request.clone() });
      return new Response('{"queued":true}', { status: 202, headers: { 'Content-Type': 'application/json' } });
    })(),
  );
});
