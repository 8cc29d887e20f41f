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
 *
 * The server sends a user's own rows (`me:<user>`) only to streams that user's session opened
 * (issue 14), so a change of user reopens the stream under the new session.
 */
export class InvalidationFeed {
  readonly #url: URL;
  readonly #channel: WorkerChannel;
  #source: EventSource | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #closed = false;
  /** The user the stream was last (re)opened for; undefined until the first user change. */
  #user: string | null | undefined;
  /** Bumped by each renewal, so a connect still waiting for the worker's cursor gives way to a newer one. */
  #generation = 0;
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

  /**
   * Reopens the stream for `user` (after a login, an account switch or a logout, in this tab or
   * another): the open stream belongs to the session it was opened with. A repeat for the same user
   * does nothing. Resumes from what the worker applied, as every connect does.
   */
  renewFor(user: string | null): void {
    if (this.#closed || user === this.#user) return;
    this.#user = user;
    clearTimeout(this.#timer);
    this.#source?.close();
    this.#source = undefined;
    this.#failures = 0;
    void this.#connect();
  }

  async #connect(): Promise<void> {
    const generation = ++this.#generation;
    const { lastEventId } = await this.#channel.request('feed-cursor', {}).catch(() => ({ lastEventId: null }));
    if (this.#closed || generation !== this.#generation) return;
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
