/**
 * `stowage/vite`: the Vite plugin. Its virtual modules' types are `stowage/vite/client`.
 * @module
 */
export { stowage, type StowageViteOptions } from './plugin.js';
export type { PrecacheEntry, PrecacheManifest } from './manifest.js';
