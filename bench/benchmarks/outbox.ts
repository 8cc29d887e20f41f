/**
 * Issue 4: the write-behind outbox against `workbox-background-sync`'s Queue, in the same run.
 * Enqueue throughput: mutations per second a page gets its 202 for, offline (Stowage writes with
 * strict durability, Workbox's queue with the browser default, relaxed). Replay throughput:
 * mutations per second delivered to the local server once the browser is back online, both driven
 * by their Background Sync handler.
 */
import type { Page } from '@playwright/test';
import type { Benchmark, BenchContext, BenchSection } from '../support/benchmark.js';
import { markdownTable } from '../support/markdown.js';
import { withVariantOrigins, type BenchOrigin } from '../support/origin.js';
import { openControlledPage, openSpacerPage } from '../support/page.js';
import { quantile } from '../support/stats.js';

const VARIANTS = ['outbox-stowage', 'outbox-workbox'] as const;
type Variant = (typeof VARIANTS)[number];
const LABELS: Record<Variant, string> = { 'outbox-stowage': 'Stowage write-behind', 'outbox-workbox': 'workbox-background-sync Queue' };

const MUTATIONS = 200;
const ROUNDS = 4;
const REPLAY_DEADLINE_MS = 120_000;

interface Subject {
  variant: Variant;
  origin: BenchOrigin;
  page: Page;
  enqueuePerSecond: number[];
  replayPerSecond: number[];
}

/** Sequential POSTs from the page; resolves to the elapsed ms, after checking every one got a 202. */
function enqueue(page: Page, round: number): Promise<number> {
  return page.evaluate(
    async ({ count, round }) => {
      const start = performance.now();
      for (let i = 0; i < count; i += 1) {
        const response = await fetch('/api/notes', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ title: `r${round}-${i}`, body: 'a short note body' }),
        });
        if (response.status !== 202) throw new Error(`mutation ${i} got ${response.status}`);
      }
      return performance.now() - start;
    },
    { count: MUTATIONS, round },
  );
}

async function noteCount(origin: BenchOrigin): Promise<number> {
  const response = await fetch(new URL('/__control/db', origin.url));
  return ((await response.json()) as { notes: unknown[] }).notes.length;
}

async function measure({ browser }: BenchContext): Promise<Subject[]> {
  return withVariantOrigins(VARIANTS, async (started) => {
    const subjects: Subject[] = [];
    for (const { variant, origin } of started) {
      subjects.push({ variant, origin, page: await openControlledPage(browser, origin.url), enqueuePerSecond: [], replayPerSecond: [] });
    }
    const spacer = await openSpacerPage(browser);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let turn = 0; turn < subjects.length; turn += 1) {
        const subject = subjects[(round + turn) % subjects.length]!;
        const context = subject.page.context();
        const before = await noteCount(subject.origin);
        await context.setOffline(true);
        const enqueueMs = await enqueue(subject.page, round);
        subject.enqueuePerSecond.push((MUTATIONS / enqueueMs) * 1000);

        // Back online: both replay from their `sync` handler, which Chromium fires within tens of ms.
        const start = performance.now();
        await context.setOffline(false);
        while ((await noteCount(subject.origin)) < before + MUTATIONS) {
          if (performance.now() - start > REPLAY_DEADLINE_MS) throw new Error(`${subject.variant}: replay did not finish`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        subject.replayPerSecond.push((MUTATIONS / (performance.now() - start)) * 1000);
        const after = await noteCount(subject.origin);
        if (after !== before + MUTATIONS) throw new Error(`${subject.variant}: ${after - before} rows for ${MUTATIONS} mutations`);
      }
    }
    for (const page of [...subjects.map((subject) => subject.page), spacer]) await page.context().close();
    return subjects;
  });
}

const perSecond = (values: number[]): string => `${quantile(values, 0.5).toFixed(0)} (${Math.min(...values).toFixed(0)} – ${Math.max(...values).toFixed(0)})`;

export const outbox: Benchmark = {
  name: 'outbox',
  async run(context): Promise<BenchSection> {
    const subjects = await measure(context);
    const table = markdownTable(
      ['outbox', 'enqueue, mutations/s: median (min – max)', 'replay, mutations/s: median (min – max)'],
      subjects.map(({ variant, enqueuePerSecond, replayPerSecond }) => [LABELS[variant], perSecond(enqueuePerSecond), perSecond(replayPerSecond)]),
    );
    const [stowage, workbox] = subjects;
    const ratio = (pick: (subject: Subject) => number[]): string => (quantile(pick(stowage!), 0.5) / quantile(pick(workbox!), 0.5)).toFixed(2);
    const summary =
      `Stowage / Workbox, median: enqueue ${ratio((s) => s.enqueuePerSecond)}x, replay ${ratio((s) => s.replayPerSecond)}x. ` +
      'What the difference buys: Stowage commits each entry with strict durability before answering 202, ' +
      'sends an Idempotency-Key with every attempt, and deletes an entry only after the server answered 2xx ' +
      '(Workbox deletes it before sending and counts a 500 as delivered).';
    const method =
      'An empty page is opened after the measured ones: headless Chromium favours the page opened last, which made the last variant look up to twice as fast. ' +
        `Method: each outbox runs on its own origin (a demo server with its own SQLite database) in its own browser context. ` +
      `Per round and outbox: the context goes offline, the page makes ${MUTATIONS} sequential \`POST /api/notes\` and awaits each 202 ` +
      `(enqueue rate = ${MUTATIONS} / elapsed), then the context goes online and the server's row count is polled every 10 ms until all ` +
      `${MUTATIONS} rows are there (replay rate = ${MUTATIONS} / elapsed, from going online). ${ROUNDS} rounds, alternating who goes first. ` +
      'The row count is checked to be exact after every round.';
    return { title: 'Write-behind outbox: Stowage vs workbox-background-sync', markdown: [table, '', summary, '', method].join('\n') };
  },
};
