/**
 * Issue 10: a warm cache-first hit of a large body. The stored body must be streamed to the page, not
 * copied, so the cost over the bare floor stays flat as the body grows. Goals: ≤ 1.05x the floor at
 * 10 KB, ≤ 1.1x at 1 MB.
 */
import type { Page } from '@playwright/test';
import type { Benchmark, BenchSection } from '../support/benchmark.js';
import { markdownTable } from '../support/markdown.js';
import { withVariantOrigins, type BenchOrigin } from '../support/origin.js';
import { openControlledPage, openSpacerPage, timedFetches } from '../support/page.js';
import { ratioOf, roundRobin } from '../support/round-robin.js';
import { formatMs, formatRatio, quantile } from '../support/stats.js';

const VARIANTS = ['stowage', 'bare', 'workbox'] as const;
type Variant = (typeof VARIANTS)[number];
const SIZES = [
  { label: '10 KB', bytes: 10 * 1024, rounds: 30, fetchesPerRound: 30, goal: 1.05 },
  { label: '1 MB', bytes: 1024 * 1024, rounds: 20, fetchesPerRound: 5, goal: 1.1 },
] as const;

interface Subject {
  variant: Variant;
  origin: BenchOrigin;
  page: Page;
}

export const largeHit: Benchmark = {
  name: 'large-hit',
  async run({ browser }): Promise<BenchSection> {
    const rows: string[][] = [];
    const verdicts: string[] = [];
    await withVariantOrigins(VARIANTS, async (started) => {
      const subjects: Subject[] = [];
      for (const { variant, origin } of started) subjects.push({ variant, origin, page: await openControlledPage(browser, origin.url) });
      const spacer = await openSpacerPage(browser);
      for (const size of SIZES) {
        const path = `/api/fixtures/large/${size.bytes}.txt`;
        for (const { origin, page } of subjects) {
          await origin.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, size: size.bytes });
          await timedFetches(page, path, 10);
        }
        const before = await Promise.all(subjects.map(({ origin }) => origin.requestCount(path)));
        const measured = await roundRobin(subjects, size.rounds, ({ page }) => timedFetches(page, path, size.fetchesPerRound));
        for (const [index, { variant, origin }] of subjects.entries()) {
          if ((await origin.requestCount(path)) !== before[index]) throw new Error(`${variant}: measured ${size.label} fetches reached the server`);
        }
        const of = (variant: Variant) => measured.get(subjects.find((subject) => subject.variant === variant)!)!;
        const vsFloor = ratioOf(of('stowage'), of('bare'));
        const vsWorkbox = ratioOf(of('stowage'), of('workbox'));
        rows.push([
          size.label,
          ...VARIANTS.map((variant) => formatMs(quantile(of(variant).samples, 0.5))),
          formatRatio(vsFloor.median),
          `${formatRatio(vsFloor.min)} – ${formatRatio(vsFloor.max)}`,
          formatRatio(vsWorkbox.median),
        ]);
        verdicts.push(`${size.label}: ≤ ${size.goal.toFixed(2)}x the floor (median ${formatRatio(vsFloor.median)}: ${vsFloor.median <= size.goal ? 'met' : 'not met'})`);
      }
      for (const page of [...subjects.map((subject) => subject.page), spacer]) await page.context().close();
    });
    const markdown = [
      markdownTable(
        ['body', 'Stowage median (ms)', 'bare median (ms)', 'Workbox median (ms)', 'Stowage / bare', 'round by round (min – max)', 'Stowage / Workbox'],
        rows,
      ),
      '',
      `Goals (issue 10): ${verdicts.join('; ')}.`,
      '',
      'An empty page is opened after the measured ones: headless Chromium favours the page opened last, which made the last variant look up to twice as fast. ' +
        'Method: one origin and browser context per worker (Stowage with one cache-first route, the bare `caches.match()` worker, Workbox CacheFirst). ' +
        'Each body size is cached with `max-age=3600` and fetched 10 times to warm up, then measured in rounds, round-robin with the first turn rotating; ' +
        'each sample is `performance.now()` around `await (await fetch(url)).text()` in the page. The server log confirms every measured fetch was a hit.',
    ].join('\n');
    return { title: 'Large warm hits: 10 KB and 1 MB against the floor', markdown };
  },
};
