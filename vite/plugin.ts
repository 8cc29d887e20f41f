import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig, ViteDevServer } from 'vite';
import { buildInMemory, buildWorker, isChildBuild } from './child-build.js';
import { manifestOf, urlOf, type ManifestReport, type PrecacheManifest } from './manifest.js';
import { publicFilesOf } from './public-files.js';
import { kilobytes, printPrecache } from './sizes.js';
import { MANIFEST_ID, REGISTER_ID, registerModule, resolved } from './virtual.js';

/** `stowage({ sw })`'s options. */
export interface StowageViteOptions {
  /** The service worker's source, relative to Vite's `root` (`'src/sw.ts'`). */
  sw: string;
  /**
   * The built worker's path in the output folder, and so its URL under `base`.
   * @default "sw.js"
   */
  fileName?: string;
  /**
   * Files larger than this are left out of the precache with a warning (the worker's routes still
   * cache them at run time); never a build error.
   * @default 2_097_152 (2 MiB, as Workbox)
   */
  maxFileBytes?: number;
  /**
   * Whether the dev server prints what `vite build` would precache, with sizes (it runs the app's
   * production build in memory once, after the server starts).
   * @default true
   */
  devReport?: boolean;
}

const EMPTY: PrecacheManifest = { critical: [], warm: [] };

/**
 * The Vite plugin: `plugins: [stowage({ sw: 'src/sw.ts' })]`. `vite build` also builds the worker
 * (one classic script at the output's root) with the precache manifest of this very build as
 * `virtual:stowage/manifest`; the dev server serves the same worker at the same URL, built on
 * request from the same source, with an empty precache.
 */
export function stowage(options: StowageViteOptions): Plugin {
  const fileName = (options.fileName ?? 'sw.js').replace(/^\/+/, '');
  const maxFileBytes = options.maxFileBytes ?? 2 * 1024 * 1024;
  let config: ResolvedConfig;
  // True inside the plugin's own nested builds, which load the app's config, and so this plugin, again.
  let nested = false;
  let report: ManifestReport | undefined;
  const entry = (): string => resolve(config.root, options.sw);
  const workerUrl = (): string => urlOf(/^(\/|[a-z]+:)/i.test(config.base) ? config.base : '/', fileName);

  const manifestOfBundle = async (bundle: Parameters<typeof manifestOf>[0], of: ResolvedConfig): Promise<ManifestReport> =>
    manifestOf(bundle, {
      base: of.base,
      maxFileBytes,
      publicFiles: of.build.copyPublicDir ? await publicFilesOf(of.publicDir) : [],
      exclude: new Set([fileName]),
    });

  return {
    name: 'stowage',
    configResolved(resolvedConfig) {
      config = resolvedConfig;
      nested = isChildBuild(resolvedConfig);
    },
    resolveId(id) {
      if (nested) return undefined;
      return id === REGISTER_ID || id === MANIFEST_ID ? resolved(id) : undefined;
    },
    load(id) {
      if (nested) return undefined;
      if (id === resolved(REGISTER_ID)) return registerModule(workerUrl());
      if (id === resolved(MANIFEST_ID)) throw new Error(`${MANIFEST_ID} is the worker's (${options.sw}); the page's build cannot know its own manifest`);
      return undefined;
    },
    generateBundle: {
      // After Vite's HTML plugin has emitted the pages, so the bundle is the whole build.
      order: 'post',
      async handler(_output, bundle) {
        if (nested || config.build.ssr || this.environment.config.consumer !== 'client') return;
        if (bundle[fileName]) this.warn(`the app's build already emits ${fileName}; the worker build overwrites it (set stowage({ fileName }))`);
        report = await manifestOfBundle(bundle, config);
      },
    },
    writeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        if (nested || !report) return;
        const started = performance.now();
        const code = await buildWorker({ config, entry: entry(), fileName, manifest: report.manifest, write: true });
        printPrecache(config.logger, report, 'stowage: precache');
        const size = `${kilobytes(Buffer.byteLength(code))} │ gzip: ${kilobytes(gzipSync(code).length)}`;
        config.logger.info(`stowage: ${config.build.outDir}/${fileName} ${size} (worker built in ${Math.round(performance.now() - started)} ms)`);
        report = undefined;
      },
    },
    configureServer(server) {
      if (nested) return;
      serveWorker(server, workerUrl(), () => buildWorker({ config, entry: entry(), fileName, manifest: EMPTY, write: false }));
      if (options.devReport === false) return;
      server.httpServer?.once('listening', () => {
        buildInMemory(config, async (bundle, of) => printPrecache(config.logger, await manifestOfBundle(bundle, of), 'stowage: `vite build` would precache'))
          .catch((error: unknown) => config.logger.warn(`stowage: could not work out the precache: ${String(error)}`));
      });
    },
  };
}

/**
 * The dev server's worker: built on the first request after any file changed, so the browser's
 * update check (a byte comparison) sees each edit, and served as a classic script for scope `/`.
 */
function serveWorker(server: ViteDevServer, url: string, buildScript: () => Promise<string>): void {
  let script: Promise<string> | undefined;
  server.watcher.on('all', () => {
    script = undefined;
  });
  server.middlewares.use((request, response, next) => {
    if (request.url?.split('?')[0] !== url) return next();
    script ??= buildScript();
    script.then(
      (code) => {
        response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        response.setHeader('Service-Worker-Allowed', '/');
        response.setHeader('Cache-Control', 'no-cache');
        response.end(code);
      },
      (error: unknown) => {
        script = undefined;
        server.config.logger.error(`stowage: the worker did not build: ${String(error)}`);
        response.statusCode = 500;
        response.end(String(error));
      },
    );
  });
}
