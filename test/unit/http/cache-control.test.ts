import { describe, expect, it } from 'vitest';
import { hasNoCache, listedFields, parseCacheControl } from '../../../sw/http/cache-control.js';

describe('parseCacheControl (RFC 9111 §5.2)', () => {
  it('lower-cases names and unquotes quoted arguments', () => {
    expect(parseCacheControl('MAX-AGE="60", No-Store')).toEqual({ 'max-age': '60', 'no-store': true });
  });

  it('does not split inside a quoted string, so a quoted max-age is no directive', () => {
    expect(parseCacheControl('no-cache="a, b", max-age=3600')).toEqual({ 'no-cache': 'a, b', 'max-age': '3600' });
    expect(parseCacheControl('extension="max-age=3600", max-age=1')).toEqual({ extension: 'max-age=3600', 'max-age': '1' });
    expect(parseCacheControl('max-age=1, extension="x, max-age=3600"')).toEqual({ 'max-age': '1', extension: 'x, max-age=3600' });
  });

  it('tells the unqualified no-cache from the qualified one, which lists fields', () => {
    expect(hasNoCache(parseCacheControl('no-cache'))).toBe(true);
    expect(hasNoCache(parseCacheControl('no-cache="Set-Cookie", max-age=60'))).toBe(false);
    expect(listedFields(parseCacheControl('no-cache="A, b"')['no-cache'])).toEqual(['a', 'b']);
    expect(listedFields(true)).toEqual([]);
  });
});
