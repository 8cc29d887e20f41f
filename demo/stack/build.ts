/**
 * Builds the demo app (`npm run build:demo`, or the tests' build with `build:test`) when its output
 * is missing or older than its sources.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['demo/app', 'src', 'sw', 'vite', 'test/worker', 'index.html', 'vite.config.ts'];

function newestMtime(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function buildIfNeeded(distDir: string, script: 'build:demo' | 'build:test' = 'build:demo'): void {
  const built = Math.min(newestMtime(join(distDir, 'index.html')) || 0, newestMtime(join(distDir, 'sw.js')) || 0);
  if (built > 0 && built >= Math.max(...SOURCES.map(newestMtime))) return;
  console.log(`Building the demo (npm run ${script})…`);
  const result = spawnSync('npm', ['run', script], { stdio: 'inherit', env: { ...process.env, STOWAGE_DIST: distDir } });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (${result.status ?? result.signal})`);
}
