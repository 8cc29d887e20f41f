/**
 * Issue 15: warming throughput. `stowage.warm({ urls })` for 200 URLs of 2 KB, cold (every URL fetched
 * and stored through its cache-first route) and again at once (every entry fresh: skipped), against
 * the page fetching the same 200 URLs itself, four at a time, through the same worker.
 */
import type { Page } from '@playwright/test';
import type { WarmReport } from '../../src/shared/operations.js';
import type { Benchmark, BenchContext, BenchSection } from '../support/benchmark.js';
import { markdownTable } from '../support/markdown.js';
import { withVariantOrigins, type BenchOrigin } from '../support/origin.js';
import { openControlledPage } from '../support/page.js';
import { quantile } from '../support/stats.js';

const URLS = 200;
const SIZE = 2048;
const ROUNDS = 5;

type Run = 'cold' | 'fresh' | 'page';
const LABELS: Record<Run, string> = {
  cold: 'warm(), cold: fetched and stored',
  fresh: 'warm() again: all fresh, skipped',
  page: 'the page fetching them, 4 at a time (cold)',
};

/** warm() through the page protocol, as `stowage.warm()` sends it (the bench page has no Stowage handle). */
function warmFromPage(page: Page, urls: string[]): Promise<{ ms: number; report: WarmReport }> {
  return page.evaluate(async (urls) => {
    const start = performance.now();
    const channel = new MessageChannel();
    const reply = new Promise<{ ok: boolean; result: WarmReport }>((resolve) => (channel.port1.onmessage = (event) => resolve(event.data)));
    navigator.serviceWorker.controller!.postMessage({ stowage: 1, kind: 'request', id: 1, type: 'warm', params: { target: { urls } } }, [channel.port2]);
    const { result } = await reply;
    return { ms: performance.now() - start, report: result };
  }, urls);
}

function fetchFromPage(page: Page, urls: string[]): Promise<number> {
  return page.evaluate(async (urls) => {
    const start = performance.now();
    let next = 0;
    // No named function in here: tsx would wrap it in a helper the page does not have.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < urls.length) await (await fetch(urls[next++]!)).arrayBuffer();
      }),
    );
    return performance.now() - start;
  }, urls);
}

async function fixtures(origin: BenchOrigin, round: number, kind: string): Promise<string[]> {
  const urls = Array.from({ length: URLS }, (_, i) => `/api/fixtures/bench/${kind}-${round}-${i}`);
  for (const path of urls) await origin.fixture({ path, size: SIZE, headers: { 'Cache-Control': 'max-age=3600' } });
  return urls;
}

async function measure({ browser }: BenchContext): Promise<Record<Run, number[]>> {
  return withVariantOrigins(['stowage-app'] as const, async ([started]) => {
    const { origin } = started!;
    const page = await openControlledPage(browser, origin.url);
    const perSecond: Record<Run, number[]> = { cold: [], fresh: [], page: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      const warmed = await fixtures(origin, round, 'warm');
      const cold = await warmFromPage(page, warmed);
      if (cold.report.stored !== URLS) throw new Error(`warm stored ${cold.report.stored} of ${URLS}: ${JSON.stringify(cold.report.failures.slice(0, 3))}`);
      perSecond.cold.push((URLS / cold.ms) * 1000);
      const fresh = await warmFromPage(page, warmed);
      if (fresh.report.fresh !== URLS) throw new Error(`warm found ${fresh.report.fresh} of ${URLS} fresh`);
      perSecond.fresh.push((URLS / fresh.ms) * 1000);
      perSecond.page.push((URLS / (await fetchFromPage(page, await fixtures(origin, round, 'page')))) * 1000);
    }
    await page.context().close();
    return perSecond;
  });
}

const summary = (values: number[]): string => `${quantile(values, 0.5).toFixed(0)} (${Math.min(...values).toFixed(0)} – ${Math.max(...values).toFixed(0)})`;

export const warmThroughput: Benchmark = {
  name: 'warm',
  async run(context): Promise<BenchSection> {
    const perSecond = await measure(context);
    const table = markdownTable(
      ['200 URLs of 2 KB', 'URLs/s: median (min – max)'],
      (Object.keys(LABELS) as Run[]).map((run) => [LABELS[run], summary(perSecond[run])]),
    );
    const method =
      `Method: the every-feature benchmark worker on its own origin, a cache-first route, the local demo server. Per round, ${URLS} new ` +
      `fixture URLs are warmed through the page protocol (\`warm\`, default concurrency 4; the time includes the reply), then warmed again, ` +
      `then ${URLS} other new URLs are fetched by the page itself, four at a time, reading each body. ${ROUNDS} rounds.`;
    return { title: 'Warming throughput', markdown: [table, '', method].join('\n') };
  },
};
