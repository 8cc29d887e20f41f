import type { WorkerChannel } from './channel.js';

/** Never wake sooner than this: an entry due now that failed must not make the page spin. */
const MIN_WAKE_MS = 50;
/** The worker computed the delay before its message crossed over: arriving a hair early would find nothing due. */
const WAKE_MARGIN_MS = 20;

/**
 * The page's timer for the outbox's next due attempt (issue 9 §3). Chromium and Firefox stop an idle
 * worker after about 30 s even with its page open, and the worker's own retry timer dies with it;
 * nothing else wakes it while only the server was down (`navigator.onLine` never changed, Background
 * Sync retries after minutes). The page lives as long as it is open, so it keeps the timer, learns
 * the delay from the worker (the `next-attempt` event after every pass, and the answer to its own
 * `replay-due` request), and wakes the worker with that request, which starts a stopped worker. It
 * also wakes it when the page becomes visible or gets focus. The worker sends only what is due, so
 * attempts still follow the backoff.
 */
export class ReplayAlarm {
  readonly #channel: WorkerChannel;
  readonly #timeoutMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #waking = false;
  readonly #onVisible = (): void => {
    if (document.visibilityState === 'visible') this.wake();
  };
  readonly #onFocus = (): void => this.wake();

  constructor(channel: WorkerChannel, timeoutMs: number) {
    this.#channel = channel;
    this.#timeoutMs = timeoutMs;
    addEventListener('focus', this.#onFocus);
    document.addEventListener('visibilitychange', this.#onVisible);
    // The outbox may already hold entries waiting on a backoff: learn when the next one is due.
    this.wake();
  }

  /** The worker said when the next attempt is due (null: none waits for a time). */
  set(inMs: number | null): void {
    clearTimeout(this.#timer);
    this.#timer = inMs === null ? undefined : setTimeout(() => this.wake(), Math.max(MIN_WAKE_MS, inMs + WAKE_MARGIN_MS));
  }

  /** Asks the worker to deliver what is due, and sets the timer from its answer. One request at a time. */
  wake(): void {
    if (this.#waking) return;
    this.#waking = true;
    this.#channel
      .request('replay-due', {}, { timeoutMs: this.#timeoutMs })
      .then(({ inMs }) => this.set(inMs))
      // Not controlled (yet), or an older worker: the worker's own triggers still run.
      .catch(() => undefined)
      .finally(() => (this.#waking = false));
  }

  dispose(): void {
    clearTimeout(this.#timer);
    removeEventListener('focus', this.#onFocus);
    document.removeEventListener('visibilitychange', this.#onVisible);
  }
}
