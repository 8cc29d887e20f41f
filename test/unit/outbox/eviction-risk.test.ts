import { describe, expect, it } from 'vitest';
import { AT_RISK_AFTER_MS, isWebKit } from '../../../sw/outbox/eviction-risk.js';
import { createHarness } from './harness.js';

const DAY_MS = 86_400_000;

describe('entries at risk of WebKit deleting idle storage', () => {
  it('are the ones queued more than six days ago, where the outbox is told the engine deletes idle storage', async () => {
    const h = createHarness({ deps: { atRiskAfterMs: AT_RISK_AFTER_MS } });
    h.network.online = false; // nothing is delivered meanwhile
    await h.write({ path: '/api/old' });
    h.clock.advance(DAY_MS);
    await h.write({ path: '/api/newer' });
    h.clock.advance(5 * DAY_MS);
    expect((await h.outbox.pending()).map((entry) => entry.atRisk)).toEqual([undefined, undefined]);
    h.clock.advance(1);
    expect((await h.outbox.pending()).map((entry) => entry.atRisk)).toEqual([true, undefined]);
  });

  it('are never marked elsewhere', async () => {
    const h = createHarness();
    h.network.online = false;
    await h.write({ path: '/api/old' });
    h.clock.advance(30 * DAY_MS);
    expect((await h.outbox.pending())[0]).not.toHaveProperty('atRisk');
  });
});

describe('isWebKit', () => {
  it.each([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1', true],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1', true],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15', true],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36', false],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0', false],
  ])('%s → %s', (userAgent, expected) => {
    expect(isWebKit(userAgent)).toBe(expected);
  });
});
