import { describe, expect, it } from 'vitest';
import { SharedLoad } from '../../../sw/storage/shared-load.js';

describe('SharedLoad', () => {
  it('shares one load among concurrent callers and keeps its value', async () => {
    let loads = 0;
    const shared = new SharedLoad(async () => ++loads);
    expect(await Promise.all([shared.get(), shared.get()])).toEqual([1, 1]);
    expect(await shared.get()).toBe(1);
    expect(loads).toBe(1);
  });

  it('forgets a failed load: the callers that shared it see the error, the next caller loads again', async () => {
    let loads = 0;
    const shared = new SharedLoad(async () => {
      loads += 1;
      if (loads === 1) throw new Error('backing store locked');
      return 'opened';
    });
    const first = [shared.get(), shared.get()];
    for (const attempt of first) await expect(attempt).rejects.toThrow('backing store locked');
    expect(await shared.get()).toBe('opened');
    expect(loads).toBe(2);
  });

  it('set() replaces what is held without loading, forget() makes the next get() load', async () => {
    let loads = 0;
    const shared = new SharedLoad(async () => `loaded ${++loads}`);
    shared.set('written');
    expect(await shared.get()).toBe('written');
    shared.forget();
    expect(await shared.get()).toBe('loaded 1');
  });
});
