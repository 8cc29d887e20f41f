import { describe, expect, it } from 'vitest';
import { appendCacheStatus, formatMember, splitMembers } from '../../../src/shared/cache-status.js';

describe('Cache-Status members (RFC 9211)', () => {
  it('formats parameters in the RFC order', () => {
    expect(formatMember('Stowage', { hit: true, ttl: 41.7 })).toBe('Stowage; hit; ttl=41');
    expect(formatMember('Stowage', { fwd: 'stale', fwdStatus: 304, stored: true })).toBe('Stowage; fwd=stale; fwd-status=304; stored');
    expect(formatMember('Stowage', { fwd: 'uri-miss', fwdStatus: 200, collapsed: true, key: 'a "b"' })).toBe('Stowage; fwd=uri-miss; fwd-status=200; collapsed; key="a \\"b\\""');
    expect(formatMember('Stowage', { hit: true, ttl: -0.5 })).toBe('Stowage; hit; ttl=-1');
  });

  it('leaves out a ttl that is not a number of seconds (an entry fresh for ever)', () => {
    expect(formatMember('Stowage', { hit: true, ttl: Infinity })).toBe('Stowage; hit');
  });

  it("appends after the server's and proxies' members, replacing an earlier member of the same cache", () => {
    expect(appendCacheStatus(null, 'Stowage; hit')).toBe('Stowage; hit');
    expect(appendCacheStatus('Origin; fwd=miss, Varnish; hit', 'Stowage; hit')).toBe('Origin; fwd=miss, Varnish; hit, Stowage; hit');
    expect(appendCacheStatus('Varnish; hit, stowage; fwd=miss; stored', 'Stowage; hit; ttl=3')).toBe('Varnish; hit, Stowage; hit; ttl=3');
  });

  it('does not split members at commas inside quoted strings', () => {
    expect(splitMembers('A; detail="x, y", B; key="\\"q,\\""')).toEqual(['A; detail="x, y"', 'B; key="\\"q,\\""']);
  });
});
