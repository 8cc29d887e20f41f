/** Bundle-size entry: one cache-first route through `stowage/sw`, whose installStowage includes every feature. */
import { installStowage } from '../../sw/index.js';

installStowage({ routes: [{ match: '/api/*', strategy: 'cache-first' }] });
