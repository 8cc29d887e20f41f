export interface RefreshAheadRule {
  minUses: number;
  withinMs: number;
  beforeExpiryMs: number;
}

/**
 * Refresh-ahead of hot entries (issue 15): an entry used at least `minUses` times within the last
 * `withinMs` is refreshed in the background once its remaining freshness drops below
 * `beforeExpiryMs`, so it never expires while it is in use. Deterministic, unlike XFetch
 * (early-refresh.ts), which decides per use by chance and needs no memory of past uses. Uses are kept
 * per key for the last `withinMs` only, and for at most `maxKeys` keys (the least recently used go).
 */
export class RefreshAhead {
  readonly #rule: RefreshAheadRule;
  readonly #maxKeys: number;
  readonly #uses = new Map<string, number[]>();

  constructor(rule: RefreshAheadRule, { maxKeys = 1000 }: { maxKeys?: number } = {}) {
    this.#rule = rule;
    this.#maxKeys = maxKeys;
  }

  /** Notes a use of the entry at `key` and says whether it is hot and close enough to expiry to refresh now. */
  use(key: string, nowMs: number, remainingMs: number): boolean {
    const since = nowMs - this.#rule.withinMs;
    const uses = (this.#uses.get(key) ?? []).filter((atMs) => atMs > since);
    uses.push(nowMs);
    this.#uses.delete(key);
    this.#uses.set(key, uses.slice(-this.#rule.minUses));
    if (this.#uses.size > this.#maxKeys) this.#uses.delete(this.#uses.keys().next().value!);
    return uses.length >= this.#rule.minUses && remainingMs > 0 && remainingMs < this.#rule.beforeExpiryMs;
  }
}
