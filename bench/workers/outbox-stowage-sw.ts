/** Benchmark worker: Stowage's write-behind outbox on the notes API, as an app would install it. */
import { installStowage } from '../../sw/index.js';

installStowage({
  routes: [],
  writes: [{ name: 'bench', match: '/api/notes', methods: ['POST'], mode: 'write-behind' }],
});
