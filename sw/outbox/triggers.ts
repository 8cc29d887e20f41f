import { now } from '../clock.js';
import type { FlushReport } from '../../src/shared/outbox.js';
import { cachedStateOf } from '../plugins/cache-state.js';
import { FAILURE_HEADER } from '../plugins/failure-response.js';
import type { ReplayOptions } from './replay.js';

declare let self: ServiceWorkerGlobalScope;

/** TypeScript's WebWorker lib has no Background Sync types (Chromium-only API). */
interface SyncManager {
  register(tag: string): Promise<void>;
}
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

export const SYNC_TAG = 'stowage-outbox';

/** Never fire the timer sooner than this after a pass: a due-now entry that failed must not spin. */
const MIN_TIMER_MS = 50;
/** A successful response triggers at most one replay per this interval. */
const NETWORK_NUDGE_INTERVAL_MS = 1000;

export type Replay = (options?: ReplayOptions) => Promise<FlushReport>;

/**
 * Every way a replay starts. Background Sync where the browser has it; everywhere: the worker's start,
 * the page's `online` event (relayed by the client), any successful network response through the
 * worker, a timer for the next entry due while pages are open (the worker's own, and each open
 * page's, which outlives a stopped worker: the `replay-due` request), and flush(). They overlap
 * freely: the replayer is single-flight, so an extra trigger costs a read of the outbox at most.
 */
export class ReplayTriggers {
  readonly #replay: Replay;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastNudgeMs = 0;
  #nudgeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(replay: Replay) {
    this.#replay = replay;
  }

  /** Call during the worker script's first evaluation (event listeners must be added then). */
  install(): void {
    self.addEventListener('sync', (event) => {
      const sync = event as SyncEvent;
      if (sync.tag !== SYNC_TAG) return;
      sync.waitUntil(
        this.#replay({ connectivityRestored: true }).then((report) => {
          // Rejecting asks the browser to fire again later. On the last chance nothing is dropped:
          // the entries stay queued for the other triggers, and the next enqueue registers a new sync.
          if (report.retrying > 0 && !sync.lastChance) throw new Error('Stowage outbox: entries left to retry');
        }),
      );
    });
    // The worker starts: deliver what an earlier run (or a crash) left behind.
    void this.#replay().catch(() => undefined);
  }

  /** A mutation was queued: ask for a sync (delivered even if every page closes) and start now. */
  queued(): void {
    const sync = (self.registration as ServiceWorkerRegistration & { sync?: SyncManager }).sync;
    void sync?.register(SYNC_TAG).catch(() => undefined);
    // Offline, a pass could only read the outbox and stop: skip it (going online is a trigger).
    if (navigator.onLine) void this.#replay().catch(() => undefined);
  }

  /** The app discarded an entry that held its queue: the ones behind it are due. */
  unblocked(): void {
    if (navigator.onLine) void this.#replay().catch(() => undefined);
  }

  /** The page saw `online`: entries waiting on a network error are due at once. */
  online(): void {
    void this.#replay({ connectivityRestored: true }).catch(() => undefined);
  }

  /**
   * A response the server gave (not the cache, not Stowage's own failure answer, not a 5xx) proves it
   * is reachable: entries waiting on a network error are worth a try now.
   */
  noteResponse(response: Response): void {
    if (response.status > 0 && response.status < 500 && cachedStateOf(response) === undefined && !response.headers.has(FAILURE_HEADER)) {
      this.networkSucceeded();
    }
  }

  /** A request through the worker got a response from the server, so the server is reachable. */
  networkSucceeded(): void {
    if (this.#nudgeTimer !== undefined) return;
    // Throttled, with a trailing call: a response during the quiet interval still leads to a pass
    // (the server may have come back just after the last nudge found it down).
    const waitMs = this.#lastNudgeMs + NETWORK_NUDGE_INTERVAL_MS - now();
    this.#nudgeTimer = setTimeout(() => {
      this.#nudgeTimer = undefined;
      this.#lastNudgeMs = now();
      void this.#replay({ connectivityRestored: true }).catch(() => undefined);
    }, Math.max(0, waitMs));
  }

  /** After each pass: wake up when the next entry falls due, while a page is open to care. */
  idle(nextDueAt: number | undefined): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (nextDueAt === undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void self.clients
        .matchAll({ type: 'window' })
        .then((windows) => (windows.length > 0 ? this.#replay() : undefined))
        .catch(() => undefined);
    }, Math.max(MIN_TIMER_MS, nextDueAt - now()));
  }
}
