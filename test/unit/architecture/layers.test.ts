/**
 * The architecture as a test: the worker's folders form layers that import only downwards, and no
 * two files import each other, however indirectly. A new folder must be placed in LAYERS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '../../..');

/** Lowest first: a module may import its own layer's modules and any layer below. */
const LAYERS: readonly (readonly string[])[] = [
  ['src/shared'],
  ['sw/clock.ts', 'sw/connectivity.ts', 'sw/config', 'sw/http', 'sw/retry', 'sw/storage'],
  ['sw/crypto', 'sw/entries'],
  ['sw/notices.ts'],
  ['sw/messages.ts', 'sw/stats.ts', 'sw/update-log.ts', 'sw/worker-connectivity.ts'],
  ['sw/plugins', 'sw/invalidation'],
  ['sw/strategies'],
  ['sw/routes', 'sw/precache', 'sw/quota'],
  ['sw/users'],
  ['sw/outbox'],
  ['sw/writes'],
  ['sw/features'],
  ['sw/core-requests.ts'],
  ['sw/install.ts', 'sw/install-everything.ts', 'sw/index.ts', 'sw/core.ts'],
  // The build side (`stowage/vite`, Node code) sits above both runtimes: nothing of theirs may import it.
  ['vite'],
];
const PAGE_LAYERS: readonly (readonly string[])[] = [['src/shared'], ['src/client'], ['src/index.ts'], ['vite']];

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(folder, file));
}

/** Relative imports of a file, as repository paths of .ts files. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].map(([, specifier]) => normalize(join(dirname(file), specifier!)).replace(/\.js$/, '.ts'));
}

function layerOf(file: string, layers: readonly (readonly string[])[]): number {
  const index = layers.findIndex((layer) => layer.some((place) => file === place || file.startsWith(`${place}/`)));
  if (index < 0) throw new Error(`${file} belongs to no layer: add its folder to LAYERS in ${relative(ROOT, new URL(import.meta.url).pathname)}`);
  return index;
}

function upwardImports(files: string[], layers: readonly (readonly string[])[]): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((target) => layerOf(target, layers) > layerOf(file, layers))
      .map((target) => `${file} -> ${target}`),
  );
}

function cycles(files: string[]): string[] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const found: string[] = [];
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      found.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'visiting');
    for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  return found;
}

describe('architecture', () => {
  const worker = [...sourceFiles('sw'), ...sourceFiles('src/shared')];
  const page = [...sourceFiles('src')];
  const plugin = sourceFiles('vite');

  it('the worker imports only downwards through its layers', () => {
    expect(upwardImports(worker, LAYERS)).toEqual([]);
  });

  it('the page client imports only the kernel below it, never the worker', () => {
    expect(upwardImports(page, PAGE_LAYERS)).toEqual([]);
    expect(page.flatMap((file) => importsOf(file).filter((target) => target.startsWith('sw/')))).toEqual([]);
  });

  it('the Vite plugin is build code of its own: it imports neither runtime, and neither imports it', () => {
    expect(plugin.flatMap((file) => importsOf(file).filter((target) => !target.startsWith('vite/')))).toEqual([]);
    expect([...worker, ...page].flatMap((file) => importsOf(file).filter((target) => target.startsWith('vite/')))).toEqual([]);
  });

  it('no module imports itself back through others', () => {
    expect(cycles([...worker, ...page, ...plugin])).toEqual([]);
  });
});
