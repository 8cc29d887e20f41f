import { describe, expect, it } from 'vitest';
import { shouldRefreshEarly } from '../../../sw/http/early-refresh.js';

const lifetimeMs = 60_000;

describe('early refresh (XFetch)', () => {
  it('never refreshes a young entry, nor an expired one (that is an ordinary refresh)', () => {
    expect(shouldRefreshEarly({ ageMs: 1000, lifetimeMs, fetchMs: 10, random: () => 0.999999 })).toBe(false);
    expect(shouldRefreshEarly({ ageMs: lifetimeMs, lifetimeMs, fetchMs: 10, random: () => 0.999999 })).toBe(false);
  });

  it('refreshes with a probability that rises towards expiry', () => {
    const rate = (ageMs: number): number => {
      let refreshes = 0;
      for (let i = 0; i < 1000; i += 1) if (shouldRefreshEarly({ ageMs, lifetimeMs, fetchMs: 10, random: () => (i + 0.5) / 1000 })) refreshes += 1;
      return refreshes / 1000;
    };
    // P(refresh) = exp(-(lifetime - age) / delta), delta = 5% of the lifetime here.
    expect(rate(30_000)).toBeCloseTo(Math.exp(-10), 2);
    expect(rate(54_000)).toBeCloseTo(Math.exp(-2), 2);
    expect(rate(59_000)).toBeCloseTo(Math.exp(-1 / 3), 2);
  });

  it('a slow fetch starts refreshing earlier', () => {
    const random = () => 0.9;
    expect(shouldRefreshEarly({ ageMs: 40_000, lifetimeMs, fetchMs: 10, random })).toBe(false);
    expect(shouldRefreshEarly({ ageMs: 40_000, lifetimeMs, fetchMs: 10_000, random })).toBe(true);
  });
});
