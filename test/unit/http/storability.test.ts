import { describe, expect, it } from 'vitest';
import { isStorable, type PerUserOptions } from '../../../sw/http/storability.js';

const url = 'https://app.example/api/item';

function check(responseHeaders: Record<string, string>, requestHeaders: Record<string, string> = {}, options: PerUserOptions = {}, status = 200) {
  const body = status === 204 ? null : 'x';
  return isStorable(new Request(url, { headers: requestHeaders }), new Response(body, { status, headers: responseHeaders }), options);
}

describe('storability (RFC 9111 §3)', () => {
  it('no-store on the response or the request is never stored, whatever its case', () => {
    expect(check({ 'Cache-Control': 'no-store' })).toBe(false);
    expect(check({ 'Cache-Control': 'NO-STORE' })).toBe(false);
    expect(check({ 'Cache-Control': 'max-age=60' }, { 'Cache-Control': 'no-store' })).toBe(false);
    expect(check({ 'Cache-Control': 'max-age=60' })).toBe(true);
  });

  it('must-understand overrides no-store for a status the cache understands (RFC 9111 §5.2.2.3)', () => {
    expect(check({ 'Cache-Control': 'max-age=3600, no-store, must-understand' })).toBe(true);
    expect(check({ 'Cache-Control': 'max-age=3600, no-store, must-understand' }, {}, {}, 500)).toBe(false);
  });

  it('Vary: * is never stored; other Vary is', () => {
    expect(check({ Vary: '*' })).toBe(false);
    expect(check({ Vary: 'Accept' })).toBe(true);
  });

  it('stores the heuristically cacheable statuses (RFC 9110 §15.1) and no other', () => {
    for (const status of [200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501]) expect(check({ 'Cache-Control': 'max-age=60' }, {}, {}, status)).toBe(true);
    for (const status of [201, 202, 206, 302, 303, 307, 400, 401, 403, 409, 500, 503]) expect(check({ 'Cache-Control': 'max-age=60' }, {}, {}, status)).toBe(false);
  });

  it('per-user responses are stored only in a user partition', () => {
    expect(check({ 'Cache-Control': 'private, max-age=60' })).toBe(false);
    expect(check({ 'Cache-Control': 'max-age=60' }, { Authorization: 'Bearer x' })).toBe(false);
    expect(check({ Vary: 'Cookie' })).toBe(false);
    expect(check({ 'Cache-Control': 'max-age=60' }, {}, { private: true })).toBe(false);
    expect(check({ 'Cache-Control': 'private, max-age=60' }, {}, { partitioned: true })).toBe(true);
  });
});
