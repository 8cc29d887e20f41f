import { describe, expect, it } from 'vitest';
import { RefreshAhead } from '../../../sw/http/refresh-ahead.js';

describe('refresh-ahead', () => {
  const rule = { minUses: 3, withinMs: 10_000, beforeExpiryMs: 5_000 };

  it('refreshes an entry used minUses times within withinMs once less than beforeExpiryMs is left', () => {
    const ahead = new RefreshAhead(rule);
    expect(ahead.use('a', 0, 9_000)).toBe(false);
    expect(ahead.use('a', 1_000, 8_000)).toBe(false);
    expect(ahead.use('a', 2_000, 7_000)).toBe(false); // hot, but far from expiry
    expect(ahead.use('a', 5_000, 4_000)).toBe(true);
  });

  it('does not refresh a cold entry, nor count uses older than withinMs', () => {
    const ahead = new RefreshAhead(rule);
    expect(ahead.use('cold', 0, 1_000)).toBe(false);
    ahead.use('b', 0, 9_000);
    ahead.use('b', 1_000, 9_000);
    expect(ahead.use('b', 12_000, 1_000)).toBe(false); // the first two uses are older than 10 s
  });

  it('leaves stale entries to the strategy (nothing left to be ahead of)', () => {
    const ahead = new RefreshAhead(rule);
    for (const atMs of [0, 1, 2]) ahead.use('s', atMs, 1_000);
    expect(ahead.use('s', 3, -1)).toBe(false);
  });

  it('keeps uses for at most maxKeys keys', () => {
    const ahead = new RefreshAhead(rule, { maxKeys: 2 });
    for (const atMs of [0, 1]) ahead.use('x', atMs, 9_000);
    ahead.use('y', 2, 9_000);
    ahead.use('z', 3, 9_000); // x, the least recently used, goes
    expect(ahead.use('x', 4, 1_000)).toBe(false);
  });
});
