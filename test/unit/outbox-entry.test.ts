import { describe, expect, it } from 'vitest';
import { parseEntry, transition, type OutboxEntry } from '../../sw/outbox/entry.js';

const entry: OutboxEntry = {
  id: 'e1',
  idempotencyKey: 'k1',
  method: 'PUT',
  url: 'http://localhost/api/notes/1',
  headers: { 'if-match': '"a"' },
  body: new ArrayBuffer(2),
  createdAt: 1,
  attempts: 0,
  nextAttemptAt: 1,
  status: 'queued',
  userScope: null,
  orderingKey: 'http://localhost',
  sequence: 1,
  routeName: 'note',
};
const error = { code: 'http-error' as const, message: 'HTTP 503', status: 503 };

describe('outbox entry state machine', () => {
  it('goes queued → sending → queued with one more attempt and a backoff', () => {
    const sending = transition(entry, { type: 'send' });
    expect(sending.status).toBe('sending');
    const retried = transition(sending, { type: 'retry', nextAttemptAt: 99, error, countAttempt: true });
    expect(retried).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: 99, lastError: error });
    expect(transition(sending, { type: 'retry', nextAttemptAt: 5, error, countAttempt: false }).attempts).toBe(0);
  });

  it('never changes the idempotency key, whatever happens', () => {
    const conflicted = transition(transition(entry, { type: 'send' }), { type: 'conflict', error });
    const requeued = transition(conflicted, { type: 'requeue', nextAttemptAt: 7, body: null, headers: { 'If-Match': '"b"' } });
    expect(requeued).toMatchObject({ status: 'queued', idempotencyKey: 'k1', body: null, headers: { 'if-match': '"b"' } });
    expect(requeued.lastError).toBeUndefined();
  });

  it('refuses transitions the state machine does not have', () => {
    expect(() => transition(entry, { type: 'fail', error })).toThrow(/cannot go from queued/);
    const failed = transition(transition(entry, { type: 'send' }), { type: 'fail', error });
    expect(() => transition(failed, { type: 'send' })).toThrow(/cannot go from failed/);
  });

  it('recognises unreadable records', () => {
    expect(parseEntry(entry)).toBe(entry);
    expect(parseEntry({ ...entry, method: 42 })).toBeUndefined();
    expect(parseEntry({ ...entry, status: 'delivered' })).toBeUndefined();
    expect(parseEntry({ ...entry, body: 'text' })).toBeUndefined();
    expect(parseEntry({ ...entry, url: 'not a url' })).toBeUndefined();
    expect(parseEntry(null)).toBeUndefined();
  });
});
