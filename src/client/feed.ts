import { StowageError } from '../shared/errors.js';
import type { FeedEvent } from '../shared/invalidation.js';
import type { WorkerChannel } from './channel.js';

/** Waits between reconnects after an error: the server's `retry` is 1 s; an offline page tries less often. */
const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10_000];

/**
 * The page's end of the server's invalidation feed: an EventSource (same origin, cookies as usual)
 * whose `invalidate` and `reset` events go to the worker, which applies each once whichever tabs
 * relay it (and `cursor`, the id the feed stood at when it opened, so a worker that has applied
 * nothing yet still has an id to resume from). Every (re)connect resumes from the last id the WORKER applied, passed as the
 * `lastEventId` query parameter: EventSource sends `Last-Event-ID` only on its own reconnects, and
 * the id it would send is what this tab received, not what the worker applied. So the browser's
 * automatic reconnect is replaced by one of ours.
 */
export class InvalidationFeed {
  readonly #url: URL;
  readonly #channel: WorkerChannel;
  #source: EventSource | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #closed = false;
  readonly #onOnline = (): void => this.#reconnect(0);

  constructor(url: string | URL, channel: WorkerChannel) {
    this.#url = new URL(url, location.href);
    // The feed says what to invalidate here: only this origin's server may.
    if (this.#url.origin !== location.origin) {
      throw new StowageError('invalid-config', `The invalidation feed must be on this origin, not ${this.#url.origin}`, { details: { path: 'invalidations' } });
    }
    this.#channel = channel;
    addEventListener('online', this.#onOnline);
    void this.#connect();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#source?.close();
    removeEventListener('online', this.#onOnline);
  }

  async #connect(): Promise<void> {
    const { lastEventId } = await this.#channel.request('feed-cursor', {}).catch(() => ({ lastEventId: null }));
    if (this.#closed) return;
    const url = new URL(this.#url);
    if (lastEventId !== null) url.searchParams.set('lastEventId', lastEventId);
    const source = new EventSource(url, { withCredentials: false });
    this.#source = source;
    source.addEventListener('open', () => (this.#failures = 0));
    for (const type of ['invalidate', 'reset', 'cursor'] as const) {
      source.addEventListener(type, (event) => this.#relay({ type, id: event.lastEventId, data: String(event.data ?? '') }));
    }
    source.addEventListener('error', () => {
      source.close();
      this.#reconnect(RECONNECT_DELAYS_MS[Math.min(this.#failures++, RECONNECT_DELAYS_MS.length - 1)]!);
    });
  }

  #relay(event: FeedEvent): void {
    // A relay that fails (no worker controls this page right now) is not lost: the next connect
    // resumes from what the worker applied.
    void this.#channel.request('feed-event', event).catch(() => undefined);
  }

  #reconnect(delayMs: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    if (this.#source && this.#source.readyState !== EventSource.CLOSED) {
      if (delayMs === 0) return;
      this.#source.close();
    }
    this.#timer = setTimeout(() => void this.#connect(), delayMs);
  }
}
