/** Benchmark worker: Stowage as an app would install it, with one cache-first route over the fixtures. */
import { installStowage } from '../../sw/core.js';

installStowage({
  routes: [{ name: 'bench', match: '/api/fixtures/*', strategy: 'cache-first' }],
});
