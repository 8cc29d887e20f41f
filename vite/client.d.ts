/**
 * `stowage/vite/client`: the types of the plugin's virtual modules. Reference them from the app's
 * tsconfig (`"types": ["stowage/vite/client"]`) or from a file (`/// <reference types="stowage/vite/client" />`).
 */

declare module 'virtual:stowage/manifest' {
  /** This build's precache manifest, from Vite's bundle: `installStowage({ routes, precache: manifest })`. */
  const manifest: {
    /** The entry HTML, the chunks it loads statically, their CSS and assets: stored at install. */
    critical: { url: string; revision: string }[];
    /** The lazily imported chunks with their CSS and assets, and `public/`: fetched after activation. */
    warm: { url: string; revision: string }[];
  };
  export default manifest;
}

declare module 'virtual:stowage/register' {
  import type { RegisterOptions, Stowage } from 'stowage';
  /** The worker's URL as the plugin builds and serves it (`/sw.js` by default). */
  export const workerUrl: string;
  /** `register(workerUrl, options)` from `stowage`. */
  export function register(options?: RegisterOptions): Promise<Stowage>;
}
