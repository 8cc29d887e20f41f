/** Benchmark worker: Stowage with HTTP rules, a cache-first and a stale-while-revalidate route. */
import { installStowage } from '../../sw/core.js';

installStowage({
  routes: [
    { name: 'cache-first', match: '/api/fixtures/cf/*', strategy: 'cache-first' },
    { name: 'swr', match: '/api/fixtures/swr/*', strategy: 'stale-while-revalidate' },
  ],
});
