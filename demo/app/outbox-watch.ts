/**
 * The outbox as the views see it: one pending() per burst of outbox events for the whole page, never
 * two at once, handed to every view that listens. A replay delivering a hundred writes sends a
 * hundred events; asking the worker for the whole outbox on each, from each view, slows the very
 * replay being shown.
 */
import type { PendingEntry, Stowage } from '../../src/index.js';

const SETTLE_MS = 250;

export class OutboxWatch {
  readonly #stowage: Stowage;
  readonly #listeners = new Set<(entries: PendingEntry[]) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = false;
  #again = false;

  constructor(stowage: Stowage) {
    this.#stowage = stowage;
    for (const name of ['queued', 'delivered', 'conflict', 'failed', 'auth-required', 'drained', 'cleared'] as const) {
      stowage.on(name, () => this.changed());
    }
  }

  onChange(listener: (entries: PendingEntry[]) => void): void {
    this.#listeners.add(listener);
  }

  /** Something changed (an event, or a discard, which announces none): look again once it settles. */
  changed(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), SETTLE_MS);
  }

  /** Asks now (or right after the question already on its way) and tells every view. */
  async refresh(): Promise<void> {
    if (this.#inFlight) {
      this.#again = true;
      return;
    }
    this.#inFlight = true;
    try {
      const entries = await this.#stowage.pending();
      for (const listener of this.#listeners) listener(entries);
    } finally {
      this.#inFlight = false;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      }
    }
  }
}
