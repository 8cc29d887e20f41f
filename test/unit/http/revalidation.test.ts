import { describe, expect, it } from 'vitest';
import { conditionalRequest, notModifiedIdentifies, unconditional, updatedHeaders } from '../../../sw/http/revalidation.js';

const url = 'https://app.example/api/item';
const origin = 'https://app.example';
const lastModified = 'Mon, 01 Jun 2026 12:00:00 GMT';

const stored = (headers: Record<string, string>): Headers => new Headers({ 'Cache-Control': 'max-age=0', ...headers });
const notModified = (headers: Record<string, string>): Response => new Response(null, { status: 304, headers });

describe('conditionalRequest (RFC 9111 §4.3.1)', () => {
  it("sends the stored response's validators", () => {
    const request = conditionalRequest(new Request(url), stored({ ETag: '"v1"', 'Last-Modified': lastModified }), origin);
    expect([request.headers.get('If-None-Match'), request.headers.get('If-Modified-Since')]).toEqual(['"v1"', lastModified]);
  });

  it('leaves alone a request without validators to add, a cross-origin one, and one the page made conditional', () => {
    const plain = new Request(url);
    expect(conditionalRequest(plain, stored({}), origin)).toBe(plain);
    const foreign = new Request('https://elsewhere.example/x');
    expect(conditionalRequest(foreign, stored({ ETag: '"v1"' }), origin)).toBe(foreign);
    const pageConditional = new Request(url, { headers: { 'If-None-Match': '"mine"' } });
    expect(conditionalRequest(pageConditional, stored({ ETag: '"v1"' }), origin)).toBe(pageConditional);
  });
});

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

describe('updatedHeaders (RFC 9111 §4.3.4)', () => {
  it("replaces stored fields with the 304's, adds the ones only the 304 carries, and keeps those describing the body", () => {
    const updated = updatedHeaders(
      stored({ ETag: '"v1"', 'Content-Type': 'text/plain', 'Content-Length': '4', 'X-Old': 'kept' }),
      new Headers({ 'Cache-Control': 'max-age=60', 'X-New': 'added', 'Content-Length': '0', Connection: 'keep-alive' }),
    );
    expect(Object.fromEntries(updated)).toEqual({
      'cache-control': 'max-age=60',
      'content-length': '4',
      'content-type': 'text/plain',
      etag: '"v1"',
      'x-new': 'added',
      'x-old': 'kept',
    });
  });
});

describe('updatedHeaders and connection-level fields', () => {
  it("adds none of the 304's connection-level fields, nor those its Connection lists", () => {
    const updated = updatedHeaders(stored({ ETag: '"v1"' }), new Headers({ Connection: 'x-hop', 'X-Hop': '1', 'Keep-Alive': 'timeout=5', 'X-New': 'added' }));
    expect([...updated.keys()].filter((name) => name !== 'cache-control')).toEqual(['etag', 'x-new']);
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
