import { expect, test } from './support/fixtures.js';
import { DemoPage } from './support/demo-page.js';

// Issue 11, "no in-flight race" (the bug class of reduxjs/redux-toolkit 2444): a response whose
// request started before an invalidation that covers it must never be served as fresh afterwards.
// Tab A runs rounds of: start a read or a revalidation (in flight), change the data on the server,
// invalidate it, read it again. Tab B keeps reading and revalidating the same URLs meanwhile. The
// server waits a random time before answering (a control-API fault), and the page waits random
// times between the steps, so responses are answered and stored before, during and after invalidations.
const ROUNDS = Number(process.env.STOWAGE_RACE_ROUNDS ?? 1000);
/** Rounds run in this many lanes at once, each on its own id (`race:<lane>`), so one worker sees them interleave. */
const LANES = 6;
const STRATEGIES = ['cache-first', 'stale-while-revalidate'];
const URLS = STRATEGIES.flatMap((strategy) => Array.from({ length: LANES }, (_, lane) => `/api/fixtures/tagged-${strategy}/race/${lane}`));

test(`${ROUNDS} interleavings of invalidations with in-flight revalidations: no read is served as fresh after an invalidation that covered it`, async ({ app, control, context }) => {
  // About 30 s on a quiet machine; several times that when the machine's other work competes.
  test.setTimeout(300_000);
  for (const path of URLS) await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: { version: '{{version}}' } });
  const other = new DemoPage(await context.newPage(), context);
  await other.open();

  // Tab B: reads and revalidations of the same URLs, until told to stop.
  const background = other.page.evaluate(async (urls) => {
    let reads = 0;
    const stop = (window as unknown as { stopReading?: boolean });
    while (!stop.stopReading) {
      const url = urls[Math.floor(Math.random() * urls.length)]!;
      const init = Math.random() < 0.5 ? { headers: { 'Cache-Control': 'no-cache' } } : {};
      await Promise.all([fetch(url, init), Math.random() < 0.5 ? fetch(url) : undefined]).catch(() => undefined);
      reads += 1;
    }
    return reads;
  }, URLS);

  const result = await app.page.evaluate(
    async ({ strategies, lanes, rounds }) => {
      const jitter = (maxMs: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * maxMs));
      const post = (path: string, method: string, body: unknown): Promise<Response> =>
        fetch(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const violations: string[] = [];
      let servedStale = 0;
      let done = 0;
      const lane = async (id: number): Promise<void> => {
        while (done < rounds) {
          const round = done++;
          const url = `/api/fixtures/tagged-${strategies[Math.floor(Math.random() * strategies.length)]}/race/${id}`;
          const mode = Math.random() < 0.5 ? 'stale' : 'expire';
          // The server holds the next answer for this URL a random while: the request is in flight.
          if (Math.random() < 0.5) await post('/__control/faults', 'POST', { path: url, method: 'GET', mode: 'delay', latencyMs: Math.floor(Math.random() * 15), count: 1 });
          const inFlight = fetch(url, Math.random() < 0.5 ? { headers: { 'Cache-Control': 'no-cache' } } : {}).catch(() => undefined);
          await jitter(8);
          const changed = await post('/__control/fixtures', 'PUT', { path: url, headers: { 'Cache-Control': 'max-age=3600' }, body: { version: '{{version}}' } });
          const { version } = (await changed.json()) as { version: number };
          await jitter(4);
          await window.stowage.invalidate(Math.random() < 0.9 ? { tags: [`race:${id}`] } : { tags: ['race'] }, { mode });
          const read = await fetch(url);
          const stale = read.headers.get('X-Stowage-Stale');
          const seen = Number(((await read.json()) as { version: string }).version);
          // Served stale (stale-while-revalidate after `stale`) is allowed, and says so; fresh must be current.
          if (stale === 'stale' && mode === 'stale') servedStale += 1;
          else if (seen < version) violations.push(`round ${round}: ${url} served version ${seen} after version ${version} was invalidated (${mode}, header ${stale})`);
          await inFlight;
        }
      };
      await Promise.all(Array.from({ length: lanes }, (_, id) => lane(id)));
      return { violations, servedStale, rounds: done };
    },
    { strategies: STRATEGIES, lanes: LANES, rounds: ROUNDS },
  );
  await other.page.evaluate(() => Object.assign(window, { stopReading: true }));
  const backgroundReads = await background;
  console.log(`race fuzz: ${ROUNDS} rounds, ${result.violations.length} fresh-after-invalidate reads, ${result.servedStale} served stale by design, ${backgroundReads} reads in tab B`);
  expect(result.rounds).toBeGreaterThanOrEqual(ROUNDS);
  expect(result.violations).toEqual([]);
  expect(backgroundReads).toBeGreaterThan(100);
});
