import { describe, expect, it } from 'vitest';
import { policyOnArrival } from '../../../sw/http/policy.js';
import { judgeEntry, type VerdictOptions } from '../../../sw/http/verdict.js';

const T0 = Date.parse('2026-06-01T12:00:00Z');
const url = 'https://app.example/api/item';

/** A response dated T0 that arrived at T0 (or `arrivedAt`), as the worker stores it. */
function stored(headers: Record<string, string>, { status = 200, arrivedAt = T0 } = {}) {
  const all = new Headers({ Date: new Date(T0).toUTCString(), ...headers });
  return { status, headers: all, policy: policyOnArrival(all, { requestAt: arrivedAt, responseAt: arrivedAt, wallResponseAt: arrivedAt }) };
}

function judgeAfter(seconds: number, entry: ReturnType<typeof stored>, options: Partial<VerdictOptions> = {}, init: RequestInit = {}) {
  return judgeEntry(entry, new Request(url, init), { nowMs: T0 + seconds * 1000, ...options });
}

describe('freshness (RFC 9111 §4.2)', () => {
  it('max-age keeps an entry fresh for that many seconds', () => {
    const entry = stored({ 'Cache-Control': 'max-age=60' });
    expect(judgeAfter(59, entry).fresh).toBe(true);
    expect(judgeAfter(60, entry).fresh).toBe(false);
  });

  it('directive names are case-insensitive (§5.2)', () => {
    const entry = stored({ 'Cache-Control': 'MAX-AGE=60, Must-Revalidate' });
    expect(judgeAfter(59, entry).fresh).toBe(true);
    expect(judgeAfter(61, entry)).toMatchObject({ fresh: false, mustRevalidate: true });
  });

  it('max-age=0 is stale at once', () => {
    expect(judgeAfter(0, stored({ 'Cache-Control': 'max-age=0' })).fresh).toBe(false);
  });

  it('the Age header counts against the lifetime, and the time in the cache is added to it', () => {
    const entry = stored({ 'Cache-Control': 'max-age=60', Age: '50' });
    expect(judgeAfter(9, entry)).toMatchObject({ fresh: true, ageMs: 59_000 });
    expect(judgeAfter(11, entry).fresh).toBe(false);
  });

  it('a Date in the past makes the response older on arrival (apparent age)', () => {
    const entry = stored({ 'Cache-Control': 'max-age=60' }, { arrivedAt: T0 + 3600_000 });
    expect(judgeEntry(entry, new Request(url), { nowMs: T0 + 3600_000 })).toMatchObject({ fresh: false, ageMs: 3600_000 });
  });

  it('the time the request took is added to the Age header (corrected_age_value)', () => {
    const headers = new Headers({ Date: new Date(T0).toUTCString(), 'Cache-Control': 'max-age=60', Age: '10' });
    const policy = policyOnArrival(headers, { requestAt: T0 - 5000, responseAt: T0, wallResponseAt: T0 });
    expect(policy.initialAgeMs).toBe(15_000);
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
    const entry = stored({ 'Last-Modified': new Date(T0 - 1000_000).toUTCString() });
    expect(judgeAfter(99, entry).fresh).toBe(true);
    expect(judgeAfter(101, entry).fresh).toBe(false);
  });

  it('heuristic freshness applies to the heuristically cacheable statuses only', () => {
    const lastModified = { 'Last-Modified': new Date(T0 - 1000_000).toUTCString() };
    for (const status of [203, 404, 410, 501]) expect(judgeAfter(50, stored(lastModified, { status })).fresh).toBe(true);
    for (const status of [302, 307, 403, 500]) expect(judgeAfter(50, stored(lastModified, { status })).fresh).toBe(false);
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
    const entry = stored({ 'Cache-Control': 'max-age=60, must-revalidate, stale-while-revalidate=60, stale-if-error=60' });
    expect(judgeAfter(30, entry).fresh).toBe(true);
    expect(judgeAfter(61, entry)).toMatchObject({ fresh: false, mustRevalidate: true, validateBeforeUse: true, staleWhileRevalidate: false, staleIfError: false });
  });

  it('stale-while-revalidate and stale-if-error open windows after expiry', () => {
    const entry = stored({ 'Cache-Control': 'max-age=10, stale-while-revalidate=20, stale-if-error=100' });
    expect(judgeAfter(25, entry)).toMatchObject({ fresh: false, staleWhileRevalidate: true, staleIfError: true });
    expect(judgeAfter(35, entry)).toMatchObject({ staleWhileRevalidate: false, staleIfError: true });
    expect(judgeAfter(115, entry)).toMatchObject({ staleWhileRevalidate: false, staleIfError: false });
  });

  it('an entry invalidated by a write is never fresh', () => {
    expect(judgeAfter(0, stored({ 'Cache-Control': 'max-age=60' }), { invalidated: true }).fresh).toBe(false);
  });
});

describe('the route option maxAgeMs', () => {
  it('caps the server lifetime', () => {
    const entry = stored({ 'Cache-Control': 'max-age=3600' });
    expect(judgeAfter(5, entry, { maxAgeMs: 10_000, storedAgeMs: 5000 }).fresh).toBe(true);
    expect(judgeAfter(11, entry, { maxAgeMs: 10_000, storedAgeMs: 11_000 }).fresh).toBe(false);
  });

  it('supplies a lifetime when the server gives none', () => {
    const entry = stored({ ETag: '"a"' });
    expect(judgeAfter(5, entry).fresh).toBe(false);
    expect(judgeAfter(5, entry, { maxAgeMs: 10_000, storedAgeMs: 5000 }).fresh).toBe(true);
  });

  it('does not lengthen a server lifetime of zero', () => {
    expect(judgeAfter(0, stored({ 'Cache-Control': 'max-age=0' }), { maxAgeMs: 10_000, storedAgeMs: 0 }).fresh).toBe(false);
  });
});

describe('request directives (§5.2.1)', () => {
  const entry = () => stored({ 'Cache-Control': 'max-age=600' });
  const headers = (value: Record<string, string>): RequestInit => ({ headers: value });

  it('no-cache and Pragma: no-cache require validation but allow an offline fallback', () => {
    expect(judgeAfter(1, entry(), {}, headers({ 'Cache-Control': 'no-cache' }))).toMatchObject({ fresh: false, validateBeforeUse: true, mustRevalidate: false });
    expect(judgeAfter(1, entry(), {}, headers({ Pragma: 'no-cache' }))).toMatchObject({ fresh: false, validateBeforeUse: true });
  });

  it('max-age and min-fresh narrow freshness; max-stale widens it', () => {
    expect(judgeAfter(100, entry(), {}, headers({ 'Cache-Control': 'max-age=50' })).fresh).toBe(false);
    expect(judgeAfter(100, entry(), {}, headers({ 'Cache-Control': 'min-fresh=550' })).fresh).toBe(false);
    expect(judgeAfter(650, entry(), {}, headers({ 'Cache-Control': 'max-stale=100' })).fresh).toBe(true);
    expect(judgeAfter(750, entry(), {}, headers({ 'Cache-Control': 'max-stale=100' })).fresh).toBe(false);
  });

  it("cache: 'no-cache', 'reload' and 'no-store' require validation like a request no-cache", () => {
    for (const cache of ['no-cache', 'reload', 'no-store'] as const) {
      expect(judgeAfter(1, entry(), {}, { cache })).toMatchObject({ fresh: false, validateBeforeUse: true, mustRevalidate: false });
    }
    expect(judgeAfter(1, entry(), {}, { cache: 'default' }).fresh).toBe(true);
  });
});
