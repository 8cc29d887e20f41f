import { defineConfig, type UserConfig } from 'vite';

/**
 * Two builds into one folder: the demo page (`vite build`) and the demo's service worker
 * (`vite build --mode sw`). The worker is built on its own so it is one self-contained classic script
 * served at `/sw.js`: shared chunks would turn it into a module worker, and a library-mode build
 * would leave `process.env.NODE_ENV` in it.
 */
const outDir = process.env.STOWAGE_DIST ?? 'dist/demo';

const page: UserConfig = {
  build: { outDir, emptyOutDir: true, sourcemap: true },
};

const worker: UserConfig = {
  build: {
    outDir,
    emptyOutDir: false,
    sourcemap: true,
    copyPublicDir: false,
    rollupOptions: {
      input: { sw: 'demo/app/sw.ts' },
      output: { entryFileNames: '[name].js', format: 'es' },
    },
  },
};

export default defineConfig(({ mode }) => (mode === 'sw' ? worker : page));
