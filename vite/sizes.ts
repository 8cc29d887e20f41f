import type { Logger } from 'vite';
import type { ManifestReport } from './manifest.js';

/** `12.34 kB`, as Vite prints its own sizes. */
export function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(2)} kB`;
}

/** The precache, tier by tier, with each file's size: after a build, and what a build would store from the dev server. */
export function printPrecache(logger: Logger, report: ManifestReport, heading: string): void {
  const total = (files: readonly { bytes: number }[]): number => files.reduce((sum, { bytes }) => sum + bytes, 0);
  const { critical, warm } = report.files;
  logger.info(`${heading}: ${critical.length} critical (${kilobytes(total(critical))}), ${warm.length} warm (${kilobytes(total(warm))})`);
  const width = Math.max(0, ...[...critical, ...warm].map(({ fileName }) => fileName.length));
  for (const [tier, files] of [['critical', critical], ['warm', warm]] as const) {
    for (const { fileName, bytes } of files) logger.info(`  ${tier.padEnd(8)} ${fileName.padEnd(width)}  ${kilobytes(bytes).padStart(10)}`);
  }
  for (const { fileName, bytes } of report.skipped) {
    // A warning, never an error: a big file is still served, cached at run time by the app's routes.
    logger.warn(`stowage: ${fileName} (${kilobytes(bytes)}) is over the precache size budget (maxFileBytes): left to the worker's routes at run time`);
  }
}
