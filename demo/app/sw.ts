/**
 * The demo's service worker: the whole integration is this one call. The routes under
 * /api/fixtures/ are the test bed: the demo server's control API decides what they answer.
 */
import { installStowage } from '../../sw/index.js';

installStowage({
  routes: [
    // The app shell: the page opens offline with the last version it saw.
    {
      name: 'pages',
      match: ({ request }) => request.mode === 'navigate' || (request.headers.get('Accept') ?? '').includes('text/html'),
      strategy: 'network-first',
      networkTimeoutMs: 3000,
    },
    { name: 'assets', match: '/assets/*', strategy: 'cache-first', maxEntries: 60 },
    { name: 'notes', match: '/api/notes', strategy: 'network-first', networkTimeoutMs: 3000 },
    { name: 'note', match: '/api/notes/:id', strategy: 'stale-while-revalidate', maxEntries: 200 },

    { match: '/api/fixtures/network-first/*', strategy: 'network-first' },
    { match: '/api/fixtures/network-timeout/*', strategy: 'network-first', networkTimeoutMs: 500 },
    { match: '/api/fixtures/cache-first/*', strategy: 'cache-first' },
    { match: '/api/fixtures/stale-while-revalidate/*', strategy: 'stale-while-revalidate' },
    { match: '/api/fixtures/network-only/*', strategy: 'network-only' },
    { match: '/api/fixtures/cache-only/*', strategy: 'cache-only' },
    { match: '/api/fixtures/max-age/*', strategy: 'cache-first', maxAgeMs: 1000 },
    { match: '/api/fixtures/swr-max-age/*', strategy: 'stale-while-revalidate', maxAgeMs: 1000 },
    { match: '/api/fixtures/lru/*', strategy: 'cache-first', maxEntries: 3 },
  ],
});
