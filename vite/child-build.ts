import { build, type InlineConfig, type Plugin, type PluginOption, type ResolvedConfig, type Rollup, type UserConfig } from 'vite';
import type { PrecacheManifest } from './manifest.js';
import { manifestModule, MANIFEST_ID, REGISTER_ID, registerModule, resolved } from './virtual.js';

/**
 * The name of the plugin that the plugin's own nested builds carry: the `stowage()` plugin of the
 * app's config, loaded again by such a build, sees it and stays out of the way (no worker build
 * within the worker build).
 */
export const CHILD_BUILD = 'stowage:child-build';

export const isChildBuild = (config: ResolvedConfig): boolean => config.plugins.some(({ name }) => name === CHILD_BUILD);

/** The app's own config again: its config file (fresh plugin instances, aliases, `define`, env) or, without one, its inline config. */
function appConfig(config: ResolvedConfig, mode: string, plugin: Plugin): InlineConfig {
  const inline: InlineConfig = config.configFile ? {} : { ...config.inlineConfig, plugins: withoutStowage(config.inlineConfig.plugins) };
  return {
    ...inline,
    configFile: config.configFile ?? false,
    root: config.root,
    mode,
    logLevel: 'warn',
    clearScreen: false,
    plugins: [...(inline.plugins ?? []), plugin],
  };
}

/** An inline config's plugins without `stowage()` itself (its one instance would be resolved twice). */
function withoutStowage(plugins: PluginOption[] | undefined): PluginOption[] {
  return (plugins ?? []).flatMap((plugin): PluginOption[] => {
    if (Array.isArray(plugin)) return withoutStowage(plugin);
    return plugin && typeof plugin === 'object' && 'name' in plugin && plugin.name === 'stowage' ? [] : [plugin];
  });
}

function outputsOf(result: Awaited<ReturnType<typeof build>>): Rollup.OutputBundle[string][] {
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((output) => ('output' in output ? output.output : []));
}

export interface WorkerBuild {
  /** The app's resolved config (of `vite build`, or of the dev server). */
  config: ResolvedConfig;
  /** The worker's source, absolute. */
  entry: string;
  /** Its path in the output folder (`sw.js`). */
  fileName: string;
  manifest: PrecacheManifest;
  /** False from the dev server: the script is served from memory. */
  write: boolean;
}

/**
 * Builds the worker with Vite itself (so the app's plugins, aliases, `define`, mode and env apply
 * and `process.env.NODE_ENV` is replaced, as in the page), as one classic IIFE script with every
 * dynamic import inlined: a service worker registered without `type: 'module'` cannot load chunks.
 */
export async function buildWorker({ config, entry, fileName, manifest, write }: WorkerBuild): Promise<string> {
  const relativeBase = !/^(\/|[a-z]+:)/i.test(config.base);
  const dev = config.command === 'serve';
  const child: Plugin = {
    name: CHILD_BUILD,
    enforce: 'post',
    config(user: UserConfig) {
      // Mutated, not merged: the app's own `input` (its HTML pages) must not survive into this build.
      const buildOptions = (user.build ??= {});
      const { input: _input, output: _output, ...rest } = buildOptions.rolldownOptions ?? buildOptions.rollupOptions ?? {};
      delete buildOptions.rollupOptions;
      Object.assign(buildOptions, {
        outDir: config.build.outDir,
        emptyOutDir: false,
        copyPublicDir: false,
        write,
        manifest: false,
        ssrManifest: false,
        ssr: false,
        lib: false,
        watch: null,
        reportCompressedSize: false,
        ...(dev ? { minify: false, sourcemap: 'inline' as const } : {}),
        rolldownOptions: {
          ...rest,
          input: { sw: entry },
          output: { format: 'iife', entryFileNames: fileName, codeSplitting: false },
        },
      });
    },
    resolveId(id) {
      return id === MANIFEST_ID || id === REGISTER_ID ? resolved(id) : undefined;
    },
    load(id) {
      if (id === resolved(MANIFEST_ID)) return manifestModule(manifest, relativeBase);
      if (id === resolved(REGISTER_ID)) throw new Error(`${REGISTER_ID} is for the page; the worker imports ${MANIFEST_ID}`);
      return undefined;
    },
  };
  const result = await build(appConfig(config, config.mode, child));
  const script = outputsOf(result).find((output) => output.fileName === fileName);
  if (!script || script.type !== 'chunk') throw new Error(`stowage: the worker build emitted no ${fileName}`);
  return script.code;
}

/**
 * The app's production build run in memory from the dev server, only to learn what `vite build`
 * would precache: the bundle goes to `onBundle` and nothing is written.
 */
export async function buildInMemory(config: ResolvedConfig, onBundle: (bundle: Rollup.OutputBundle, resolvedChild: ResolvedConfig) => Promise<void>): Promise<void> {
  let resolvedChild: ResolvedConfig | undefined;
  const child: Plugin = {
    name: CHILD_BUILD,
    enforce: 'post',
    config: (user: UserConfig) => {
      Object.assign((user.build ??= {}), { write: false, watch: null, reportCompressedSize: false });
    },
    configResolved: (resolvedConfig) => {
      resolvedChild = resolvedConfig;
    },
    resolveId: (id) => (id === REGISTER_ID ? resolved(id) : undefined),
    load: (id) => (id === resolved(REGISTER_ID) ? registerModule('/') : undefined),
    generateBundle: {
      order: 'post',
      handler: (_options, bundle) => onBundle(bundle, resolvedChild!),
    },
  };
  await build({ ...appConfig(config, 'production', child), logLevel: 'silent' });
}
