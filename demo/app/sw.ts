/**
 * The demo's service worker: the whole integration is this one call. `stowage()` in vite.config.ts
 * builds it to /sw.js with this build's precache manifest; the routes are the app's (sw-routes.ts).
 */
import manifest from 'virtual:stowage/manifest';
import { installStowage } from '../../sw/index.js';
import { routes, writes } from './sw-routes.js';

installStowage({ routes, writes, precache: manifest });
