/**
 * Issue 2: what a warm cache-first hit costs through Stowage, against a bare hand-written worker (the
 * floor) and plain Workbox `CacheFirst`. Goal: Stowage within 1.15x of the floor, and no slower than
 * Workbox.
 */
import type { Page } from '@playwright/test';
import type { Benchmark, BenchContext, BenchSection } from '../support/benchmark.js';
import { markdownTable } from '../support/markdown.js';
import { withVariantOrigins, type BenchOrigin } from '../support/origin.js';
import { isCrossOriginIsolated, openControlledPage, openSpacerPage, timedFetches } from '../support/page.js';
import { formatMs, formatRatio, quantile, summarize, type Summary } from '../support/stats.js';

const VARIANTS = ['stowage', 'stowage-plain', 'bare', 'workbox'] as const;
type Variant = (typeof VARIANTS)[number];
const LABELS: Record<Variant, string> = {
  stowage: 'Stowage',
  'stowage-plain': 'Stowage, `http: false`',
  bare: 'bare worker (floor)',
  workbox: 'Workbox CacheFirst',
};

const FIXTURE_PATH = '/api/fixtures/bench/hit.json';
const BODY_BYTES = 10 * 1024;
const WARMUP_FETCHES = 100;
const ROUNDS = 40;
const FETCHES_PER_ROUND = 50;

/** A JSON document of exactly `bytes` bytes. */
function jsonBody(bytes: number): string {
  const shell = JSON.stringify({ items: [], padding: '' });
  const body = JSON.stringify({ items: [], padding: 'x'.repeat(bytes - shell.length) });
  if (body.length !== bytes) throw new Error(`fixture body is ${body.length} bytes, not ${bytes}`);
  return body;
}

interface Subject {
  variant: Variant;
  origin: BenchOrigin;
  page: Page;
  samples: number[];
  /** The median of each round, for the spread of the ratios from round to round. */
  roundMedians: number[];
}

async function measure({ browser }: BenchContext): Promise<{ subjects: Subject[]; isolated: boolean }> {
  return withVariantOrigins(VARIANTS, async (started) => {
    const subjects: Subject[] = [];
    for (const { variant, origin } of started) {
      await origin.fixture({
        path: FIXTURE_PATH,
        headers: { 'Cache-Control': 'max-age=3600' },
        body: jsonBody(BODY_BYTES),
        contentType: 'application/json; charset=utf-8',
      });
      subjects.push({ variant, origin, page: await openControlledPage(browser, origin.url), samples: [], roundMedians: [] });
    }
    const spacer = await openSpacerPage(browser);
    const isolated = (await Promise.all(subjects.map(({ page }) => isCrossOriginIsolated(page)))).every(Boolean);

    // The first fetch fills the cache; the rest of the warm-up lets the worker and the page JIT settle.
    // (A worker may store the first response after answering, so the second fetch can miss too.)
    for (const { page } of subjects) await timedFetches(page, FIXTURE_PATH, WARMUP_FETCHES);
    const warmupRequests = await Promise.all(subjects.map(({ origin }) => origin.requestCount(FIXTURE_PATH)));

    // Round-robin, rotating who goes first, so drift in the machine's load is shared by all of them.
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let turn = 0; turn < subjects.length; turn += 1) {
        const subject = subjects[(round + turn) % subjects.length]!;
        const samples = await timedFetches(subject.page, FIXTURE_PATH, FETCHES_PER_ROUND);
        subject.samples.push(...samples);
        subject.roundMedians.push(quantile(samples, 0.5));
      }
    }

    // Every measured fetch must have been a hit: none of them reached the server.
    for (const [index, { variant, origin }] of subjects.entries()) {
      const measured = (await origin.requestCount(FIXTURE_PATH)) - warmupRequests[index]!;
      if (measured !== 0) throw new Error(`${variant}: ${measured} measured fetches reached the server; they were not all cache hits`);
    }
    for (const page of [...subjects.map((subject) => subject.page), spacer]) await page.context().close();
    return { subjects, isolated };
  });
}

export const cacheHit: Benchmark = {
  name: 'cache-hit',
  async run(context): Promise<BenchSection> {
    const { subjects, isolated } = await measure(context);
    const summary = Object.fromEntries(subjects.map(({ variant, samples }) => [variant, summarize(samples)])) as Record<Variant, Summary>;

    const latency = markdownTable(
      ['worker', 'median (ms)', 'p95 (ms)', 'samples'],
      VARIANTS.map((variant) => [LABELS[variant], formatMs(summary[variant].medianMs), formatMs(summary[variant].p95Ms), String(summary[variant].count)]),
    );
    const roundMedians = Object.fromEntries(subjects.map(({ variant, roundMedians }) => [variant, roundMedians])) as Record<Variant, number[]>;
    const ratio = (a: Variant, b: Variant): string[] => {
      const perRound = roundMedians[a].map((median, round) => median / roundMedians[b][round]!);
      return [
        `${LABELS[a]} / ${LABELS[b]}`,
        formatRatio(summary[a].medianMs / summary[b].medianMs),
        formatRatio(summary[a].p95Ms / summary[b].p95Ms),
        `${formatRatio(Math.min(...perRound))} – ${formatRatio(Math.max(...perRound))}`,
      ];
    };
    const ratios = markdownTable(
      ['ratio', 'median', 'p95', 'median, round by round (min – max)'],
      [ratio('stowage', 'bare'), ratio('workbox', 'bare'), ratio('stowage', 'workbox'), ratio('stowage-plain', 'workbox')],
    );

    const stowageVsBare = summary.stowage.medianMs / summary.bare.medianMs;
    const stowageVsWorkbox = summary.stowage.medianMs / summary.workbox.medianMs;
    const verdict =
      `Goal (issue 2): Stowage within 1.15x of the floor (median ${formatRatio(stowageVsBare)}: ${stowageVsBare <= 1.15 ? 'met' : 'not met'}) ` +
      `and no slower than Workbox (median ${formatRatio(stowageVsWorkbox)}: ${stowageVsWorkbox <= 1 ? 'met' : 'not met'}). ` +
      `A few percent either way is within the noise of one run: see the round-by-round range. ` +
      `The same route with \`http: false\` shows what the HTTP rules cost on a hit: the stored policy's verdict, and a new ` +
      `Response around the stored body so it carries the \`Age\` header RFC 9111 §4 requires and not Stowage's bookkeeping headers.`;

    const method =
      'An empty page is opened after the measured ones: headless Chromium favours the page opened last, which made the last variant look up to twice as fast. ' +
        `Method: each worker runs on its own origin (a demo server on its own port) in its own browser context, all open at once. ` +
      `A ${BODY_BYTES / 1024} KB JSON fixture served with \`Cache-Control: max-age=3600\` is fetched once to fill the cache, ` +
      `then ${WARMUP_FETCHES} times per worker to warm up, then ${ROUNDS} rounds of ${FETCHES_PER_ROUND} sequential fetches per worker, ` +
      `round-robin with the first turn rotating. Each sample is \`performance.now()\` around \`await (await fetch(url)).text()\` in the page` +
      `${isolated ? ' (cross-origin isolated, so the timer resolution is 5 µs)' : ' (not cross-origin isolated: the timer resolution is 100 µs)'}. ` +
      `The server log confirms every measured fetch was a cache hit.`;

    const markdown = [latency, '', ratios, '', verdict, '', method].join('\n');
    return { title: 'Warm cache-first hit: Stowage vs a bare worker vs Workbox', markdown };
  },
};
