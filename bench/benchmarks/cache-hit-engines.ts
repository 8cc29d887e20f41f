/**
 * Issue 12: the warm cache-first hit through Stowage against a bare worker, in each engine, through
 * the cross-engine driver of the tests (test/engines/support/). `npm run bench -- --engines=firefox`
 * picks engines (default: all three). The in-engine Chromium figures of cache-hit.ts stay the
 * reference; this one answers "does any engine make Stowage's hit path slower than the floor?".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineDriver, EngineName } from '../../test/engines/support/driver.js';
import { engines, launchEngine } from '../../test/engines/support/launch.js';
import type { Benchmark, BenchSection } from '../support/benchmark.js';
import { markdownTable } from '../support/markdown.js';
import { withVariantOrigins } from '../support/origin.js';
import { registerWorker, timedFetches } from '../support/page.js';
import { formatMs, formatRatio, quantile } from '../support/stats.js';

const VARIANTS = ['stowage', 'bare'] as const;
type Variant = (typeof VARIANTS)[number];
const FIXTURE_PATH = '/api/fixtures/bench/hit.json';
const WARMUP_FETCHES = 100;
const ROUNDS = 20;
const BATCHES_PER_ROUND = 5;
const FETCHES_PER_BATCH = 20;

/**
 * The mean time of one fetch over a batch of sequential fetches, timed as a whole: outside
 * cross-origin isolation Firefox and WebKit round performance.now() to a millisecond or so, coarser
 * than one warm hit, so single fetches cannot be timed there.
 */
function batchMeansMs(driver: EngineDriver, path: string): Promise<number[]> {
  return driver.evaluate(
    async ({ path, batches, perBatch }) => {
      const means: number[] = [];
      for (let batch = 0; batch < batches; batch += 1) {
        const start = performance.now();
        for (let i = 0; i < perBatch; i += 1) await (await fetch(path)).text();
        means.push((performance.now() - start) / perBatch);
      }
      return means;
    },
    { path, batches: BATCHES_PER_ROUND, perBatch: FETCHES_PER_BATCH },
  );
}

/** The engines named by `--engines=a,b` on the command line, or all three. */
export function selectedEngines(argv: readonly string[]): EngineName[] {
  const flag = argv.find((arg) => arg.startsWith('--engines='));
  if (!flag) return [...engines];
  const named = flag.slice('--engines='.length).split(',');
  const unknown = named.filter((name) => !engines.includes(name as EngineName));
  if (unknown.length > 0) throw new Error(`unknown engine ${unknown.join(', ')}: choose from ${engines.join(', ')}`);
  return named as EngineName[];
}

interface EngineResult {
  engine: EngineName;
  medianMs: Record<Variant, number>;
  /** Stowage's round median over the floor's, per round. */
  perRound: number[];
}

async function measureEngine(engine: EngineName, driver: EngineDriver): Promise<EngineResult> {
  return withVariantOrigins(VARIANTS, async (started) => {
    const samples: Record<Variant, number[]> = { stowage: [], bare: [] };
    const roundMedians: Record<Variant, number[]> = { stowage: [], bare: [] };
    // One tab, so each round opens the variant's origin again: the first fetches after a navigation are the warm-up.
    for (const { origin } of started) {
      await origin.fixture({ path: FIXTURE_PATH, headers: { 'Cache-Control': 'max-age=3600' }, size: 10 * 1024, contentType: 'application/json' });
      await driver.goto(origin.url);
      await registerWorker({ evaluate: driver.evaluate });
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let turn = 0; turn < started.length; turn += 1) {
        const { variant, origin } = started[(round + turn) % started.length]!;
        await driver.goto(origin.url);
        await timedFetches({ evaluate: driver.evaluate }, FIXTURE_PATH, round === 0 ? WARMUP_FETCHES : 10);
        const measured = await batchMeansMs(driver, FIXTURE_PATH);
        samples[variant].push(...measured);
        roundMedians[variant].push(quantile(measured, 0.5));
      }
    }
    for (const { variant, origin } of started) {
      if ((await origin.requestCount(FIXTURE_PATH)) > 2) throw new Error(`${engine} ${variant}: measured fetches reached the server`);
    }
    return {
      engine,
      medianMs: { stowage: quantile(samples.stowage, 0.5), bare: quantile(samples.bare, 0.5) },
      perRound: roundMedians.stowage.map((median, round) => median / roundMedians.bare[round]!),
    };
  });
}

export const cacheHitEngines: Benchmark = {
  name: 'cache-hit-engines',
  async run(): Promise<BenchSection> {
    const results: EngineResult[] = [];
    for (const engine of selectedEngines(process.argv.slice(2))) {
      const profileDir = await mkdtemp(join(tmpdir(), 'stowage-bench-engine-'));
      const driver = await launchEngine(engine, { profileDir });
      try {
        results.push(await measureEngine(engine, driver));
      } finally {
        await driver.close();
        await rm(profileDir, { recursive: true, force: true });
      }
      console.log(`${engine}: done`);
    }
    const table = markdownTable(
      ['engine', 'Stowage median (ms)', 'bare worker median (ms)', 'Stowage / bare', 'round by round (min – max)'],
      results.map(({ engine, medianMs, perRound }) => [
        engine,
        formatMs(medianMs.stowage),
        formatMs(medianMs.bare),
        formatRatio(medianMs.stowage / medianMs.bare),
        `${formatRatio(Math.min(...perRound))} – ${formatRatio(Math.max(...perRound))}`,
      ]),
    );
    const method =
      `Method: per engine, one browser through the test driver (Chromium by Playwright, Firefox ESR over WebDriver BiDi, ` +
      `WebKitGTK through WebKitWebDriver), the Stowage and bare workers each on its own origin, a 10 KB JSON fixture with ` +
      `\`max-age=3600\`; ${ROUNDS} rounds per worker, alternating, each after a warm-up, of ${BATCHES_PER_ROUND} batches of ` +
      `${FETCHES_PER_BATCH} sequential fetches timed as a whole (a sample is a batch's mean per fetch: pages outside ` +
      `cross-origin isolation get coarse timers in Firefox and WebKit). The server log confirms the measured fetches were hits.`;
    return { title: 'Warm cache-first hit per engine: Stowage vs a bare worker', markdown: [table, '', method].join('\n') };
  },
};
