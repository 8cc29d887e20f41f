/** The stack benchmark's section of BENCHMARKS.md, rewritten in place between its markers; the rest of the file is left alone. */
import { readFile, writeFile } from 'node:fs/promises';
import { markdownTable } from '../support/markdown.js';
import { quantile } from '../support/stats.js';
import type { ReplayMetrics } from './metrics.js';

export const BEGIN = '<!-- stack-bench:begin (written by npm run stack:bench) -->';
export const END = '<!-- stack-bench:end -->';

const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

export function resultsTable(rows: Array<{ name: string; metrics: ReplayMetrics }>): string {
  const header = [
    'configuration', 'origin 200s', 'origin 304s', 'origin writes', 'origin KB out', 'origin requests vs no cache',
    'Varnish hit ratio', 'Stowage hits (fresh + stale-while-revalidate)', 'read p50 ms', 'read p95 ms', 'stale reads', 'commit→other device p50/p95 ms', 'duplicates',
  ];
  const baseline = rows[0]!.metrics;
  const total = (m: ReplayMetrics): number => m.origin200 + m.origin304 + m.originWrites;
  return markdownTable(
    header,
    rows.map(({ name, metrics: m }) => [
      name,
      String(m.origin200),
      String(m.origin304),
      String(m.originWrites),
      (m.originBytes / 1024).toFixed(0),
      `−${percent(1 - total(m) / total(baseline))}`,
      m.varnish ? percent(m.varnish.hitRatio) : '—',
      m.stowageHitRatio === undefined ? '—' : `${percent(m.stowageHitRatio)} + ${percent(m.stowageStaleRatio ?? 0)}`,
      m.latencyP50.toFixed(1),
      m.latencyP95.toFixed(1),
      `${m.staleReads} (${percent(m.staleReads / Math.max(1, m.publicReads))})`,
      m.feedDelays.length ? `${quantile(m.feedDelays, 0.5).toFixed(0)} / ${quantile(m.feedDelays, 0.95).toFixed(0)}` : 'not measured',
      String(m.duplicates),
    ]),
  );
}

export async function writeSection(file: string, markdown: string): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const section = `${BEGIN}\n${markdown}\n${END}`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + END.length) : `${current.trimEnd()}\n\n${section}\n`;
  await writeFile(file, next);
}
