import { describe, expect, it } from 'vitest';
import { backoffDelayMs, classifyNetworkError, classifyResponse, parseRetryAfterMs } from '../../sw/retry/retry-policy.js';

const options = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5, now: () => Date.UTC(2026, 0, 1) };
const verdict = (status: number, retryAfter: string | null = null, attempt = 1) => classifyResponse({ status, retryAfter }, attempt, options);

describe('retry policy', () => {
  it('counts only 2xx as delivered', () => {
    for (const status of [200, 201, 202, 204]) expect(verdict(status)).toEqual({ kind: 'delivered' });
    expect(verdict(500).kind).not.toBe('delivered');
    expect(verdict(302).kind).toBe('fail');
  });

  it('retries network errors, 408, 425, 429 and every 5xx', () => {
    for (const status of [408, 425, 429, 500, 502, 503, 504, 599]) expect(verdict(status).kind).toBe('retry');
    expect(classifyNetworkError(1, options).kind).toBe('retry');
  });

  it('pauses on 401, reports a conflict on 409 and 412, and fails other 4xx', () => {
    expect(verdict(401)).toEqual({ kind: 'pause' });
    expect(verdict(409)).toEqual({ kind: 'conflict' });
    expect(verdict(412)).toEqual({ kind: 'conflict' });
    for (const status of [400, 403, 404, 405, 410, 413, 422]) expect(verdict(status)).toEqual({ kind: 'fail' });
  });

  it('retries a 409 that says when (the original is still being processed, as the Idempotency-Key draft answers)', () => {
    expect(verdict(409, '1')).toEqual({ kind: 'retry', delayMs: 1000 });
    expect(verdict(409, 'not a time')).toEqual({ kind: 'conflict' });
    expect(verdict(412, '1')).toEqual({ kind: 'conflict' });
  });

  it('grows the backoff exponentially up to the cap, with full jitter', () => {
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelayMs(attempt, options))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(backoffDelayMs(3, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, { ...options, random: () => 0.999 })).toBe(399);
    expect(backoffDelayMs(10_000, options)).toBe(500);
  });

  it('honours Retry-After in seconds and as an HTTP-date', () => {
    expect(verdict(429, '3')).toEqual({ kind: 'retry', delayMs: 3000 });
    expect(verdict(503, new Date(Date.UTC(2026, 0, 1, 0, 0, 7)).toUTCString())).toEqual({ kind: 'retry', delayMs: 7000 });
    expect(parseRetryAfterMs(new Date(Date.UTC(2025, 0, 1)).toUTCString(), options.now())).toBe(0);
    expect(verdict(503, 'soon')).toEqual({ kind: 'retry', delayMs: 50 });
  });
});
