import { describe, expect, it } from 'vitest';
import { Stats } from '../../sw/stats.js';

describe('Stats', () => {
  const at = (clock: { ms: number }) => () => clock.ms;

  it('hitRatio is fresh hits over every use; a miss is counted with its network outcome, not as a use of its own', () => {
    const stats = new Stats(['r'], () => 0);
    stats.record('r', 'misses');
    stats.record('r', 'network', 100);
    stats.record('r', 'hits', 100);
    stats.record('r', 'stale', 50);
    stats.record('r', 'errors');
    expect(stats.snapshot().routes.r).toMatchObject({ hits: 1, misses: 1, network: 1, stale: 1, errors: 1, hitRatio: 0.25, bytesFromCache: 150, bytesFromNetwork: 100 });
  });

  it('the five-minute window holds the current minute and the four before it', () => {
    const clock = { ms: 10 * 60_000 };
    const stats = new Stats(['r'], at(clock));
    stats.record('r', 'hits', 10);
    clock.ms += 4 * 60_000;
    stats.record('r', 'network', 20);
    expect(stats.snapshot().routes.r!.lastFiveMinutes).toMatchObject({ hits: 1, network: 1, hitRatio: 0.5 });
    clock.ms += 60_000;
    expect(stats.snapshot().routes.r!.lastFiveMinutes).toMatchObject({ hits: 0, network: 1, bytesFromNetwork: 20, hitRatio: 0 });
    clock.ms += 10 * 60_000;
    expect(stats.snapshot().routes.r!.lastFiveMinutes).toMatchObject({ hits: 0, network: 0 });
    expect(stats.snapshot().routes.r).toMatchObject({ hits: 1, network: 1 });
  });

  it('totals add every route, stored bytes included; reset starts over', () => {
    const stats = new Stats(['a', 'b'], () => 0);
    stats.record('a', 'hits', 5);
    stats.record('b', 'hits', 7);
    const snapshot = stats.snapshot(new Map([['a', 1000], ['b', 24]]));
    expect(snapshot.totals).toMatchObject({ hits: 2, bytesFromCache: 12, storedBytes: 1024, hitRatio: 1, lastFiveMinutes: { hits: 2 } });
    stats.reset();
    expect(stats.snapshot().totals).toMatchObject({ hits: 0, hitRatio: 0, storedBytes: 0 });
  });
});
