import { createHash } from 'node:crypto';
import type { Rollup } from 'vite';

/** One precached file: its URL on the site and a revision that changes when its bytes do. */
export interface PrecacheEntry {
  url: string;
  revision: string;
}

/** What `virtual:stowage/manifest` exports, and what `installStowage({ precache })` takes. */
export interface PrecacheManifest {
  /** The entry HTML, the chunks it loads statically and their CSS and assets: stored at install. */
  critical: PrecacheEntry[];
  /** Everything else the build emitted (lazy chunks, their CSS and assets) and `public/`: fetched after activation. */
  warm: PrecacheEntry[];
}

/** A file the build emitted or copied, before it is sorted into a tier. */
export interface BuiltFile {
  fileName: string;
  bytes: number;
  revision: string;
}

/** A file left out of the manifest because it is over the size budget (the app's routes cache it at run time). */
export interface SkippedFile {
  fileName: string;
  bytes: number;
}

export interface ManifestReport {
  manifest: PrecacheManifest;
  /** The files of each tier with their sizes, in manifest order: what the build and the dev server print. */
  files: { critical: BuiltFile[]; warm: BuiltFile[] };
  skipped: SkippedFile[];
}

export interface ManifestOptions {
  /** Vite's `base` (absolute: `/`, `/app/`, or a full URL). */
  base: string;
  /** Files over this many bytes are left out with a warning. */
  maxFileBytes: number;
  /** `public/` files, copied as they are (see public-files.ts). */
  publicFiles: readonly BuiltFile[];
  /** Output files never precached: the worker itself. */
  exclude: ReadonlySet<string>;
}

/** A short content hash: the revision of a file whose URL may stay the same across builds (the HTML, `public/`). */
export function revisionOf(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** Files no page ever requests: source maps and Vite's own manifests. */
function isPrecachable(fileName: string): boolean {
  return !fileName.endsWith('.map') && !fileName.startsWith('.vite/');
}

/**
 * Sorts Vite's bundle into the two tiers by its module graph (no glob over the output folder):
 * critical is each HTML entry, the entry chunks and everything they import statically (with the CSS
 * and assets Vite recorded for them); warm is every other emitted file (the lazily imported chunks
 * and theirs) and the `public/` files.
 */
export function manifestOf(bundle: Rollup.OutputBundle, options: ManifestOptions): ManifestReport {
  const critical = new Set<string>();
  const addStatic = (fileName: string): void => {
    if (critical.has(fileName)) return;
    const item = bundle[fileName];
    if (!item) return;
    critical.add(fileName);
    const metadata = item.viteMetadata;
    for (const css of metadata?.importedCss ?? []) addStatic(css);
    for (const asset of metadata?.importedAssets ?? []) addStatic(asset);
    if (item.type === 'chunk') for (const imported of item.imports) addStatic(imported);
  };
  for (const item of Object.values(bundle)) {
    if ((item.type === 'asset' && item.fileName.endsWith('.html')) || (item.type === 'chunk' && item.isEntry)) addStatic(item.fileName);
  }

  const built: BuiltFile[] = Object.values(bundle)
    .filter(({ fileName }) => isPrecachable(fileName) && !options.exclude.has(fileName))
    .map((item) => {
      const content = item.type === 'chunk' ? item.code : item.source;
      return { fileName: item.fileName, bytes: Buffer.byteLength(content), revision: revisionOf(content) };
    })
    .sort((a, b) => order(a.fileName) - order(b.fileName) || a.fileName.localeCompare(b.fileName));
  const emitted = new Set(built.map(({ fileName }) => fileName));
  const publicFiles = options.publicFiles.filter(({ fileName }) => !emitted.has(fileName) && !options.exclude.has(fileName));

  const files = { critical: [] as BuiltFile[], warm: [] as BuiltFile[] };
  const skipped: SkippedFile[] = [];
  for (const file of [...built, ...publicFiles]) {
    if (file.bytes > options.maxFileBytes) skipped.push({ fileName: file.fileName, bytes: file.bytes });
    else (critical.has(file.fileName) ? files.critical : files.warm).push(file);
  }
  const entry = ({ fileName, revision }: BuiltFile): PrecacheEntry => ({ url: urlOf(options.base, fileName), revision });
  return { manifest: { critical: files.critical.map(entry), warm: files.warm.map(entry) }, files, skipped };
}

/** HTML first (the page the install stores before anything else), then scripts, styles, the rest. */
function order(fileName: string): number {
  if (fileName.endsWith('.html')) return 0;
  if (fileName.endsWith('.js')) return 1;
  if (fileName.endsWith('.css')) return 2;
  return 3;
}

/** The URL a file is served at: Vite's `base` joined to its path in the output folder. */
export function urlOf(base: string, fileName: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return `${prefix}${fileName.split('\\').join('/')}`;
}
