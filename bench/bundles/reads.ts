/** Bundle-size entry: a worker with one cache-first read route and nothing else (the "reads only"). */
import { installStowage } from '../../sw/core.js';

installStowage({ routes: [{ match: '/api/*', strategy: 'cache-first' }] });
