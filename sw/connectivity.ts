import { FAILURE_HEADER } from '../src/shared/headers.js';
import type { Connectivity } from '../src/shared/connectivity.js';

/**
 * What the worker knows of the network, from the fetches it makes: `offline` (the browser says so,
 * or a fetch failed while it did), `unreachable` (the browser is online, but fetches to the origin
 * fail, or a proxy in front of the origin answers 502/503/504) or `online`. The page's
 * `navigator.onLine` alone cannot tell a dead server from a working one (NOTES: it stays true when
 * the server is down), and its `online` event is not proof of connectivity either.
 */
export class ConnectivityTracker {
  #state: Connectivity = 'online';
  #sinceMs = Date.now();
  readonly #isOnline: () => boolean;
  readonly #announce: (state: Connectivity, sinceMs: number) => void;

  constructor({ isOnline, announce }: { isOnline: () => boolean; announce: (state: Connectivity, sinceMs: number) => void }) {
    this.#isOnline = isOnline;
    this.#announce = announce;
  }

  /**
   * The current state, reconciled with the browser's flag: offline whenever it says so; back from
   * offline it is `online` until a fetch says otherwise (an unreachable server stays unreachable).
   */
  current(): { state: Connectivity; sinceMs: number } {
    if (!this.#isOnline()) this.#set('offline');
    else if (this.#state === 'offline') this.#set('online');
    return { state: this.#state, sinceMs: this.#sinceMs };
  }

  /** A response from the origin (or a proxy in front of it). */
  noteResponse(response: Response): void {
    // Stowage's own 504 names why it failed; it says nothing new about the network.
    if (response.headers.has(FAILURE_HEADER)) return;
    this.#set([502, 503, 504].includes(response.status) ? 'unreachable' : 'online');
  }

  /** A fetch rejected (a TypeError: no connection, refused, reset). */
  noteFailure(): void {
    this.#set(this.#isOnline() ? 'unreachable' : 'offline');
  }

  #set(state: Connectivity): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#sinceMs = Date.now();
    this.#announce(state, this.#sinceMs);
  }
}
