import { describe, expect, it } from 'vitest';
import { StowagePolicy } from '../../../sw/http/policy.js';
import { notModifiedIdentifies, unconditional } from '../../../sw/http/revalidation.js';

const url = 'https://app.example/api/item';
const lastModified = 'Mon, 01 Jun 2026 12:00:00 GMT';

function stored(headers: Record<string, string>): StowagePolicy {
  return StowagePolicy.forExchange(new Request(url), new Response('body', { headers: { 'Cache-Control': 'max-age=0', ...headers } }));
}

function notModified(headers: Record<string, string>): Response {
  return new Response(null, { status: 304, headers });
}

describe('notModifiedIdentifies (RFC 9111 §4.3.4)', () => {
  it('takes a 304 whose ETag matches the stored one, weak or strong', () => {
    expect(notModifiedIdentifies(stored({ ETag: '"v1"' }), notModified({ ETag: '"v1"' }))).toBe(true);
    expect(notModifiedIdentifies(stored({ ETag: 'W/"v1"' }), notModified({ ETag: '"v1"' }))).toBe(true);
  });

  it('refuses a 304 that names another representation, or an ETag the entry lacks', () => {
    expect(notModifiedIdentifies(stored({ ETag: '"v1"' }), notModified({ ETag: '"v2"' }))).toBe(false);
    expect(notModifiedIdentifies(stored({ 'Last-Modified': lastModified }), notModified({ ETag: '"v1"' }))).toBe(false);
  });

  it('without an ETag, compares Last-Modified; a 304 with no validator is taken', () => {
    expect(notModifiedIdentifies(stored({ 'Last-Modified': lastModified }), notModified({ 'Last-Modified': lastModified }))).toBe(true);
    expect(notModifiedIdentifies(stored({ 'Last-Modified': lastModified }), notModified({ 'Last-Modified': 'Tue, 02 Jun 2026 12:00:00 GMT' }))).toBe(false);
    expect(notModifiedIdentifies(stored({ ETag: '"v1"' }), notModified({}))).toBe(true);
  });
});

describe('unconditional', () => {
  it('drops the validators and bypasses the HTTP cache, keeping the other headers', () => {
    const request = unconditional(new Request(url, { headers: { 'If-None-Match': '"v1"', 'If-Modified-Since': lastModified, Accept: 'application/json' } }));
    expect(request.headers.has('If-None-Match')).toBe(false);
    expect(request.headers.has('If-Modified-Since')).toBe(false);
    expect(request.headers.get('Accept')).toBe('application/json');
    expect(request.cache).toBe('no-store');
  });
});
