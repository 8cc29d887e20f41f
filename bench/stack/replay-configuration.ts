/** Replays the trace once against one configuration of the stack and measures it. */
import type { Browser } from '@playwright/test';
import type { Stack } from '../../demo/stack/stack.js';
import { Control } from '../../test/e2e/support/control.js';
import type { DemoPage } from '../../test/e2e/support/demo-page.js';
import { feedArrivals } from '../../test/e2e/support/feed-bridge.js';
import type { Configuration } from './configurations.js';
import { openDevice, replay } from './device.js';
import type { OpResult } from './device.js';
import { computeMetrics } from './metrics.js';
import type { ReplayMetrics } from './metrics.js';
import { seedNotes } from './trace.js';
import type { Op, TraceParams } from './trace.js';
import { counterDelta, readVarnishCounters } from './varnish-counters.js';

/** Reads the workers answered from their caches: fresh hits, and stale copies served while they revalidate. */
async function stowageServed(devices: DemoPage[]): Promise<{ hits: number; stale: number }> {
  const stats = await Promise.all(devices.map((device) => device.stats()));
  return {
    hits: stats.reduce((sum, snapshot) => sum + snapshot.totals.hits, 0),
    stale: stats.reduce((sum, snapshot) => sum + snapshot.totals.stale, 0),
  };
}

async function readEveryNote(url: string, notes: number): Promise<void> {
  for (let id = 1; id <= notes; id++) await (await fetch(`${url}/api/notes/${id}`)).arrayBuffer();
}

async function newestInvalidation(control: Control): Promise<number> {
  const response = await fetch(new URL('/__control/invalidations', control.baseUrl));
  return ((await response.json()) as { newestId: number }).newestId;
}

export async function replayConfiguration(
  browser: Browser,
  stack: Stack,
  configuration: Configuration,
  params: TraceParams,
  trace: Op[][],
): Promise<ReplayMetrics> {
  const origin = stack.origins[0]!;
  const control = new Control(origin.url);
  // A fresh database (and an emptied Varnish): every configuration starts from the same state.
  await control.reset(seedNotes(params));
  const baseURL = configuration.varnish ? stack.url : origin.url;
  const devices: DemoPage[] = [];
  try {
    for (let user = 0; user < params.users; user++) devices.push(await openDevice(browser, baseURL, configuration, `user${user}`));
    const filler = seedNotes(params)[0]!.body;
    const run = (slice: (ops: Op[]) => Op[]): Promise<OpResult[][]> =>
      Promise.all(devices.map((device, user) => replay(device, slice(trace[user]!), configuration.stowage, filler)));

    // Steady state for the shared layer: earlier traffic has read every note through the proxy once.
    if (configuration.varnish) await readEveryNote(stack.url, params.notes);
    const warmup = await run((ops) => ops.slice(0, params.warmupPerUser));
    await control.clearRequests();
    const effectsBefore = await newestInvalidation(control);
    const servedBefore = configuration.stowage ? await stowageServed(devices) : undefined;
    const varnishBefore = configuration.varnish ? readVarnishCounters(stack.varnish.instanceDir) : undefined;

    const measured = await run((ops) => ops.slice(params.warmupPerUser));

    const writes = [...warmup, ...measured].flatMap((results, user) =>
      results
        .filter((result) => result.kind === 'write' && result.version !== undefined)
        .map((result) => ({ note: result.note!, version: result.version!, user: user % params.users })),
    );
    const measuredWrites = measured.flat().filter((result) => result.kind === 'write');
    if (configuration.feed) {
      // Let the last events arrive: wait until every device has seen the last write (bounded).
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline && (await Promise.all(devices.map(feedArrivals))).some((log) => log.length < writes.length)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return computeMetrics({
      measured,
      writes,
      originLog: await control.requests({ prefix: '/api/' }),
      committedEffects: (await newestInvalidation(control)) - effectsBefore,
      acknowledgedWrites: measuredWrites.filter((result) => result.status === 200).length,
      ...(servedBefore ? { stowage: await stowageServed(devices).then(({ hits, stale }) => ({ hits: hits - servedBefore.hits, stale: stale - servedBefore.stale })) } : {}),
      ...(varnishBefore ? { varnish: counterDelta(readVarnishCounters(stack.varnish.instanceDir), varnishBefore) } : {}),
      ...(configuration.feed ? { arrivals: await Promise.all(devices.map(feedArrivals)) } : {}),
    });
  } finally {
    for (const device of devices) await device.context.close();
  }
}
