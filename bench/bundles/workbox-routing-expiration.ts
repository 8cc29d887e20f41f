/** Bundle-size reference: Workbox routing, three strategies and expiration. */
import { ExpirationPlugin } from 'workbox-expiration';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';

const expiration = new ExpirationPlugin({ maxEntries: 60 });
registerRoute(({ url }) => url.pathname.startsWith('/assets/'), new CacheFirst({ plugins: [expiration] }));
registerRoute(({ url }) => url.pathname === '/api/notes', new NetworkFirst({ networkTimeoutSeconds: 3 }));
registerRoute(({ url }) => url.pathname.startsWith('/api/notes/'), new StaleWhileRevalidate());
