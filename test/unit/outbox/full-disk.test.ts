import { describe, expect, it, vi } from 'vitest';
import { START_MS, createHarness } from './harness.js';

/** Issue 9 §5 and the README's Limits: what the outbox does when IndexedDB refuses to store more. */
describe('outbox on a full disk', () => {
  it('refuses an enqueue that does not fit, storing and announcing nothing', async () => {
    const h = createHarness();
    h.store.refuse = (write) => write.op === 'add';
    await expect(h.write()).rejects.toMatchObject({ name: 'StowageError', code: 'quota-exceeded' });
    expect(h.store.entries()).toEqual([]);
    expect(h.eventNames()).toEqual([]);
  });

  it('still answers an enqueue that fits when the reads-your-writes copy does not', async () => {
    const h = createHarness({ deps: { hooks: { queued: () => Promise.reject(new DOMException('full', 'QuotaExceededError')), delivered: async () => undefined, forgotten: async () => undefined } } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const entry = await h.write();
    expect(h.store.entries().map((stored) => stored.id)).toEqual([entry.id]);
    expect(h.eventNames()).toEqual(['queued']);
    // Surfaced, not swallowed.
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ code: 'quota-exceeded' }));
    warn.mockRestore();
  });

  it('sends an attempt whose sending mark cannot be recorded, and removes it when delivered', async () => {
    const h = createHarness();
    await h.write();
    h.store.refuse = (write) => write.op === 'save' && write.entry.status === 'sending';
    expect(await h.outbox.replay()).toMatchObject({ delivered: 1, remaining: 0 });
    expect(h.store.entries()).toEqual([]);
    expect(h.eventNames()).toEqual(['queued', 'delivered', 'drained']);
  });

  it('keeps the backoff of a 503 when the sending mark could not be recorded, so the entry is not resent in a loop', async () => {
    const h = createHarness();
    await h.write();
    h.store.refuse = (write) => write.op === 'save' && write.entry.status === 'sending';
    h.server.answer = () => 503;
    expect(await h.outbox.replay()).toMatchObject({ retrying: 1, remaining: 1 });
    // random() is 0.5 and the first retry's cap is baseDelayMs (1000): half of it.
    expect(h.store.entries()).toMatchObject([{ status: 'queued', attempts: 1, nextAttemptAt: START_MS + 500, lastError: { code: 'http-error', status: 503 } }]);
    expect(h.idle.at(-1)).toBe(START_MS + 500);
    // Nothing is due until the backoff ends: the next pass sends nothing.
    await h.outbox.replay();
    expect(h.server.calls).toHaveLength(1);
  });

  it('stops the pass when no outcome can be recorded, leaving the entry intact and no timer set', async () => {
    const h = createHarness();
    const queued = await h.write();
    h.store.refuse = (write) => write.op === 'save';
    h.server.answer = () => 503;
    await expect(h.outbox.replay()).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(h.store.entries()).toEqual([queued]);
    expect(h.server.calls).toHaveLength(1);
    expect(h.idle).toEqual([]);
  });
});
