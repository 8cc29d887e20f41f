/** Benchmark worker for encryption at rest: two private cache-first routes, one of them encrypted. */
import { withUsers } from '../../sw/features/users.js';
import { installStowage } from '../../sw/core.js';

installStowage({
  features: [withUsers],
  routes: [
    { name: 'sealed', match: '/api/fixtures/sealed/*', strategy: 'cache-first', private: true, encrypt: true },
    { name: 'plain', match: '/api/fixtures/plain/*', strategy: 'cache-first', private: true },
  ],
});
