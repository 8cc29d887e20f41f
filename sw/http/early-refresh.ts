export interface EarlyRefreshInput {
  /** The entry's current age and freshness lifetime, in ms. */
  ageMs: number;
  lifetimeMs: number;
  /** How long fetching the entry took: the cost of letting it expire under load. */
  fetchMs: number;
  /** > 1 favours earlier refreshes. @default 1 */
  beta?: number;
  random?: () => number;
}

/**
 * The XFetch rule (Vattani, Chierichetti, Lowenstein: "Optimal Probabilistic Cache Stampede
 * Prevention", VLDB 2015): refresh a still-fresh entry when `age − fetchMs · beta · ln(random)`
 * reaches its lifetime. The probability is near zero for a young entry and rises steeply towards
 * expiry, so one of many users refreshes a hot entry just before it would expire for all of them.
 */
export function shouldRefreshEarly({ ageMs, lifetimeMs, fetchMs, beta = 1, random = Math.random }: EarlyRefreshInput): boolean {
  if (lifetimeMs <= 0 || ageMs >= lifetimeMs) return false;
  // A local fetch takes milliseconds, which would confine refreshes to the last moments of a
  // minutes-long lifetime; counting at least 5% of the lifetime spreads them over its last stretch
  // (at 90% of the lifetime the chance per use is e^-2, about 13%).
  const deltaMs = Math.max(fetchMs, lifetimeMs * 0.05);
  // 1 − random() lies in (0, 1], so the logarithm is finite.
  return ageMs - deltaMs * beta * Math.log(1 - random()) >= lifetimeMs;
}
