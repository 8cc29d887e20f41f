import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../sw/outbox/entry.js';
import { createHarness } from './harness.js';

describe('replay after a crash', () => {
  it('requeues an entry found in `sending` at the start of a pass and resends it with the same key, as a later attempt', async () => {
    const h = createHarness();
    const entry = await h.write();
    // A worker stopped mid-attempt left this behind: the server may or may not have applied it.
    h.store.records.set(entry.id, { ...entry, status: 'sending' } satisfies OutboxEntry);
    expect(await h.outbox.replay()).toMatchObject({ delivered: 1, remaining: 0 });
    expect(h.server.calls).toEqual([expect.objectContaining({ idempotencyKey: `"${entry.idempotencyKey}"`, replay: '2' })]);
  });

  it("sends the app's own Idempotency-Key as the app wrote it, and a generated one quoted", async () => {
    const h = createHarness();
    await h.write({ headers: new Headers({ 'Idempotency-Key': '"app-key-1"', Connection: 'keep-alive', 'X-App': 'kept' }) });
    await h.write();
    // Hop-by-hop headers are never stored, so never replayed; the app's others are.
    expect(h.store.entries()[0]!.headers).toEqual({ 'idempotency-key': '"app-key-1"', 'x-app': 'kept' });
    await h.outbox.replay();
    expect(h.server.calls[0]!.idempotencyKey).toBe('"app-key-1"');
    expect(h.server.calls[1]!.idempotencyKey).toMatch(/^"[0-9a-f-]{36}"$/);
  });

  it('quarantines an unreadable record as failed, with an ordering key of its own, and delivers the rest', async () => {
    const h = createHarness();
    await h.write();
    h.store.records.set('broken', { id: 'broken', method: 42, sequence: 0 });
    expect(await h.outbox.replay()).toMatchObject({ delivered: 1, failed: 1, remaining: 1 });
    expect(h.store.entries()).toMatchObject([{ id: 'broken', status: 'failed', orderingKey: 'corrupt:broken', lastError: { code: 'corrupt-entry' } }]);
    expect(h.events.find((event) => event.name === 'failed')?.detail).toMatchObject({ id: 'broken', error: { code: 'corrupt-entry' } });
    expect(await h.outbox.discard('broken')).toEqual({ discarded: true });
  });

  it('never brings back an entry the app discarded while its attempt was in flight', async () => {
    const h = createHarness();
    const entry = await h.write();
    h.server.answer = () => {
      void h.outbox.discard(entry.id);
      return 503;
    };
    h.server.latencyMs = 5;
    await h.outbox.replay();
    expect(h.store.entries()).toEqual([]);
  });
});
