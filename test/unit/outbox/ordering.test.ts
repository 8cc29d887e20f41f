import { describe, expect, it } from 'vitest';
import { nextDueAt } from '../../../sw/outbox/queues.js';
import { createHarness, writeRoute } from './harness.js';

describe('replay: order and backoff', () => {
  it('delivers one ordering key strictly in order, one at a time, while other keys go on in parallel', async () => {
    const h = createHarness();
    h.server.latencyMs = 5;
    for (const key of ['a', 'b']) for (let i = 0; i < 3; i += 1) await h.write({ path: `/api/${key}/${i}`, orderingKey: key });
    await h.outbox.replay();
    const order = (key: string): string[] => h.server.paths().filter((path) => path.startsWith(`/api/${key}/`));
    expect(order('a')).toEqual(['/api/a/0', '/api/a/1', '/api/a/2']);
    expect(order('b')).toEqual(['/api/b/0', '/api/b/1', '/api/b/2']);
    // Two keys, so two requests at most at any time: one per key.
    expect(h.server.maxInFlight).toBe(2);
  });

  it('holds only the blocked key: a failed head stops its own queue, not the others', async () => {
    const h = createHarness();
    await h.write({ path: '/api/bad', orderingKey: 'a' });
    await h.write({ path: '/api/a-behind', orderingKey: 'a' });
    await h.write({ path: '/api/b', orderingKey: 'b' });
    h.server.answer = (call) => (call.path === '/api/bad' ? 422 : 201);
    await h.outbox.replay();
    expect(h.server.paths().sort()).toEqual(['/api/b', '/api/bad']);
    expect(h.store.entries().map((entry) => [new URL(entry.url).pathname, entry.status])).toEqual([
      ['/api/bad', 'failed'],
      ['/api/a-behind', 'queued'],
    ]);
  });

  it('backs off exponentially up to the cap; an entry is not sent before it is due, and is when it is', async () => {
    const h = createHarness({ routes: [writeRoute('notes', { retry: { baseDelayMs: 1000, maxDelayMs: 4000 } })] });
    await h.write();
    h.server.answer = () => 503;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await h.outbox.replay();
      const [entry] = h.store.entries();
      const delayMs = entry!.nextAttemptAt - h.clock.nowMs;
      delays.push(delayMs);
      h.clock.advance(delayMs - 1);
      await h.outbox.replay();
      expect(h.server.calls).toHaveLength(attempt);
      h.clock.advance(1);
    }
    // Full jitter with random() = 0.5: half of min(cap, base * 2^(attempt - 1)).
    expect(delays).toEqual([500, 1000, 2000, 2000, 2000]);
    expect(h.store.entries()[0]!.attempts).toBe(5);
  });

  it('flush() ignores backoff; a connectivity trigger makes only network-error entries due', async () => {
    const h = createHarness();
    await h.write({ path: '/api/refused', orderingKey: 'a' });
    await h.write({ path: '/api/busy', orderingKey: 'b' });
    h.server.answer = (call) => (call.path === '/api/refused' ? 'network-error' : 503);
    await h.outbox.replay();
    h.server.answer = () => 201;
    await h.outbox.replay({ connectivityRestored: true });
    expect(h.store.entries().map((entry) => new URL(entry.url).pathname)).toEqual(['/api/busy']);
    expect(await h.outbox.flush()).toMatchObject({ delivered: 1, remaining: 0 });
  });

  it('tells the pages when the next attempt is due (the timer a stopped worker loses)', async () => {
    const h = createHarness();
    await h.write();
    h.server.answer = () => 503;
    await h.outbox.replay();
    expect(h.events.at(-1)).toEqual({ name: 'next-attempt', detail: { inMs: 500 } });
    h.clock.advance(200);
    expect(await h.outbox.replayDue()).toEqual({ inMs: 300 });
    expect(h.server.calls).toHaveLength(1);
    h.clock.advance(300);
    h.server.answer = () => 201;
    expect(await h.outbox.replayDue()).toEqual({ inMs: null });
    expect(h.store.entries()).toEqual([]);
  });

  it('counts only queue heads for the next due time: an entry behind a blocked head is not due', () => {
    const entry = (id: string, orderingKey: string, status: 'queued' | 'conflict', nextAttemptAt: number) => ({
      id, idempotencyKey: id, method: 'POST', url: 'http://localhost/', headers: {}, body: null, createdAt: 0, attempts: 0,
      nextAttemptAt, status, userScope: null, orderingKey, sequence: Number(id), routeName: 'notes',
    });
    expect(nextDueAt([entry('1', 'a', 'conflict', 0), entry('2', 'a', 'queued', 10)])).toBeUndefined();
    expect(nextDueAt([entry('1', 'a', 'conflict', 0), entry('2', 'a', 'queued', 10), entry('3', 'b', 'queued', 50)])).toBe(50);
    expect(nextDueAt([entry('1', 'a', 'queued', 70), entry('2', 'a', 'queued', 10)])).toBe(70);
    expect(nextDueAt([])).toBeUndefined();
  });

  it('drops an entry older than its route allows, tells the app, and delivers the rest', async () => {
    const h = createHarness({ routes: [writeRoute('notes'), writeRoute('expiring', { dropAfterMs: 1500 })] });
    h.network.online = false;
    const old = await h.write({ routeName: 'expiring', path: '/api/old' });
    h.clock.advance(1501);
    await h.write({ routeName: 'expiring', path: '/api/recent' });
    h.network.online = true;
    expect(await h.outbox.replay()).toMatchObject({ delivered: 1, failed: 1, remaining: 0 });
    expect(h.server.paths()).toEqual(['/api/recent']);
    expect(h.events.find((event) => event.name === 'failed')?.detail).toMatchObject({ id: old.id, error: { code: 'expired' } });
    expect(h.hookCalls).toContainEqual({ hook: 'forgotten', id: old.id });
  });
});
