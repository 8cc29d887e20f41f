/** Benchmark worker: Stowage's write-behind outbox on the notes API, as an app would install it. */
import { withWrites } from '../../sw/features/writes.js';
import { installStowage } from '../../sw/core.js';

installStowage({
  features: [withWrites],
  routes: [],
  writes: [{ name: 'bench', match: '/api/notes', methods: ['POST'], mode: 'write-behind' }],
});
