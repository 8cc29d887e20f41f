import { now as clockNow } from './clock.js';
import type { EventMap } from '../src/shared/protocol.js';
import { broadcast } from './messages.js';

export type Update = EventMap['updated'] & { atMs: number };

/**
 * Announces revalidations that changed a cached representation, and keeps the recent ones: a page
 * that subscribes late (it was still loading when the update happened, Workbox issues 1399 and 2203)
 * asks for those since it started. Kept in the worker's memory: a page loads in seconds, and a
 * worker restart in between is rare and only loses the replay, never the data.
 */
export class UpdateLog {
  readonly #recent: Update[] = [];
  readonly #keepMs: number;
  readonly #maxUpdates: number;
  readonly #now: () => number;
  readonly #listeners = new Set<(update: Update) => void>();

  constructor({ keepMs = 5 * 60_000, maxUpdates = 500, now = clockNow }: { keepMs?: number; maxUpdates?: number; now?: () => number } = {}) {
    this.#keepMs = keepMs;
    this.#maxUpdates = maxUpdates;
    this.#now = now;
  }

  record(url: string, route: string): void {
    const update: Update = { url, route, atMs: this.#now() };
    this.#recent.push(update);
    const oldestMs = update.atMs - this.#keepMs;
    while (this.#recent.length > this.#maxUpdates || (this.#recent[0] && this.#recent[0].atMs < oldestMs)) this.#recent.shift();
    void broadcast('updated', update);
    for (const listener of this.#listeners) listener(update);
  }

  /** Calls `listener` with every update recorded from now on (refresh() learns its outcomes so); returns the unsubscribe function. */
  onRecord(listener: (update: Update) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The updates at or after `sinceMs` (ms since the epoch), oldest first. */
  since(sinceMs: number): Update[] {
    return this.#recent.filter((update) => update.atMs >= sinceMs);
  }
}
