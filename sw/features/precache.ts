import { createPrecache } from '../precache/precache.js';
import type { PrecacheFeature } from './feature.js';

/**
 * `features: [withPrecache]`: the `precache` manifest (sw/precache/). A worker without a manifest
 * never ships the build caches or their clean-up.
 */
export const withPrecache: PrecacheFeature = {
  kind: 'precache',
  create: (context) => createPrecache(context),
};
