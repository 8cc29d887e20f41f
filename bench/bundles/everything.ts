/** Bundle-size entry: every feature configured (writes, users with encryption, maxEntries). */
import { withExpiration } from '../../sw/features/expiration.js';
import { withWrites } from '../../sw/features/writes.js';
import { installStowage } from '../../sw/core.js';

installStowage({
  features: [withWrites, withExpiration],
  routes: [
    { match: '/api/notes', strategy: 'network-first', networkTimeoutMs: 3000 },
    { match: '/api/notes/:id', strategy: 'stale-while-revalidate', maxEntries: 200, earlyRefresh: true },
    { match: '/api/me', strategy: 'network-first', private: true, encrypt: true },
  ],
  writes: [{ match: '/api/notes', mode: 'write-behind', invalidates: ['notes'] }],
});
