import type { StowageConfig } from './config/types.js';
import { withExpiration } from './features/expiration.js';
import { withInvalidation } from './features/invalidation.js';
import { withWrites } from './features/writes.js';
import { installStowage as installCore, type StowageWorker } from './install.js';

/**
 * `stowage/sw`'s installStowage: every feature included, so any config works as written (write
 * routes, private and encrypted routes, maxEntries) without listing features. An app that wants to
 * ship only what it uses imports installStowage from `stowage/sw/core` and lists its features.
 */
export function installStowage(config: StowageConfig): StowageWorker {
  return installCore({ ...config, features: [withWrites, withExpiration, withInvalidation, ...(config.features ?? [])] });
}
