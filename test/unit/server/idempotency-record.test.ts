import { describe, expect, it } from 'vitest';
import type { IdempotencyRow } from '../../../demo/server/store/store';
import { isPrivateReply, replayFromRecord } from '../../../demo/server/idempotency-record';

const request = { method: 'POST', path: '/api/notes', fingerprint: 'f1' };

function record(principal: string | null, headers: Record<string, string>): IdempotencyRow {
  return { principal, ...request, status: 201, headers: JSON.stringify(headers), body: '{"id":7}' };
}

describe('a record found by its key alone', () => {
  const shared = record('alice', { 'Content-Type': 'application/json', Location: '/api/notes/7' });
  const secret = record('alice', { 'Content-Type': 'application/json', 'Cache-Control': 'private, no-cache' });

  it.each([
    ['the original user', 'alice'],
    ['another user', 'bob'],
    ['no session', undefined],
  ])('replays a shared answer in full to %s', (_, principal) => {
    expect(replayFromRecord(shared, request, principal)).toEqual({
      status: 201,
      headers: { 'Content-Type': 'application/json', Location: '/api/notes/7', 'Idempotent-Replayed': 'true' },
      body: '{"id":7}',
    });
  });

  it('replays a private answer in full to the original user', () => {
    expect(replayFromRecord(secret, request, 'alice')).toMatchObject({ status: 201, body: '{"id":7}' });
  });

  it.each([
    ['another user', 'bob'],
    ['no session', undefined],
  ])('gives %s only the status of a private answer', (_, principal) => {
    expect(replayFromRecord(secret, request, principal)).toEqual({
      status: 201,
      headers: { 'Cache-Control': 'no-store', 'Idempotent-Replayed': 'true' },
    });
  });

  it('never counts a missing session as the owner, not even of a write made without one', () => {
    const anonymous = record(null, { 'Set-Cookie': 'sid=abc; HttpOnly' });
    expect(replayFromRecord(anonymous, request, undefined)).not.toHaveProperty('body');
  });

  it.each([
    ['method', { ...request, method: 'PUT' }],
    ['path', { ...request, path: '/api/notes/1' }],
    ['body', { ...request, fingerprint: 'f2' }],
  ])('answers 422 to a key reused with another %s, whoever asks', (_, other) => {
    for (const principal of ['alice', 'bob', undefined]) {
      expect(replayFromRecord(shared, other, principal).status).toBe(422);
    }
  });
});

describe('isPrivateReply', () => {
  it.each([
    [{ 'Cache-Control': 'private, no-cache' }, true],
    [{ 'cache-control': 'no-cache, PRIVATE="Set-Cookie"' }, true],
    [{ 'Set-Cookie': 'sid=; Max-Age=0' }, true],
    [{ 'Cache-Control': 'no-cache' }, false],
    [{ 'Cache-Control': 'no-private-ext' }, false],
    [{}, false],
  ])('%o → %s', (headers, expected) => {
    expect(isPrivateReply(headers)).toBe(expected);
  });
});
