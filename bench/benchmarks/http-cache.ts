/**
 * Issue 3: what HTTP-correct caching saves the server, against plain Workbox.
 * - Stampede: server requests for 100 concurrent page requests to one entry (missing, or stale).
 *   Goal: 1 for Stowage, where Workbox sends 100.
 * - Revalidation bytes: what a stale-while-revalidate refresh of an unchanged 100 KB entry downloads.
 *   Goal: headers only (a 304) for Stowage, where Workbox downloads the whole body again.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { Benchmark, BenchContext, BenchSection } from '../support/benchmark.js';
import { buildWorkers } from '../support/build-workers.js';
import { markdownTable } from '../support/markdown.js';
import { BenchOrigin } from '../support/origin.js';
import { openControlledPage } from '../support/page.js';

const VARIANTS = ['http-stowage', 'http-workbox', 'http-workbox-no-store'] as const;
type Variant = (typeof VARIANTS)[number];
const LABELS: Record<Variant, string> = {
  'http-stowage': 'Stowage',
  'http-workbox': 'Workbox (browser HTTP cache underneath)',
  'http-workbox-no-store': 'Workbox, HTTP cache bypassed',
};

const CONCURRENT = 100;
/** A real server takes a moment to answer; without it "concurrent" would depend on scheduling luck. */
const SERVER_LATENCY_MS = 500;
const BODY_BYTES = 100 * 1024;
const REFRESHES = 5;

interface Subject {
  variant: Variant;
  origin: BenchOrigin;
  page: Page;
}

function fetchConcurrently(page: Page, path: string, count: number): Promise<void> {
  return page.evaluate(
    async ({ path, count }) => void (await Promise.all(Array.from({ length: count }, () => fetch(path).then((response) => response.text())))),
    { path, count },
  );
}

/** Bytes the worker's own network requests for `path` transferred (headers and body), from its Resource Timing entries. */
async function transferredBytes(context: BrowserContext, path: string): Promise<number[]> {
  const [worker] = context.serviceWorkers();
  if (!worker) throw new Error('no service worker to read Resource Timing from');
  return worker.evaluate(
    (path) =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname === path)
        .map((entry) => (entry as PerformanceResourceTiming).transferSize),
    path,
  );
}

async function stampede({ origin, page }: Subject, kind: 'missing' | 'stale'): Promise<number> {
  const path = kind === 'missing' ? '/api/fixtures/cf/missing' : '/api/fixtures/swr/stale';
  await origin.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"1"' }, body: 'x'.repeat(1024) });
  if (kind === 'stale') await fetchConcurrently(page, path, 1);
  // Let the first response be stored, so the hundred find the entry.
  await page.waitForTimeout(200);
  const before = await origin.requestCount(path);
  await origin.fault({ path, mode: 'delay', latencyMs: SERVER_LATENCY_MS });
  await fetchConcurrently(page, path, CONCURRENT);
  // Background refreshes (stale-while-revalidate) may still be queued behind the browser's six
  // connections per host: count until no more arrive.
  let count = -1;
  for (let now = await origin.requestCount(path); now !== count; now = await origin.requestCount(path)) {
    count = now;
    await page.waitForTimeout(SERVER_LATENCY_MS * 3);
  }
  return count - before;
}

async function refreshBytes({ origin, page }: Subject): Promise<{ bytes: number[]; statuses: Array<number | string | null> }> {
  const path = '/api/fixtures/swr/large';
  await origin.fixture({ path, headers: { 'Cache-Control': 'max-age=0', ETag: '"large"' }, size: BODY_BYTES });
  await fetchConcurrently(page, path, 1);
  await page.waitForTimeout(200);
  for (let i = 0; i < REFRESHES; i += 1) {
    // Each use serves the stale entry and refreshes it in the background; wait for the refresh.
    const before = await origin.requestCount(path);
    await fetchConcurrently(page, path, 1);
    for (let wait = 0; wait < 50 && (await origin.requestCount(path)) === before; wait += 1) await page.waitForTimeout(20);
    await page.waitForTimeout(100);
  }
  const bytes = await transferredBytes(page.context(), path);
  return { bytes: bytes.slice(1), statuses: (await origin.statuses(path)).slice(1) };
}

async function measure({ browser }: BenchContext) {
  const folders = await buildWorkers(VARIANTS);
  const results: Array<{ variant: Variant; missing: number; stale: number; bytes: number[]; statuses: Array<number | string | null> }> = [];
  for (const variant of VARIANTS) {
    const origin = await BenchOrigin.start(folders[variant]!);
    try {
      const page = await openControlledPage(browser, origin.url);
      const subject = { variant, origin, page };
      const missing = await stampede(subject, 'missing');
      const stale = await stampede(subject, 'stale');
      const { bytes, statuses } = await refreshBytes(subject);
      results.push({ variant, missing, stale, bytes, statuses });
      await page.context().close();
    } finally {
      await origin.close();
    }
  }
  return results;
}

export const httpCache: Benchmark = {
  name: 'http-cache',
  async run(context): Promise<BenchSection> {
    const results = await measure(context);
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
    const stampedeTable = markdownTable(
      ['worker', `missing entry, cache-first`, `stale entry, stale-while-revalidate`],
      results.map(({ variant, missing, stale }) => [LABELS[variant], String(missing), String(stale)]),
    );
    const bytesTable = markdownTable(
      ['worker', 'server answered', 'bytes per refresh (median)', 'refreshes'],
      results.map(({ variant, bytes, statuses }) => [LABELS[variant], [...new Set(statuses)].join(', '), String(median(bytes)), String(bytes.length)]),
    );
    const markdown = [
      `Server requests for ${CONCURRENT} concurrent page requests to one entry (the server takes ${SERVER_LATENCY_MS} ms to answer). ` +
        'Goal: 1 for Stowage. Plain Workbox `CacheFirst` has no expiry of its own, so the stale case uses stale-while-revalidate, ' +
        'whose every use refreshes.',
      '',
      stampedeTable,
      '',
      `A stale-while-revalidate refresh of an unchanged ${BODY_BYTES / 1024} KB entry with an ETag: bytes the worker's request ` +
        'transferred (Resource Timing `transferSize`, headers included). Goal: headers only for Stowage (a 304). Plain Workbox ' +
        'sends no validators itself: it gets a 304 only while the browser\'s HTTP cache keeps a second copy of the entry, and ' +
        'downloads the whole body when that copy is gone (bypassed here, as after an eviction).',
      '',
      bytesTable,
    ].join('\n');
    return { title: 'HTTP caching: stampede and revalidation bytes', markdown };
  },
};
