import { describe, expect, it } from 'vitest';
import { START_MS, createHarness } from './harness.js';

/** Every kind of answer the server can give an attempt, and what the outbox records and announces. */
describe('replay: the retry matrix', () => {
  it('2xx: delivered, removed, the reads invalidated, then announced', async () => {
    for (const status of [200, 201, 204]) {
      const h = createHarness();
      const entry = await h.write();
      h.server.answer = () => status;
      expect(await h.outbox.replay()).toMatchObject({ delivered: 1, remaining: 0 });
      expect(h.store.entries()).toEqual([]);
      expect(h.hookCalls).toEqual([{ hook: 'queued', id: entry.id }, { hook: 'delivered', id: entry.id }]);
      expect(h.events.find((event) => event.name === 'delivered')?.detail).toEqual({ id: entry.id, method: 'POST', url: entry.url, status });
    }
  });

  it('a network error while online counts the attempt and backs off', async () => {
    const h = createHarness();
    await h.write();
    h.server.answer = () => 'network-error';
    expect(await h.outbox.replay()).toMatchObject({ retrying: 1 });
    expect(h.store.entries()).toMatchObject([{ status: 'queued', attempts: 1, nextAttemptAt: START_MS + 500, lastError: { code: 'network-error' } }]);
    expect(h.eventNames()).toEqual(['queued']);
  });

  it('a network error while offline costs no attempt and no backoff; the entry waits for connectivity, not a timer', async () => {
    const h = createHarness();
    await h.write();
    h.server.answer = () => {
      h.network.online = false;
      return 'network-error';
    };
    await h.outbox.replay();
    expect(h.store.entries()).toMatchObject([{ status: 'queued', attempts: 0, nextAttemptAt: START_MS, lastError: { code: 'offline' } }]);
    expect(h.idle.at(-1)).toBeUndefined();
    expect(h.events.at(-1)).toEqual({ name: 'next-attempt', detail: { inMs: null } });
    // Still offline: a pass sends nothing.
    await h.outbox.replay();
    expect(h.server.calls).toHaveLength(1);
  });

  it('408, 425, 429 and 5xx are retried after the backoff, or after Retry-After in seconds or as an HTTP-date', async () => {
    for (const status of [408, 425, 429, 500, 502, 503, 504]) {
      const h = createHarness();
      await h.write();
      h.server.answer = () => status;
      await h.outbox.replay();
      expect(h.store.entries()).toMatchObject([{ status: 'queued', attempts: 1, nextAttemptAt: START_MS + 500, lastError: { code: 'http-error', status } }]);
    }
    const h = createHarness();
    await h.write();
    h.server.answer = () => ({ status: 503, headers: { 'Retry-After': '7' } });
    await h.outbox.replay();
    expect(h.store.entries()[0]!.nextAttemptAt).toBe(START_MS + 7000);
    // The date is read against the outbox's clock, not the machine's.
    h.server.answer = () => ({ status: 429, headers: { 'Retry-After': new Date(START_MS + 7000 + 30_000).toUTCString() } });
    h.clock.advance(7000);
    await h.outbox.replay();
    expect(h.store.entries()[0]).toMatchObject({ attempts: 2, nextAttemptAt: START_MS + 7000 + 30_000 });
  });

  it('401 pauses the entry and its ordering key until resume()', async () => {
    const h = createHarness();
    const first = await h.write({ text: 'first' });
    await h.write({ text: 'second' });
    h.server.answer = () => 401;
    expect(await h.outbox.replay()).toMatchObject({ paused: 1, remaining: 2 });
    expect(h.store.entries().map((entry) => entry.status)).toEqual(['paused', 'queued']);
    expect(h.events.find((event) => event.name === 'auth-required')?.detail).toEqual({ id: first.id, method: 'POST', url: first.url, status: 401 });
    // The entry behind a paused head waits for the app, not for a time.
    expect(h.idle.at(-1)).toBeUndefined();
    h.server.answer = () => 201;
    expect(await h.outbox.resume()).toMatchObject({ delivered: 2, remaining: 0 });
    expect(h.server.calls.map((call) => call.body)).toEqual(['first', 'first', 'second']);
  });

  it('409 and 412 are conflicts carrying the server answer; retry() with a new body resolves them', async () => {
    for (const status of [409, 412]) {
      const h = createHarness();
      const entry = await h.write();
      h.server.answer = () => ({ status, body: '{"current":"theirs"}' });
      expect(await h.outbox.replay()).toMatchObject({ conflicts: 1 });
      expect(h.store.entries()).toMatchObject([{ status: 'conflict', attempts: 1, lastError: { code: 'http-error', status, message: '{"current":"theirs"}' } }]);
      expect(h.events.find((event) => event.name === 'conflict')?.detail).toMatchObject({ id: entry.id, status, body: '{"current":"theirs"}' });
      h.server.answer = () => 200;
      expect(await h.outbox.retry(entry.id, { body: 'merged', headers: { 'If-Match': '*' } })).toMatchObject({ delivered: 1 });
      expect(h.server.calls.at(-1)).toMatchObject({ body: 'merged', idempotencyKey: h.server.calls[0]!.idempotencyKey });
    }
  });

  it('discarding a conflicted head asks for a replay: the entries behind it go, with nothing else to wake them', async () => {
    const h = createHarness();
    const head = await h.write({ text: 'head' });
    await h.write({ text: 'behind' });
    h.server.answer = (call) => (call.body === 'head' ? 409 : 201);
    expect(await h.outbox.replay()).toMatchObject({ remaining: 2 });
    expect(h.server.calls.map((call) => call.body)).toEqual(['head']);
    expect(h.unblockedCount()).toBe(0);
    expect(await h.outbox.discard(head.id)).toEqual({ discarded: true });
    expect(h.unblockedCount()).toBe(1);
    expect(await h.outbox.replay()).toMatchObject({ delivered: 1, remaining: 0 });
  });

  it('other 4xx fail the entry, kept until the app retries or discards it', async () => {
    for (const status of [400, 403, 404, 410, 422]) {
      const h = createHarness();
      const entry = await h.write();
      h.server.answer = () => status;
      expect(await h.outbox.replay()).toMatchObject({ failed: 1, remaining: 1 });
      expect(h.store.entries()).toMatchObject([{ status: 'failed', lastError: { code: 'http-error', status } }]);
      expect(h.events.find((event) => event.name === 'failed')?.detail).toMatchObject({ id: entry.id, status });
      await h.outbox.flush();
      expect(h.server.calls).toHaveLength(1);
      expect(await h.outbox.discard(entry.id)).toEqual({ discarded: true });
      expect(h.hookCalls.at(-1)).toEqual({ hook: 'forgotten', id: entry.id });
    }
  });

  it('an entry that cannot become a request (beforeReplay throws) fails without reaching the server', async () => {
    const h = createHarness({ deps: { beforeReplay: () => Promise.reject(new Error('no credential')) } });
    await h.write();
    await h.outbox.replay();
    expect(h.store.entries()).toMatchObject([{ status: 'failed', lastError: { code: 'internal', message: 'no credential' } }]);
    expect(h.server.calls).toEqual([]);
  });
});
