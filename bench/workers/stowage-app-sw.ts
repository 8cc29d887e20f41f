/** Benchmark worker: Stowage with every feature, as an app with writes and users installs it; the measured route is shared. */
import { withExpiration } from '../../sw/features/expiration.js';
import { withWrites } from '../../sw/features/writes.js';
import { installStowage } from '../../sw/core.js';

installStowage({
  features: [withWrites, withExpiration],
  routes: [
    { name: 'bench', match: '/api/fixtures/bench/*', strategy: 'cache-first' },
    { name: 'me', match: '/api/me', strategy: 'network-first', private: true, encrypt: true },
    { name: 'notes', match: '/api/notes/:id', strategy: 'stale-while-revalidate', maxEntries: 200 },
  ],
  writes: [{ match: '/api/notes', mode: 'write-behind' }],
});
