/** Bundle-size entry: reads plus write-behind writes (the outbox, and the users it records). */
import { withWrites } from '../../sw/features/writes.js';
import { installStowage } from '../../sw/core.js';

installStowage({
  features: [withWrites],
  routes: [{ match: '/api/*', strategy: 'cache-first' }],
  writes: [{ match: '/api/notes', mode: 'write-behind' }],
});
