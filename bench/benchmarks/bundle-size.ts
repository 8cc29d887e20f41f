import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Benchmark } from '../support/benchmark.js';
import { markdownTable } from '../support/markdown.js';

/** The budgets (issue 10), in gzip bytes. Exceeding one fails `npm run bench`. */
const BUDGETS: Record<string, number> = { reads: 8 * 1024, everything: 12 * 1024 };

const BUNDLES = [
  { name: 'reads', label: 'Stowage, reads only (`stowage/sw/core`, one cache-first route)' },
  { name: 'reads-writes', label: 'Stowage, reads + write-behind (`withWrites`)' },
  { name: 'reads-default-entry', label: 'Stowage, one cache-first route through `stowage/sw` (every feature included)' },
  { name: 'everything', label: 'Stowage, every feature (writes, private + encrypted, maxEntries, early refresh)' },
  { name: 'workbox-cache-first', label: 'Workbox CacheFirst' },
  { name: 'workbox-routing-expiration', label: 'Workbox routing + three strategies + expiration' },
] as const;

/** One worker entry as an app's bundler would ship it: esbuild, minified, production, gzip -9. */
async function measure(name: string): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    entryPoints: [`bench/bundles/${name}.ts`],
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

export const bundleSize: Benchmark = {
  name: 'bundle-size',
  async run() {
    const rows: string[][] = [];
    const failures: string[] = [];
    for (const { name, label } of BUNDLES) {
      const { minified, gzip } = await measure(name);
      const budget = BUDGETS[name];
      const verdict = budget === undefined ? '' : gzip <= budget ? `≤ ${kb(budget)}: met` : `≤ ${kb(budget)}: **EXCEEDED**`;
      if (budget !== undefined && gzip > budget) failures.push(`${label} is ${kb(gzip)} KB gzip, over its budget of ${kb(budget)} KB`);
      rows.push([label, kb(minified), kb(gzip), verdict]);
      console.log(`${label}: ${kb(minified)} KB minified, ${kb(gzip)} KB gzip ${verdict}`);
    }
    const markdown = [
      markdownTable(['worker', 'minified (KB)', 'gzip -9 (KB)', 'budget (KB gzip)'], rows),
      '',
      'Method: each entry in `bench/bundles/` bundled by esbuild as an IIFE, minified, with `process.env.NODE_ENV` set to `"production"` (as an app build does; development-only messages drop out), then gzip level 9. ' +
        'A worker built on `stowage/sw/core` pays only for the features it imports: `withWrites` (write routes, the outbox, and the users it records), `withUsers` (private and encrypted routes, `setUser`, `clear`), `withExpiration` (`maxEntries`); `stowage/sw` includes them all, so any config works without listing features. `npm run bench` fails when a budget is exceeded.',
    ].join('\n');
    return { title: 'Worker size: what an app ships', markdown, failures };
  },
};
