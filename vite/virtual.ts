import type { PrecacheManifest } from './manifest.js';

/** The worker's import: the build's precache manifest. */
export const MANIFEST_ID = 'virtual:stowage/manifest';
/** The page's optional import: `register()` with the configured worker URL. */
export const REGISTER_ID = 'virtual:stowage/register';

/** Rollup's convention for virtual modules: a leading NUL keeps other plugins from treating the id as a file. */
export const resolved = (id: string): string => `\0${id}`;

/**
 * The manifest module. With an absolute `base` its URLs are final; with a relative one (`./`) they
 * are resolved against the worker script's own URL, which the plugin puts at the output's root.
 */
export function manifestModule(manifest: PrecacheManifest, relativeBase: boolean): string {
  const json = JSON.stringify(manifest);
  if (!relativeBase) return `export default ${json};\n`;
  return [
    `const manifest = ${json};`,
    'const at = (entry) => ({ url: new URL(entry.url, self.location.href).href, revision: entry.revision });',
    'export default { critical: manifest.critical.map(at), warm: manifest.warm.map(at) };',
    '',
  ].join('\n');
}

/** The register module: the page side of the integration with the worker's URL filled in. */
export function registerModule(workerUrl: string): string {
  return [
    "import { register as registerWorker } from 'stowage';",
    `export const workerUrl = ${JSON.stringify(workerUrl)};`,
    'export function register(options) { return registerWorker(workerUrl, options); }',
    '',
  ].join('\n');
}
