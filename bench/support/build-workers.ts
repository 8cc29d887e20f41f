import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';

export const BENCH_DIST = resolve(process.env.STOWAGE_BENCH_DIST ?? 'dist/bench');

/** The page every variant's origin serves at `/`: it does nothing, the benchmark drives it. */
const PAGE = '<!doctype html>\n<meta charset="utf-8">\n<title>Stowage bench</title>\n';

/**
 * Builds `bench/workers/<name>-sw.ts` into `dist/bench/<name>/sw.js`, next to a blank index.html, for
 * each name: one build per worker, so each is a self-contained classic script (a shared chunk would
 * make it a module worker), built like the demo's worker (see vite.config.ts). Returns the folders.
 */
export async function buildWorkers(names: readonly string[]): Promise<Record<string, string>> {
  const folders: Record<string, string> = {};
  for (const name of names) {
    const outDir = join(BENCH_DIST, name);
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        copyPublicDir: false,
        rolldownOptions: {
          input: { sw: `bench/workers/${name}-sw.ts` },
          output: { entryFileNames: '[name].js', format: 'es' },
        },
      },
    });
    await writeFile(join(outDir, 'index.html'), PAGE);
    folders[name] = outDir;
  }
  return folders;
}
