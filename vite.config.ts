import { defineConfig } from 'vite';
import { stowage } from './vite/index.js';

/**
 * The demo: `vite build` builds the page and, through the plugin, its worker (demo/app/sw.ts) to
 * dist/demo/sw.js with the build's precache manifest. `vite build --mode test` builds the same page
 * with the end-to-end tests' worker (test/worker/sw.ts: the app's routes and the test bed) to dist/test.
 */
export default defineConfig(({ mode }) => ({
  build: { outDir: process.env.STOWAGE_DIST ?? (mode === 'test' ? 'dist/test' : 'dist/demo'), emptyOutDir: true, sourcemap: true },
  plugins: [stowage({ sw: mode === 'test' ? 'test/worker/sw.ts' : 'demo/app/sw.ts' })],
}));
