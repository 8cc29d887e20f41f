import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { DemoPage } from './support/demo-page.js';
import { memoryFetch } from './support/memory.js';

// Issue 15's goal: three tabs, random writes and invalidations, one tab frozen and one through the
// back/forward cache: 0 stale memory reads. A read is stale when the memory answered with a
// representation older than one the worker had announced replaced (its invalidation resolved)
// before the read started.

const PATHS = [0, 1, 2].map((i) => `/api/fixtures/memory/fz-${i}`);
const STEPS = 80;

/** A small seeded generator (mulberry32), so a failing run can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('three tabs, random writes and invalidations, one frozen and one through the back/forward cache: 0 stale memory reads', async ({ app, control }, testInfo) => {
  test.setTimeout(180_000);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const announced = new Map<string, number>();
  for (const path of PATHS) {
    const { version } = await control.fixture({ path, headers: { 'Cache-Control': 'max-age=600', ETag: '"{{version}}"' }, body: 'v{{version}}' });
    announced.set(path, version);
  }
  const open = async (): Promise<Page> => {
    const page = await app.context.newPage();
    await new DemoPage(page, app.context).open();
    return page;
  };
  const frozenTab = await open();
  const bfcacheTab = await open();
  const cdp = await app.context.newCDPSession(frozenTab);
  await cdp.send('Page.enable');
  const tabs = [app.page, frozenTab, bfcacheTab];
  let frozen = false;
  let away = false;
  const counts = { reads: 0, memoryReads: 0, stale: 0, writes: 0, invalidations: 0, freezes: 0, bfcache: 0 };
  const available = (): Page[] => tabs.filter((tab) => !(tab === frozenTab && frozen) && !(tab === bfcacheTab && away));

  const read = async (tab: Page, path: string): Promise<void> => {
    const before = announced.get(path)!;
    const result = await memoryFetch(tab, path);
    counts.reads += 1;
    if (result.fromMemory) {
      counts.memoryReads += 1;
      if (result.version < before) counts.stale += 1;
    }
  };

  for (let step = 0; step < STEPS; step++) {
    const roll = next();
    const path = pick(PATHS);
    if (roll < 0.5) {
      await read(pick(available()), path);
    } else if (roll < 0.7) {
      // A write on the server, then the invalidation that announces it (any mode, by URL or tag).
      const { version } = await control.fixture({ path, headers: { 'Cache-Control': 'max-age=600', ETag: '"{{version}}"' }, body: 'v{{version}}' });
      const mode = pick(['stale', 'expire', 'purge'] as const);
      const target = next() < 0.5 ? { urls: [path] } : { tags: [`item:${path.split('/').pop()}`] };
      await pick(available()).evaluate(({ target, mode }) => window.stowage.invalidate(target, { mode }), { target, mode });
      announced.set(path, version);
      counts.writes += 1;
    } else if (roll < 0.8) {
      await pick(available()).evaluate(({ path }) => window.stowage.invalidate({ urls: [path] }, { mode: 'expire' }), { path });
      counts.invalidations += 1;
    } else if (roll < 0.9) {
      frozen = !frozen;
      await cdp.send('Page.setWebLifecycleState', { state: frozen ? 'frozen' : 'active' });
      counts.freezes += 1;
    } else {
      // Into the back/forward cache (filled first; the channel closes, notices are missed) and, next time, back.
      away = !away;
      if (away) for (const each of PATHS) await read(bfcacheTab, each);
      await bfcacheTab.evaluate((away) => dispatchEvent(new PageTransitionEvent(away ? 'pagehide' : 'pageshow', { persisted: true })), away);
      counts.bfcache += 1;
      // Back: the first reads are the ones a missed notice would make stale.
      if (!away) for (const each of PATHS) await read(bfcacheTab, each);
    }
  }
  const summary = `seed ${seed}: ${JSON.stringify(counts)}`;
  console.log(summary);
  testInfo.annotations.push({ type: 'fuzz', description: summary });
  expect(counts.memoryReads).toBeGreaterThan(0);
  expect(counts.stale, summary).toBe(0);
});
