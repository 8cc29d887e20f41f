import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StowagePolicy } from '../../../sw/http/policy.js';
import { isStorable } from '../../../sw/http/storability.js';
import { judgeEntry, type VerdictOptions } from '../../../sw/http/verdict.js';

const T0 = Date.parse('2026-06-01T12:00:00Z');
const url = 'https://app.example/api/item';

function stored(headers: Record<string, string>, requestHeaders: Record<string, string> = {}): StowagePolicy {
  return StowagePolicy.forExchange(new Request(url, { headers: requestHeaders }), new Response('body', { headers: { Date: new Date(T0).toUTCString(), ...headers } }));
}

function judgeAfter(seconds: number, policy: StowagePolicy, options: VerdictOptions = {}, requestHeaders: Record<string, string> = {}) {
  vi.setSystemTime(T0 + seconds * 1000);
  // Round-trip through the stored form, as the worker does.
  const restored = StowagePolicy.fromStored(new Response(null, { headers: { 'X-Stowage-Policy': policy.serialize() } }))!;
  return judgeEntry(restored, new Request(url, { headers: requestHeaders }), options);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('freshness (RFC 9111 §4.2)', () => {
  it('max-age keeps an entry fresh for that many seconds', () => {
    const policy = stored({ 'Cache-Control': 'max-age=60' });
    expect(judgeAfter(59, policy).fresh).toBe(true);
    expect(judgeAfter(60, policy).fresh).toBe(false);
  });

  it('max-age=0 is stale at once', () => {
    expect(judgeAfter(0, stored({ 'Cache-Control': 'max-age=0' })).fresh).toBe(false);
  });

  it('the Age header counts against the lifetime', () => {
    const policy = stored({ 'Cache-Control': 'max-age=60', Age: '50' });
    expect(judgeAfter(9, policy).fresh).toBe(true);
    expect(judgeAfter(11, policy).fresh).toBe(false);
  });

  it('a Date in the past makes the response older on arrival (apparent age)', () => {
    vi.setSystemTime(T0 + 3600_000);
    const policy = stored({ 'Cache-Control': 'max-age=60' });
    expect(judgeAfter(3600, policy).fresh).toBe(false);
  });

  it('Expires counts from Date, and max-age wins over Expires', () => {
    const expires = new Date(T0 + 120_000).toUTCString();
    expect(judgeAfter(119, stored({ Expires: expires })).fresh).toBe(true);
    expect(judgeAfter(121, stored({ Expires: expires })).fresh).toBe(false);
    expect(judgeAfter(30, stored({ Expires: expires, 'Cache-Control': 'max-age=10' })).fresh).toBe(false);
  });

  it('an invalid Expires means already expired', () => {
    expect(judgeAfter(0, stored({ Expires: '0' })).fresh).toBe(false);
  });

  it('without explicit freshness, 10% of the time since Last-Modified (heuristic)', () => {
    const policy = stored({ 'Last-Modified': new Date(T0 - 1000_000).toUTCString() });
    expect(judgeAfter(99, policy).fresh).toBe(true);
    expect(judgeAfter(101, policy).fresh).toBe(false);
  });

  it('s-maxage is ignored: a service worker is a private cache', () => {
    expect(judgeAfter(30, stored({ 'Cache-Control': 's-maxage=3600, max-age=10' })).fresh).toBe(false);
    expect(judgeAfter(30, stored({ 'Cache-Control': 's-maxage=3600' })).fresh).toBe(false);
  });

  it('no-cache is never fresh, but may fall back offline', () => {
    const verdict = judgeAfter(0, stored({ 'Cache-Control': 'no-cache, max-age=3600' }));
    expect(verdict).toMatchObject({ fresh: false, validateBeforeUse: true, mustRevalidate: false });
  });

  it('must-revalidate binds only once stale, and then forbids stale serving', () => {
    const policy = stored({ 'Cache-Control': 'max-age=60, must-revalidate, stale-while-revalidate=60, stale-if-error=60' });
    expect(judgeAfter(30, policy).fresh).toBe(true);
    expect(judgeAfter(61, policy)).toMatchObject({ fresh: false, mustRevalidate: true, validateBeforeUse: true, staleWhileRevalidate: false, staleIfError: false });
  });

  it('stale-while-revalidate and stale-if-error open windows after expiry', () => {
    const policy = stored({ 'Cache-Control': 'max-age=10, stale-while-revalidate=20, stale-if-error=100' });
    expect(judgeAfter(25, policy)).toMatchObject({ fresh: false, staleWhileRevalidate: true, staleIfError: true });
    expect(judgeAfter(35, policy)).toMatchObject({ staleWhileRevalidate: false, staleIfError: true });
    expect(judgeAfter(115, policy)).toMatchObject({ staleWhileRevalidate: false, staleIfError: false });
  });

  it('an entry invalidated by a write is never fresh', () => {
    expect(judgeAfter(0, stored({ 'Cache-Control': 'max-age=60' }), { invalidated: true }).fresh).toBe(false);
  });
});

describe('the route option maxAgeMs', () => {
  it('caps the server lifetime', () => {
    const policy = stored({ 'Cache-Control': 'max-age=3600' });
    expect(judgeAfter(5, policy, { maxAgeMs: 10_000, storedAgeMs: 5000 }).fresh).toBe(true);
    expect(judgeAfter(11, policy, { maxAgeMs: 10_000, storedAgeMs: 11_000 }).fresh).toBe(false);
  });

  it('supplies a lifetime when the server gives none', () => {
    const policy = stored({ ETag: '"a"' });
    expect(judgeAfter(5, policy).fresh).toBe(false);
    expect(judgeAfter(5, policy, { maxAgeMs: 10_000, storedAgeMs: 5000 }).fresh).toBe(true);
  });

  it('does not lengthen a server lifetime of zero', () => {
    expect(judgeAfter(0, stored({ 'Cache-Control': 'max-age=0' }), { maxAgeMs: 10_000, storedAgeMs: 0 }).fresh).toBe(false);
  });
});

describe('request directives (§5.2.1)', () => {
  const policy = () => stored({ 'Cache-Control': 'max-age=600' });

  it('no-cache and Pragma: no-cache require validation but allow an offline fallback', () => {
    expect(judgeAfter(1, policy(), {}, { 'Cache-Control': 'no-cache' })).toMatchObject({ fresh: false, validateBeforeUse: true, mustRevalidate: false });
    expect(judgeAfter(1, policy(), {}, { Pragma: 'no-cache' })).toMatchObject({ fresh: false, validateBeforeUse: true });
  });

  it('max-age and min-fresh narrow freshness; max-stale widens it', () => {
    expect(judgeAfter(100, policy(), {}, { 'Cache-Control': 'max-age=50' }).fresh).toBe(false);
    expect(judgeAfter(100, policy(), {}, { 'Cache-Control': 'min-fresh=550' }).fresh).toBe(false);
    expect(judgeAfter(650, policy(), {}, { 'Cache-Control': 'max-stale=100' }).fresh).toBe(true);
    expect(judgeAfter(750, policy(), {}, { 'Cache-Control': 'max-stale=100' }).fresh).toBe(false);
  });
});

describe('storability (§3)', () => {
  const check = (responseHeaders: Record<string, string>, requestHeaders: Record<string, string> = {}, options = {}) => {
    const request = new Request(url, { headers: requestHeaders });
    const response = new Response('x', { headers: responseHeaders });
    return isStorable(StowagePolicy.forExchange(request, response), request, response, options);
  };

  it('no-store on the response or the request is never stored', () => {
    expect(check({ 'Cache-Control': 'no-store' })).toBe(false);
    expect(check({ 'Cache-Control': 'max-age=60' }, { 'Cache-Control': 'no-store' })).toBe(false);
    expect(check({ 'Cache-Control': 'max-age=60' })).toBe(true);
  });

  it('Vary: * is never stored; other Vary is', () => {
    expect(check({ Vary: '*' })).toBe(false);
    expect(check({ Vary: 'Accept' })).toBe(true);
  });

  it('per-user responses are stored only in a user partition', () => {
    expect(check({ 'Cache-Control': 'private, max-age=60' })).toBe(false);
    expect(check({ 'Cache-Control': 'max-age=60' }, { Authorization: 'Bearer x' })).toBe(false);
    expect(check({ Vary: 'Cookie' })).toBe(false);
    expect(check({ 'Cache-Control': 'max-age=60' }, {}, { private: true })).toBe(false);
    expect(check({ 'Cache-Control': 'private, max-age=60' }, {}, { partitioned: true })).toBe(true);
  });
});

describe('fetch cache modes', () => {
  it("cache: 'no-cache', 'reload' and 'no-store' require validation like a request no-cache", () => {
    const policy = stored({ 'Cache-Control': 'max-age=600' });
    vi.setSystemTime(T0 + 1000);
    for (const cache of ['no-cache', 'reload', 'no-store'] as const) {
      expect(judgeEntry(policy, new Request(url, { cache }))).toMatchObject({ fresh: false, validateBeforeUse: true, mustRevalidate: false });
    }
    expect(judgeEntry(policy, new Request(url, { cache: 'default' })).fresh).toBe(true);
  });
});
