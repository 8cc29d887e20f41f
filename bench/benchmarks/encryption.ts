/**
 * Issue 5: what encryption at rest costs on a warm cache-first hit. Both routes are private (the same
 * per-user partition machinery), so the ratio isolates AES-GCM decryption and the envelope.
 */
import type { Page } from '@playwright/test';
import type { Benchmark, BenchSection } from '../support/benchmark.js';
import { buildWorkers } from '../support/build-workers.js';
import { markdownTable } from '../support/markdown.js';
import { BenchOrigin } from '../support/origin.js';
import { isCrossOriginIsolated, openControlledPage, timedFetches } from '../support/page.js';
import { formatMs, formatRatio, quantile, summarize } from '../support/stats.js';

const SIZES = [
  { label: '10 KB', bytes: 10 * 1024, rounds: 30, fetchesPerRound: 30 },
  { label: '1 MB', bytes: 1024 * 1024, rounds: 12, fetchesPerRound: 5 },
] as const;
const WARMUP_FETCHES = 20;
const VARIANTS = ['plain', 'sealed'] as const;

/** Sets the worker's current user with a raw protocol message: the bench page has no Stowage client. */
function setUser(page: Page, user: string): Promise<void> {
  return page.evaluate(
    (user) =>
      new Promise<void>((resolve, reject) => {
        const { port1, port2 } = new MessageChannel();
        const timer = setTimeout(() => reject(new Error('set-user: no reply')), 10_000);
        port1.onmessage = (event: MessageEvent<{ ok: boolean }>) => {
          clearTimeout(timer);
          if (event.data.ok) resolve();
          else reject(new Error('set-user failed'));
        };
        navigator.serviceWorker.controller!.postMessage({ stowage: 1, kind: 'request', id: 1, type: 'set-user', params: { user } }, [port2]);
      }),
    user,
  );
}

export const encryption: Benchmark = {
  name: 'encryption',
  async run({ browser }): Promise<BenchSection> {
    const folders = await buildWorkers(['encryption']);
    const origin = await BenchOrigin.start(folders['encryption']!);
    const rows: string[][] = [];
    let isolated = false;
    try {
      const page = await openControlledPage(browser, origin.url);
      isolated = await isCrossOriginIsolated(page);
      await setUser(page, 'bench-user');
      for (const size of SIZES) {
        const paths = Object.fromEntries(VARIANTS.map((variant) => [variant, `/api/fixtures/${variant}/${size.bytes}.txt`])) as Record<
          (typeof VARIANTS)[number],
          string
        >;
        for (const path of Object.values(paths)) {
          await origin.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, size: size.bytes });
          await timedFetches(page, path, WARMUP_FETCHES);
        }
        const before = await Promise.all(Object.values(paths).map((path) => origin.requestCount(path)));
        const samples = { plain: [] as number[], sealed: [] as number[] };
        const roundRatios: number[] = [];
        for (let round = 0; round < size.rounds; round += 1) {
          // Alternate who goes first so drift in the machine's load is shared.
          const order = round % 2 === 0 ? VARIANTS : ([...VARIANTS].reverse() as Array<(typeof VARIANTS)[number]>);
          const medians: Partial<Record<(typeof VARIANTS)[number], number>> = {};
          for (const variant of order) {
            const fetched = await timedFetches(page, paths[variant], size.fetchesPerRound);
            samples[variant].push(...fetched);
            medians[variant] = quantile(fetched, 0.5);
          }
          roundRatios.push(medians.sealed! / medians.plain!);
        }
        const after = await Promise.all(Object.values(paths).map((path) => origin.requestCount(path)));
        if (after.some((count, index) => count !== before[index])) throw new Error(`${size.label}: a measured fetch reached the server`);
        const plain = summarize(samples.plain);
        const sealed = summarize(samples.sealed);
        rows.push([
          size.label,
          formatMs(plain.medianMs),
          formatMs(sealed.medianMs),
          formatRatio(sealed.medianMs / plain.medianMs),
          formatRatio(sealed.p95Ms / plain.p95Ms),
          `${formatRatio(Math.min(...roundRatios))} – ${formatRatio(Math.max(...roundRatios))}`,
          String(plain.count),
        ]);
      }
      await page.context().close();
    } finally {
      await origin.close();
    }
    const table = markdownTable(
      ['body', 'unencrypted median (ms)', 'encrypted median (ms)', 'ratio, median', 'ratio, p95', 'ratio round by round (min – max)', 'samples each'],
      rows,
    );
    const method =
      `Method: one worker with two private cache-first routes for the same user, one with \`encrypt: true\`. ` +
      `Each body size is fetched ${WARMUP_FETCHES} times per route to fill the cache and warm up, then in rounds alternating the routes ` +
      `(who goes first alternates too). Each sample is \`performance.now()\` around \`await (await fetch(url)).text()\` in the page` +
      `${isolated ? ' (cross-origin isolated: 5 µs timer)' : ' (not cross-origin isolated: 100 µs timer)'}. ` +
      `The server log confirms every measured fetch was a cache hit. The encrypted hit pays AES-GCM decryption of the whole envelope ` +
      `(status, headers, body) and a key lookup that is cached in memory after the first use.`;
    return { title: 'Encrypted vs unencrypted warm cache-first hit', markdown: [table, '', method].join('\n') };
  },
};
