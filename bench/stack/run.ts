/**
 * `npm run stack:bench` (issue 14): replays one seeded trace against five configurations of the
 * stack (no cache; Varnish only; Stowage only; Varnish + Stowage; Varnish + Stowage + feed), for
 * Zipf exponents 0.8 and 1.0, with real Chromium contexts as the users and real Varnish, and writes
 * its section of BENCHMARKS.md. Reports; asserts nothing but the goal line it prints.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfNeeded } from '../../demo/stack/build.js';
import { startStack } from '../../demo/stack/stack.js';
import { launchChromium } from '../support/browser.js';
import { CONFIGURATIONS } from './configurations.js';
import type { ReplayMetrics } from './metrics.js';
import { STALE_AFTER_MS } from './metrics.js';
import { replayConfiguration } from './replay-configuration.js';
import { resultsTable, writeSection } from './report.js';
import { makeTrace } from './trace.js';
import type { TraceParams } from './trace.js';

/** STACK_BENCH_OPS scales the run down for a quick look (the figures in BENCHMARKS.md use the default). */
const OPS = Number(process.env['STACK_BENCH_OPS'] ?? 200);
const BASE: Omit<TraceParams, 'exponent'> = {
  seed: 14,
  notes: 1000,
  users: 4,
  warmupPerUser: Math.round(OPS / 2),
  opsPerUser: OPS,
  writeShare: 0.05,
  privateShare: 0.2,
};
const EXPONENTS = [0.8, 1.0];
const GOAL = 0.9;

function describe(params: TraceParams): string {
  return `seed ${params.seed}, ${params.notes} notes, Zipf s=${params.exponent}, ${params.users} users (Chromium contexts) × ` +
    `(${params.warmupPerUser} warm-up + ${params.opsPerUser} measured) operations, ${params.writeShare * 100}% writes, ` +
    `${params.privateShare * 100}% of reads per-user`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const load = loadavg()[0]!;
  // The tests' build: the devices' writes use its test write routes (X-Test-Outbox).
  buildIfNeeded('dist/test', 'build:test');
  const dataDir = await mkdtemp(join(tmpdir(), 'stowage-stack-bench-'));
  const stack = await startStack({ port: 0, dataDir, distDir: 'dist/test' });
  const browser = await launchChromium();
  const parts: string[] = [];
  const goals: string[] = [];
  try {
    for (const exponent of EXPONENTS) {
      const params = { ...BASE, exponent };
      const trace = makeTrace(params);
      const rows: Array<{ name: string; metrics: ReplayMetrics }> = [];
      for (const configuration of CONFIGURATIONS) {
        const t0 = Date.now();
        rows.push({ name: configuration.name, metrics: await replayConfiguration(browser, stack, configuration, params, trace) });
        console.log(`s=${exponent}: ${configuration.name} replayed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
      const table = resultsTable(rows);
      console.log(`\n${describe(params)}\n\n${table}\n`);
      const total = (m: ReplayMetrics): number => m.origin200 + m.origin304 + m.originWrites;
      const none = rows[0]!.metrics;
      const both = rows.find((row) => row.name === 'Varnish + Stowage')!.metrics;
      const reduction = 1 - total(both) / total(none);
      const readReduction = 1 - (both.origin200 + both.origin304) / (none.origin200 + none.origin304);
      const publicReduction = 1 - both.originPublic200 / Math.max(1, none.originPublic200);
      // Writes always reach the origin, and so does the first read after a write of each note it
      // purged (the refill); per-user reads, fresh for a minute and invalidated by their owner's
      // feed rows, need none once warm. What is left is the floor of any purge-on-write stack.
      const ceiling = 1 - (both.originWrites + both.refillsAfterWrites) / total(none);
      const line = `s=${exponent}: Varnish + Stowage cut origin requests by ${(reduction * 100).toFixed(1)}% (reads ${(readReduction * 100).toFixed(1)}%, ` +
        `public note reads ${(publicReduction * 100).toFixed(1)}%) against no cache; goal ≥ ${GOAL * 100}%: ${reduction >= GOAL ? 'met' : 'not met'} ` +
        `overall, ${publicReduction >= GOAL ? 'met' : 'not met'} on public reads; stale reads past 1 s with the page's feed: ${both.staleReads}. Ceiling with this mix: ${(ceiling * 100).toFixed(1)}% ` +
        `(the ${both.originWrites} writes and the ${both.refillsAfterWrites} refills of notes read again after a write always reach the origin)`;
      goals.push(line);
      parts.push(`### Zipf s=${exponent}`, '', `Trace: ${describe(params)}.`, '', table, '', `- ${line}`, '');
    }
  } finally {
    await browser.close();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const cpu = cpus();
  const markdown = [
    '## The whole stack: origin load saved by Varnish and Stowage (issue 14)',
    '',
    `Written by \`npm run stack:bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ` +
      `1-minute load ${load.toFixed(1)} at the start, Varnish 7.1 with xkey, one app server, Chromium ${browser.version()} (headless).`,
    '',
    'Each configuration starts from a fresh database, an empty Varnish and new browser contexts, replays the warm-up, then the measured part; ' +
      'only the measured part is counted. Origin figures come from the origin\'s own request log (the feed stream and logins left out); ' +
      `"stale reads" are public reads that returned a version older than a write committed more than ${STALE_AFTER_MS} ms before the read started; ` +
      '"commit→other device" is the commit (the note\'s updatedAt) to the feed event\'s arrival on each other device; "duplicates" are committed effects ' +
      '(invalidation-log rows) beyond one per acknowledged write. The Varnish hit ratio is varnishstat\'s (hits over hits, misses and passes, purges excluded); ' +
      'Stowage\'s figure is the reads its worker answered from its cache (its stats()): fresh hits, plus stale copies served at once while it revalidates them ' +
      '(a note says `max-age=5`, so most of its copies are stale by their next use, and those revalidations are what Varnish answers); the worker\'s own Cache-Status ' +
      'member (the hierarchy issue) is not on main yet. Writes go through the worker\'s write-through test route, so each answer is its commit.',
    '',
    'Reading the figures: per-user reads (`/api/me`, `/api/inbox`) are `private, max-age=60`, passed by Varnish and used by each ' +
      'user\'s Stowage partition without asking, because every change of them reaches the owner\'s devices as a user-scoped feed row; ' +
      'once warm they cost the origin nothing. The origin\'s floor is then its writes plus one refill per written note that is read again ' +
      '(the purge empties it from Varnish): the ceiling under each table is computed from that replay\'s own order of operations. ' +
      'Varnish refuses to store a read the origin began before the newest purged commit (`Stowage-Read-Seq` below the last ' +
      '`Stowage-Purge-Seq`), so no in-flight read refills it with an old note. ' +
      'The feed is on in every Stowage configuration: the demo page registers it (`register(url, { invalidations })`) and its worker applies ' +
      'each event as `expire`, so a copy another device\'s write made old is revalidated on its next use; the last configuration adds each ' +
      'device\'s eager refresh of the notes an event names (one refill even for notes nobody reads again) and measures commit→other device, ' +
      'which the others do not. Page latency is measured inside the page on a shared 2-core machine, where the worker\'s ' +
      'own work costs more than a loopback round trip to the origin; compare the origin columns, not the milliseconds.',
    '',
    ...parts,
  ].join('\n');
  await writeSection('BENCHMARKS.md', markdown);
  console.log(goals.join('\n'));
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(0)} s; wrote its section of BENCHMARKS.md.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
