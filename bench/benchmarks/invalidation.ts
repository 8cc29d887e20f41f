/**
 * Issue 11: what invalidating a tag costs as the cache grows. Stowage invalidates by epochs (one
 * sequence number per partition, one epoch per tag) and counts what it covered through an IndexedDB
 * index on tags, so its cost should not depend on how many entries are stored; a loop over
 * `cache.keys()` that deletes the matching entries (what a cache without an index must do) grows
 * with them. Each is measured with 100 and with 10,000 stored entries, one of which matches.
 */
import type { Page } from '@playwright/test';
import { PROTOCOL_VERSION } from '../../src/shared/protocol.js';
import type { Benchmark, BenchContext, BenchSection } from '../support/benchmark.js';
import { markdownTable } from '../support/markdown.js';
import { withVariantOrigins, type BenchOrigin } from '../support/origin.js';
import { openControlledPage } from '../support/page.js';
import { formatMs, formatRatio, summarize, type Summary } from '../support/stats.js';

const SIZES = [100, 10_000] as const;
/** Per size: a p95 over 200 round trips of about 2 ms each is stable where one over 60 was not. */
const TRIALS = 200;
const ROUNDS = 20;
/** The baseline gets fewer: each trial walks every key (seconds at 10,000 on a loaded machine). */
const BASELINE_TRIALS = 20;
const BASELINE_ROUNDS = 5;
/** The route of bench/workers/stowage-app-sw.ts (every feature, invalidation included). */
const ROUTE = '/api/fixtures/bench';
const CACHE_NAME = 'stowage-v1:bench';
const ONE = `${ROUTE}/one`;
const MANY = `${ROUTE}/many`;

/** Stores entries `from` to `to` - 1 of the many (one fixture answers every query), 100 at a time. */
function store(page: Page, from: number, to: number): Promise<void> {
  return page.evaluate(
    async ({ many, from, to }) => {
      for (let start = from; start < to; start += 100) {
        const batch = Array.from({ length: Math.min(100, to - start) }, (_, i) => fetch(`${many}?i=${start + i}`).then((response) => response.text()));
        await Promise.all(batch);
      }
    },
    { many: MANY, from, to },
  );
}

/** p95 of the page's invalidate() round trip (a request of the page protocol, answered once on disk). */
function timeInvalidate(page: Page, trials: number): Promise<number[]> {
  return page.evaluate(
    async ({ trials, version }) => {
      const durations: number[] = [];
      const params = { target: { tags: ['item:one'] }, mode: 'stale' };
      for (let trial = 0; trial < trials; trial += 1) {
        const start = performance.now();
        // Inline, not a named helper: the page gets this function's source as written.
        const { matched } = await new Promise<{ matched: number }>((resolve, reject) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (event: MessageEvent<{ ok: boolean; result: { matched: number }; error: unknown }>) =>
            event.data.ok ? resolve(event.data.result) : reject(new Error(JSON.stringify(event.data.error)));
          navigator.serviceWorker.controller!.postMessage({ stowage: version, kind: 'request', id: trial, type: 'invalidate', params }, [channel.port2]);
        });
        durations.push(performance.now() - start);
        if (matched !== 1) throw new Error(`invalidate() matched ${matched}, not 1`);
      }
      return durations;
    },
    { trials, version: PROTOCOL_VERSION },
  );
}

/** The baseline: walk the route's cache keys and delete the matching entry (stored again, untimed, after each trial). */
function timeKeysLoop(page: Page, trials: number): Promise<number[]> {
  return page.evaluate(
    async ({ trials, cacheName, one }) => {
      const durations: number[] = [];
      for (let trial = 0; trial < trials; trial += 1) {
        const start = performance.now();
        const cache = await caches.open(cacheName);
        let deleted = 0;
        for (const key of await cache.keys()) if (new URL(key.url).pathname === one && (await cache.delete(key))) deleted += 1;
        durations.push(performance.now() - start);
        if (deleted !== 1) throw new Error(`the keys loop deleted ${deleted}, not 1`);
        await (await fetch(one)).text();
        // The worker stores the refetched entry after answering: wait until it is there again.
        while (!(await cache.match(one))) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return durations;
    },
    { trials, cacheName: CACHE_NAME, one: ONE },
  );
}

/** Untimed: every entry is in the tag index (`matched` counts them), and the worker has settled. */
async function settle(page: Page, size: number): Promise<void> {
  const { matched } = await page.evaluate(
    async ({ version }) =>
      new Promise<{ matched: number }>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event: MessageEvent<{ result: { matched: number } }>) => resolve(event.data.result);
        const params = { target: { tags: ['item'] }, mode: 'stale' };
        navigator.serviceWorker.controller!.postMessage({ stowage: version, kind: 'request', id: 0, type: 'invalidate', params }, [channel.port2]);
      }),
    { version: PROTOCOL_VERSION },
  );
  if (matched !== size) throw new Error(`${matched} entries in the index, not ${size}`);
}

async function measure({ browser }: BenchContext): Promise<Array<{ size: number; stowage: Summary; keysLoop: Summary }>> {
  // One origin per size, measured in alternation, so the machine's load falls on both alike.
  return withVariantOrigins(SIZES.map(() => 'stowage-app'), async (started) => {
    const subjects = [];
    for (const [index, size] of SIZES.entries()) {
      const origin: BenchOrigin = started[index]!.origin;
      await origin.fixture({ path: ONE, headers: { 'Cache-Control': 'max-age=86400', 'Cache-Groups': '"item:one"' }, body: 'one' });
      await origin.fixture({ path: MANY, headers: { 'Cache-Control': 'max-age=86400', 'Cache-Groups': '"item:many"' }, body: 'many' });
      const page = await openControlledPage(browser, origin.url);
      await page.evaluate((one) => fetch(one).then((response) => response.text()), ONE);
      await store(page, 0, size - 1);
      await eventually(() => settle(page, size));
      // Storing 10,000 entries leaves garbage in the page: collected now, not during the trials.
      await collectGarbage(page);
      subjects.push({ size, page, stowage: [] as number[], keysLoop: [] as number[] });
    }
    // Stowage's trials first, then the baseline's: a keys loop at 10,000 entries builds 10,000
    // Request objects, and the collection of that garbage must not land in Stowage's trials.
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const subject of round % 2 === 0 ? subjects : [...subjects].reverse()) subject.stowage.push(...(await timeInvalidate(subject.page, TRIALS / ROUNDS)));
    }
    for (let round = 0; round < BASELINE_ROUNDS; round += 1) {
      for (const subject of round % 2 === 0 ? subjects : [...subjects].reverse()) subject.keysLoop.push(...(await timeKeysLoop(subject.page, BASELINE_TRIALS / BASELINE_ROUNDS)));
    }
    const results = subjects.map(({ size, stowage, keysLoop }) => ({ size, stowage: summarize(stowage), keysLoop: summarize(keysLoop) }));
    for (const { size, stowage, keysLoop } of results) {
      console.log(`${size} entries: invalidate() p95 ${formatMs(stowage.p95Ms)} ms, keys loop p95 ${formatMs(keysLoop.p95Ms)} ms`);
    }
    for (const { page } of subjects) await page.context().close();
    return results;
  });
}

/** A full collection in the page (CDP), so the trials that follow start from a clean heap. */
async function collectGarbage(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
}

/** Retries a check a few times while the worker still stores what it was sent (it stores after answering). */
async function eventually(check: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await check();
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export const invalidation: Benchmark = {
  name: 'invalidation',
  async run(context): Promise<BenchSection> {
    const results = await measure(context);
    const table = markdownTable(
      ['stored entries', 'invalidate() round trip: median / p95 ms', '`cache.keys()` + delete loop: median / p95 ms'],
      results.map(({ size, stowage, keysLoop }) => [
        size.toLocaleString('en'),
        `${formatMs(stowage.medianMs)} / ${formatMs(stowage.p95Ms)}`,
        `${formatMs(keysLoop.medianMs)} / ${formatMs(keysLoop.p95Ms)}`,
      ]),
    );
    const [small, large] = results;
    const growth = (pick: (result: (typeof results)[number]) => Summary): number => pick(large!).p95Ms / pick(small!).p95Ms;
    const stowageGrowth = growth((result) => result.stowage);
    const summary =
      `p95 at ${SIZES[1].toLocaleString('en')} entries / at ${SIZES[0]}: Stowage ${formatRatio(stowageGrowth)} (goal ≤ 1.20x), ` +
      `the keys loop ${formatRatio(growth((result) => result.keysLoop))}.`;
    const method =
      `Method: one origin per size with bench/workers/stowage-app-sw.ts (every feature); its cache-first route stores one entry whose ` +
      `server sends \`Cache-Groups: "item:one"\` and ${SIZES[0] - 1} (or ${SIZES[1] - 1}) others (\`"item:many"\`); the sizes are measured in alternation (${ROUNDS} rounds), after a full garbage collection of each page. ` +
      `${TRIALS} sequential \`invalidate({ tags: ['item:one'] })\` requests of the page protocol per size, each timed from ` +
      'postMessage to the reply (which comes after the epoch is on disk, strict durability, and the index counted `matched: 1`). ' +
      `The baseline, in the page and after all of Stowage's trials (its garbage would otherwise be collected during them), ${BASELINE_TRIALS} trials in ${BASELINE_ROUNDS} alternating rounds: \`caches.open\` + \`cache.keys()\` + delete of the one matching entry (restored, untimed, after each trial).`;
    return {
      title: 'Invalidation: cost of invalidating one tag at 100 and 10,000 stored entries',
      markdown: [table, '', summary, '', method].join('\n'),
      ...(stowageGrowth > 1.2 ? { failures: [`invalidate() p95 grew ${formatRatio(stowageGrowth)} from ${SIZES[0]} to ${SIZES[1]} entries (goal ≤ 1.20x)`] } : {}),
    };
  },
};
