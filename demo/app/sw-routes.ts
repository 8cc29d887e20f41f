/**
 * The demo app's routes: what its worker (sw.ts) installs, and what the tests' worker
 * (test/worker/sw.ts) installs under its fixture routes, so the specs run the app's real routes.
 */
import type { ReadRouteConfig, WriteRouteConfig } from '../../sw/index.js';

export const routes: ReadRouteConfig[] = [
  // The app shell: the page opens offline with the last version it saw.
  {
    name: 'pages',
    match: ({ request }) => request.mode === 'navigate' || (request.headers.get('Accept') ?? '').includes('text/html'),
    strategy: 'network-first',
    networkTimeoutMs: 3000,
  },
  { name: 'assets', match: '/assets/*', strategy: 'cache-first', maxEntries: 60 },
  // The server also names their groups in Cache-Groups (`notes`, `note:<id>`); the template says it here too.
  { name: 'notes', match: '/api/notes', strategy: 'network-first', networkTimeoutMs: 3000 },
  { name: 'note', match: '/api/notes/:id', strategy: 'stale-while-revalidate', maxEntries: 200, tags: ['note:{id}'] },
  // Per-user data: kept in the signed-in user's partition, and /api/me encrypted at rest. The server
  // says `private, max-age=60` and announces each change (`me:<user>`, `inbox:<user>` on the user's
  // own feed), so a fresh copy is used without asking; a stale one revalidates (offline: served).
  { name: 'me', match: '/api/me', strategy: 'cache-first', private: true, encrypt: true },
  { name: 'inbox', match: '/api/inbox', strategy: 'cache-first', private: true },
];

// Creating, editing and deleting notes works offline and is delivered later.
export const writes: WriteRouteConfig[] = [
  { name: 'notes', match: '/api/notes', methods: ['POST'], mode: 'write-behind', invalidates: ['notes'] },
  { name: 'note', match: '/api/notes/:id', methods: ['PUT', 'PATCH', 'DELETE'], mode: 'write-behind', invalidates: ['notes', 'note:{id}'] },
  // A profile change needs the answer (and a session): sent at once; the cached profile is marked stale.
  { name: 'me', match: '/api/me', methods: ['PATCH'], mode: 'write-through', invalidates: ['me'] },
];
