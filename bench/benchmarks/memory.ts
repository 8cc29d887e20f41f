/**
 * Issue 15, L1: what `stowage.fetch()` costs when the page's memory answers, against a worker hit of
 * the same 10 KB entry (goal ≤ 0.05x, median), and how long an invalidation made in one tab takes to
 * be honoured by another tab's `stowage.fetch()` (goal ≤ 20 ms at p95). Runs on the tests' build
 * (`npm run build:test`), whose test worker's `memory` route keeps responses in memory.
 */
import type { Page } from '@playwright/test';
import { buildIfNeeded } from '../../demo/stack/build.js';
import type { Benchmark, BenchContext, BenchSection } from '../support/benchmark.js';
import { markdownTable } from '../support/markdown.js';
import { BenchOrigin } from '../support/origin.js';
import { openControlledPage } from '../support/page.js';
import { formatMs, formatRatio, quantile } from '../support/stats.js';

const PATH = '/api/fixtures/memory/bench';
const ROUNDS = 20;
const FETCHES_PER_ROUND = 50;
const INVALIDATIONS = 60;

declare global {
  interface Window {
    stowage: import('../../src/index.js').Stowage;
  }
}

async function openDemo(context: BenchContext, origin: BenchOrigin): Promise<Page> {
  const page = await openControlledPage(context.browser, origin.url);
  await page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready', null, { timeout: 15_000 });
  return page;
}

/** Sequential reads, each timed around the call and reading the body, in ms. */
function timed(page: Page, how: 'memory' | 'worker', count: number): Promise<number[]> {
  return page.evaluate(
    async ({ path, how, count }) => {
      const durations: number[] = [];
      for (let i = 0; i < count; i += 1) {
        const start = performance.now();
        const response = await (how === 'memory' ? window.stowage.fetch(path) : fetch(path));
        await response.text();
        durations.push(performance.now() - start);
        if (how === 'memory' && !(response.headers.get('Cache-Status') ?? '').endsWith('Stowage-Memory; hit')) throw new Error('not a memory hit');
      }
      return durations;
    },
    { path: PATH, how, count },
  );
}

/**
 * One invalidation in tab A, timed from just before A asks the worker to the first `stowage.fetch()`
 * in tab B that no longer answers from memory (B reads in a loop meanwhile), on the shared wall clock.
 */
async function invalidationLatency(tabA: Page, tabB: Page): Promise<number> {
  await tabB.evaluate(async (path) => {
    for (let i = 0; i < 20; i += 1) if ((await window.stowage.fetch(path)).headers.get('Cache-Status')?.endsWith('Stowage-Memory; hit')) return;
    throw new Error('tab B could not fill its memory');
  }, PATH);
  const watching = tabB.evaluate(async (path) => {
    // A memory hit resolves in microtasks: yield a task between reads (a MessageChannel, which
    // setTimeout's 4 ms clamp does not slow), or the notice's task could never run.
    // (Inline: the bench's TypeScript runner names functions with a helper the page does not have.)
    const channel = new MessageChannel();
    const deadline = performance.now() + 5_000;
    while (performance.now() < deadline) {
      await new Promise((resolve) => {
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(null);
      });
      const at = performance.timeOrigin + performance.now();
      const response = await window.stowage.fetch(path);
      if (!(response.headers.get('Cache-Status') ?? '').endsWith('Stowage-Memory; hit')) return at;
    }
    throw new Error('tab B kept answering from memory');
  }, PATH);
  const startedAt = await tabA.evaluate(async (path) => {
    const at = performance.timeOrigin + performance.now();
    await window.stowage.invalidate({ urls: [path] }, { mode: 'expire' });
    return at;
  }, PATH);
  return (await watching) - startedAt;
}

export const memory: Benchmark = {
  name: 'memory',
  async run(context): Promise<BenchSection> {
    const distDir = process.env.STOWAGE_DIST ?? 'dist/test';
    // A fresh clone has no build: the page and its test worker come from `npm run build:test`.
    buildIfNeeded(distDir, 'build:test');
    const origin = await BenchOrigin.start(distDir);
    try {
      await origin.fixture({ path: PATH, headers: { 'Cache-Control': 'max-age=3600', ETag: '"b"' }, size: 10 * 1024, contentType: 'application/json; charset=utf-8' });
      const page = await openDemo(context, origin);
      await timed(page, 'worker', 100);
      // The first stowage.fetch() is a worker hit that fills the memory.
      await page.evaluate(async (path) => (await window.stowage.fetch(path)).text(), PATH);
      await timed(page, 'memory', 100);
      const samples = { memory: [] as number[], worker: [] as number[] };
      for (let round = 0; round < ROUNDS; round += 1) {
        // Alternating who goes first, so drift in the machine's load is shared.
        for (const how of round % 2 === 0 ? (['memory', 'worker'] as const) : (['worker', 'memory'] as const)) samples[how].push(...(await timed(page, how, FETCHES_PER_ROUND)));
      }
      const tabB = await page.context().newPage();
      await tabB.goto(origin.url);
      await tabB.waitForFunction(() => document.documentElement.dataset.stowage === 'ready', null, { timeout: 15_000 });
      const latencies: number[] = [];
      for (let i = 0; i < INVALIDATIONS; i += 1) latencies.push(await invalidationLatency(page, tabB));
      await page.context().close();

      const memoryMedian = quantile(samples.memory, 0.5);
      const workerMedian = quantile(samples.worker, 0.5);
      const ratio = memoryMedian / workerMedian;
      const p95 = quantile(latencies, 0.95);
      const table = markdownTable(
        ['measure', 'median (ms)', 'p95 (ms)', 'goal', 'figure'],
        [
          ['`stowage.fetch()` answered from memory (L1), 10 KB', formatMs(memoryMedian), formatMs(quantile(samples.memory, 0.95)), '≤ 0.05x a worker hit', formatRatio(ratio)],
          ['`fetch()` answered by the worker (L2), 10 KB', formatMs(workerMedian), formatMs(quantile(samples.worker, 0.95)), '', '1.00x'],
          ['invalidation in tab A → tab B stops answering from memory', formatMs(quantile(latencies, 0.5)), formatMs(p95), '≤ 20 ms p95', `${formatMs(p95)} ms`],
        ],
      );
      const method = `${samples.memory.length} reads of each kind in ${ROUNDS} alternating rounds; ${latencies.length} invalidations (\`expire\`, by URL), each timed on the shared wall clock from tab A's call to tab B's first read that went to the worker.`;
      return { title: 'The page’s memory (L1) against a worker hit, and cross-tab invalidation', markdown: `${table}\n\n${method}` };
    } finally {
      await origin.close();
    }
  },
};
