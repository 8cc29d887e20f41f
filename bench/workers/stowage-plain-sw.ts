/**
 * Benchmark worker: Stowage's cache-first route without HTTP caching rules (`http: false`, plain
 * Workbox freshness), to show what RFC 9111 (the verdict, and the Age header a hit must carry) costs.
 */
import { installStowage } from '../../sw/core.js';

installStowage({
  routes: [{ name: 'bench', match: '/api/fixtures/*', strategy: 'cache-first', http: false }],
});
