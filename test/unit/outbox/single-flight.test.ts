import { describe, expect, it } from 'vitest';
import { leaseLock } from '../../../sw/outbox/replay-lock.js';
import { MemoryOutboxStore } from './fake-store.js';
import { FakeServer, createHarness } from './harness.js';

/**
 * Issue 9 §5: where `navigator.locks` is missing, two replayers (an updating worker and the old one)
 * share one outbox. A pass requeues the `sending` entries it finds, taking them for a dead worker's,
 * so two passes at once would resend each other's attempts.
 */
describe('replay without Web Locks', () => {
  function twoReplayers(lockFor: (store: MemoryOutboxStore, now: () => number) => ReturnType<typeof leaseLock> | undefined) {
    const store = new MemoryOutboxStore();
    const server = new FakeServer();
    server.latencyMs = 3;
    const clock = { nowMs: Date.UTC(2026, 0, 1) };
    const now = (): number => clock.nowMs;
    const make = () => createHarness({ store, server, deps: { now, lock: lockFor(store, now) } });
    return { store, server, clock, first: make(), second: make() };
  }

  it('sends each entry once, one at a time, when a second replayer starts while the first is sending (an IndexedDB lease)', async () => {
    const { store, server, first, second } = twoReplayers((store, now) => leaseLock({ store, now, retryMs: 1 }));
    for (let i = 0; i < 10; i += 1) await first.write({ path: `/api/notes/${i}` });
    const firstPass = first.outbox.replay();
    // The second replayer starts once an attempt of the first is in flight (its entry marked `sending`).
    while (server.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await Promise.all([firstPass, second.outbox.replay(), second.outbox.flush()]);
    expect(server.paths()).toEqual(Array.from({ length: 10 }, (_, i) => `/api/notes/${i}`));
    expect(server.maxInFlight).toBe(1);
    expect(store.entries()).toEqual([]);
    expect(store.lease).toBeUndefined();
  });

  it('takes over the lease of a replayer that died holding it, once the lease expires', async () => {
    const { store, server, clock, first } = twoReplayers((store, now) => leaseLock({ store, now, ttlMs: 10_000, retryMs: 1 }));
    await first.write();
    store.lease = { holder: 'a killed worker', expiresAt: clock.nowMs + 10_000 };
    const replayed = first.outbox.replay();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.calls).toEqual([]);
    clock.nowMs += 10_000;
    expect(await replayed).toMatchObject({ delivered: 1 });
  });
});
