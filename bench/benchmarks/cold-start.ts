/**
 * Issue 10: the first cached hit after the browser stopped the worker (Chromium stops an idle one
 * after about 30 s), so the hit pays for starting it: evaluating the script, and whatever it reads
 * before answering. Stowage side by side with the bare floor and Workbox CacheFirst. Goal: ≤ 1.1x
 * Workbox CacheFirst.
 */
import type { CDPSession, Page } from '@playwright/test';
import type { Benchmark, BenchSection } from '../support/benchmark.js';
import { markdownTable } from '../support/markdown.js';
import { withVariantOrigins, type BenchOrigin } from '../support/origin.js';
import { openControlledPage, openSpacerPage, timedFetches } from '../support/page.js';
import { ratioOf, roundRobin } from '../support/round-robin.js';
import { formatMs, formatRatio, quantile } from '../support/stats.js';

const VARIANTS = ['stowage', 'stowage-app', 'bare', 'workbox'] as const;
type Variant = (typeof VARIANTS)[number];
const LABELS: Record<Variant, string> = {
  stowage: 'Stowage, reads only',
  'stowage-app': 'Stowage with writes, users and expiration (shared route)',
  bare: 'bare worker (floor)',
  workbox: 'Workbox CacheFirst',
};
const FIXTURE_PATH = '/api/fixtures/bench/cold.json';
const ROUNDS = 60;

interface Subject {
  variant: Variant;
  origin: BenchOrigin;
  page: Page;
  cdp: CDPSession;
  stopped: () => Promise<void>;
}

/**
 * Resolves once every worker version CDP reports is `stopped`: `stopAllWorkers` answers while a worker
 * is still `stopping`, and a fetch sent then may be answered by the old, warm worker.
 */
function watchStops(cdp: CDPSession): () => Promise<void> {
  const status = new Map<string, string>();
  let changed: () => void = () => undefined;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) status.set(version.versionId, version.runningStatus);
    changed();
  });
  return async () => {
    while ([...status.values()].some((running) => running !== 'stopped')) await new Promise<void>((resolve) => (changed = resolve));
  };
}

/** Stops the subject's worker, then times one fetch from its page: the worker starts to answer it. */
async function coldHit({ page, cdp, stopped }: Subject): Promise<number[]> {
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped();
  return timedFetches(page, FIXTURE_PATH, 1);
}

export const coldStart: Benchmark = {
  name: 'cold-start',
  async run({ browser }): Promise<BenchSection> {
    const results = await withVariantOrigins(VARIANTS, async (started) => {
      const subjects: Subject[] = [];
      for (const { variant, origin } of started) {
        await origin.fixture({ path: FIXTURE_PATH, headers: { 'Cache-Control': 'max-age=3600' }, size: 10 * 1024, contentType: 'application/json' });
        const page = await openControlledPage(browser, origin.url);
        const cdp = await page.context().newCDPSession(page);
        const stopped = watchStops(cdp);
        await cdp.send('ServiceWorker.enable');
        await timedFetches(page, FIXTURE_PATH, 5);
        subjects.push({ variant, origin, page, cdp, stopped });
      }
      const spacer = await openSpacerPage(browser);
      const before = await Promise.all(subjects.map(({ origin }) => origin.requestCount(FIXTURE_PATH)));
      const measured = await roundRobin(subjects, ROUNDS, coldHit);
      for (const [index, { variant, origin }] of subjects.entries()) {
        const reached = (await origin.requestCount(FIXTURE_PATH)) - before[index]!;
        if (reached !== 0) throw new Error(`${variant}: ${reached} cold fetches reached the server; they were not all cache hits`);
      }
      for (const page of [...subjects.map((subject) => subject.page), spacer]) await page.context().close();
      return new Map(subjects.map((subject) => [subject.variant, measured.get(subject)!]));
    });
    const of = (variant: Variant) => results.get(variant)!;
    const latency = markdownTable(
      ['worker', 'median (ms)', 'p95 (ms)', 'samples'],
      VARIANTS.map((variant) => [LABELS[variant], formatMs(quantile(of(variant).samples, 0.5)), formatMs(quantile(of(variant).samples, 0.95)), String(of(variant).samples.length)]),
    );
    const ratioRow = (a: Variant, b: Variant): string[] => {
      const ratio = ratioOf(of(a), of(b));
      return [`${LABELS[a]} / ${LABELS[b]}`, formatRatio(ratio.median), formatRatio(ratio.p95), `${formatRatio(ratio.min)} – ${formatRatio(ratio.max)}`];
    };
    const ratios = markdownTable(
      ['ratio', 'median', 'p95', 'median, round by round (min – max)'],
      [ratioRow('stowage', 'workbox'), ratioRow('stowage-app', 'workbox'), ratioRow('workbox', 'bare'), ratioRow('stowage', 'bare')],
    );
    const goal = ratioOf(of('stowage'), of('workbox')).median;
    const markdown = [
      latency,
      '',
      ratios,
      '',
      `Goal (issue 10): Stowage's first hit after a stop ≤ 1.1x Workbox CacheFirst's (median ${formatRatio(goal)}: ${goal <= 1.1 ? 'met' : 'not met'}). ` +
        'A shared route\'s hit reads nothing from IndexedDB on the way: only private routes and writes wait for the current user and an interrupted logout.',
      '',
      `Method: each worker on its own origin and browser context; a 10 KB JSON fixture (\`max-age=3600\`) is cached first. Then ${ROUNDS} rounds, ` +
        'round-robin with the first turn rotating: CDP `ServiceWorker.stopAllWorkers`, a wait until CDP reports every worker `stopped` (the command answers while one is still `stopping`), ' +
        'then one timed `fetch()` + `text()` from the page, which starts the worker. ' +
        'An empty page is opened after the measured ones: headless Chromium favours the page opened last, which made the last variant look twice as fast. ' +
        'The server log confirms every measured fetch was a cache hit.',
    ].join('\n');
    return { title: 'Cold start: the first cached hit after the worker was stopped', markdown };
  },
};
