import { type ConnectivityReport } from '../shared/connectivity.js';
import { type InvalidationMode, type InvalidationTarget } from '../shared/invalidation.js';
import { type ClearOptions, type ClearReport, type RefreshReport, type RefreshTarget, type WarmOptions, type WarmReport, type WarmTarget } from '../shared/operations.js';
import { type FlushReport, type PendingEntry } from '../shared/outbox.js';
import { isStowageMessage, type EventMap, type EventName } from '../shared/protocol.js';
import { type StatsSnapshot } from '../shared/stats.js';
import type { WorkerChannel } from './channel.js';
import { Emitter } from './emitter.js';
import { InvalidationFeed } from './feed.js';
import { PageMemory, type MemoryOptions, type MemoryStats } from './memory/page-memory.js';
import type { PersistOutcome } from './persist.js';
import { ReplayAlarm } from './replay-alarm.js';

/**
 * The deadline of requests whose work is network-bound (delivering queued writes, revalidating
 * entries) or waits behind such work, instead of the plain request deadline.
 */
const LONG_REQUEST_TIMEOUT_MS = 120_000;

/** The page's handle on the Stowage service worker, returned by register(). */
export class Stowage {
  readonly registration: ServiceWorkerRegistration;
  /** Whether `register(url, { persist: true })` got persistent storage; null when it did not ask. */
  readonly persisted: PersistOutcome | null;
  readonly #channel: WorkerChannel;
  readonly #events = new Emitter<EventMap>();
  readonly #container: ServiceWorkerContainer;
  #feed: InvalidationFeed | undefined;
  // Where the browser has no Background Sync, the page's `online` event is the worker's cue to replay.
  readonly #onOnline = (): void => {
    void this.#channel.request('online', {}).catch(() => undefined);
    this.#onNetworkChange();
  };
  // The worker reconciles its state with the browser's flag when asked, and announces a change.
  readonly #onNetworkChange = (): void => void this.connectivity().catch(() => undefined);
  readonly #alarm: ReplayAlarm;
  readonly #memory: PageMemory;
  readonly #onMessage = (event: MessageEvent): void => {
    const message: unknown = event.data;
    if (!isStowageMessage(message) || message.kind !== 'event') return;
    if (message.name === 'next-attempt') this.#alarm.set(message.detail.inMs);
    if (message.name === 'user-changed') this.#feed?.renewFor((message.detail as EventMap['user-changed']).user);
    this.#events.emit(message.name, message.detail as never);
  };

  constructor(
    registration: ServiceWorkerRegistration,
    channel: WorkerChannel,
    container: ServiceWorkerContainer,
    { persisted, memory = {} }: { persisted: PersistOutcome | null; memory?: MemoryOptions },
  ) {
    this.registration = registration;
    this.persisted = persisted;
    this.#channel = channel;
    this.#memory = new PageMemory((epoch, after) => channel.request('notices-since', { epoch, after }), memory);
    this.#container = container;
    this.#alarm = new ReplayAlarm(channel, LONG_REQUEST_TIMEOUT_MS);
    container.addEventListener('message', this.#onMessage);
    addEventListener('online', this.#onOnline);
    addEventListener('offline', this.#onNetworkChange);
  }

  /**
   * Where the network stands as the worker's own fetches found it: `online`, `offline`, or
   * `unreachable` (the browser is online but the server cannot be reached, or a proxy answers
   * 502/503/504). A `connectivity` event follows every change.
   */
  connectivity(): Promise<ConnectivityReport> {
    return this.#channel.request('connectivity', {});
  }

  /** The write-behind outbox in delivery order: status, attempts, last error of each queued mutation. */
  pending(): Promise<PendingEntry[]> {
    return this.#channel.request('pending', {});
  }

  /** Sends every queued entry that is not blocked now, ignoring backoff, and reports what happened. */
  flush(): Promise<FlushReport> {
    return this.#channel.request('flush', {}, { timeoutMs: LONG_REQUEST_TIMEOUT_MS });
  }

  /** After an `auth-required` event and a fresh login: requeues the paused entries and delivers. */
  resume(): Promise<FlushReport> {
    return this.#channel.request('resume', {}, { timeoutMs: LONG_REQUEST_TIMEOUT_MS });
  }

  /** Resolves a `conflict` (or `failed`) entry by sending it again, optionally with a new body or extra headers (a fresh `If-Match`). */
  retry(id: string, change: { body?: string; headers?: Record<string, string> } = {}): Promise<FlushReport> {
    return this.#channel.request('retry', { id, ...change }, { timeoutMs: LONG_REQUEST_TIMEOUT_MS });
  }

  /** Drops an entry for good (a conflict the user gave up on); resolves to whether it was there. */
  async discard(id: string): Promise<boolean> {
    return (await this.#channel.request('discard', { id })).discarded;
  }

  /**
   * Invalidates cached entries: those carrying `tags` (a bare type `note` also hits every `note:*`),
   * at `urls`, of `routes`, or `'*'` (every cached entry; the outbox is never touched). Resolves
   * once the invalidation is on disk, to the number of stored entries it covered; every tab gets an
   * `invalidated` event.
   * @default mode: 'stale'
   */
  invalidate(target: InvalidationTarget | '*', { mode = 'stale' }: { mode?: InvalidationMode } = {}): Promise<{ matched: number }> {
    return this.#channel.request('invalidate', { target, mode });
  }

  /** Relays the server's invalidation feed (an EventSource on `url`) to the worker; register() calls it for `invalidations`. */
  listenForInvalidations(url: string | URL): void {
    this.#feed?.close();
    this.#feed = new InvalidationFeed(url, this.#channel);
  }

  /**
   * fetch() with the page's memory in front of the worker: a GET on a route with `memory: true` is
   * answered from this tab's memory while the worker says the entry is fresh (Cache-Status ends with
   * `Stowage-Memory; hit`); anything else goes to the worker as a plain fetch() would.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return this.#memory.fetch(input, init);
  }

  /**
   * Per route and in total: hits, misses, network responses, stale responses, failures, `hitRatio`,
   * bytes served from cache and network (also over the last five minutes), the bytes each route
   * stores; and the outbox's bytes and the origin's `navigator.storage.estimate()`. With
   * `{ memory: true }`, also this tab's memory hits (L1).
   */
  stats(): Promise<StatsSnapshot>;
  stats(options: { memory: true }): Promise<StatsSnapshot & { memory: MemoryStats }>;
  async stats(options: { memory?: boolean } = {}): Promise<StatsSnapshot | (StatsSnapshot & { memory: MemoryStats })> {
    const snapshot = await this.#channel.request('stats', {});
    return options.memory ? { ...snapshot, memory: this.#memory.stats() } : snapshot;
  }

  /**
   * Switches the user whose partition private routes read and write (login, account switch), in the
   * worker and so in every tab; `null` means nobody, and private routes are then not cached.
   */
  async setUser(user: string | null): Promise<void> {
    // Memory belongs to the partition it was filled in: emptied before and after (a read on its way
    // in meanwhile is not kept); other tabs empty theirs on the worker's notice.
    this.#memory.clear();
    // The worker applies it only after a clear() in progress, which first delivers queued writes.
    await this.#channel.request('set-user', { user }, { timeoutMs: LONG_REQUEST_TIMEOUT_MS });
    this.#memory.clear();
    // The feed's stream carries the rows of the session that opened it: the new user's come on a new one.
    this.#feed?.renewFor(user);
  }

  /**
   * Pull-to-refresh: revalidates the cached entries of the current user and the shared ones now, with
   * conditional requests. Never rejects for being offline: those entries come back `failed`.
   * @default target: every route marked `refreshable`
   */
  refresh(target: RefreshTarget = {}): Promise<RefreshReport> {
    // Many entries can take longer than a plain request's deadline; progress comes as events meanwhile.
    return this.#channel.request('refresh', target, { timeoutMs: LONG_REQUEST_TIMEOUT_MS });
  }

  /**
   * Warming: fetches and stores the target's URLs through their own routes before they are needed
   * (HTTP rules, partitions and encryption apply), skipping entries that are already fresh, a few at
   * a time (`warm-progress` events meanwhile). One failure does not stop the rest; offline, every URL
   * fails with reason `offline`. Never rejects for a URL's failure.
   */
  warm(target: WarmTarget, options: WarmOptions = {}): Promise<WarmReport> {
    return this.#channel.request('warm', { target, ...options }, { timeoutMs: LONG_REQUEST_TIMEOUT_MS });
  }

  /**
   * Logout: delivers (or discards) the user's queued writes, deletes the user's cached entries, every
   * entry of private routes and the user's encryption key, resets the metrics, and tells every tab.
   * Afterwards no user is set. A purge the browser dies in completes on the worker's next start.
   */
  async clear(options: ClearOptions = {}): Promise<ClearReport> {
    this.#memory.clear();
    // Delivering queued writes may take up to its own timeout before the purge itself starts.
    const report = await this.#channel.request('clear', options, { timeoutMs: (options.timeoutMs ?? 10_000) + 30_000 });
    this.#memory.clear();
    return report;
  }

  /**
   * Subscribes to a worker event; returns the function that unsubscribes. An `updated` listener also
   * gets the updates that happened since this page started loading, so subscribing after the first
   * fetches still learns that their data was refreshed (Workbox issues 1399, 2203).
   */
  on<E extends EventName>(name: E, listener: (detail: EventMap[E]) => void): () => void {
    if (name !== 'updated') return this.#events.on(name, listener);
    return this.#onUpdated(listener as (detail: EventMap['updated']) => void);
  }

  #onUpdated(listener: (detail: EventMap['updated']) => void): () => void {
    // An update can arrive both live and in the replay; each reaches the listener once.
    const seen = new Set<string>();
    let subscribed = true;
    const deliver = (update: EventMap['updated']): void => {
      const key = `${update.atMs ?? ''} ${update.route} ${update.url}`;
      if (!subscribed || (update.atMs !== undefined && seen.has(key))) return;
      seen.add(key);
      listener(update);
    };
    const unsubscribe = this.#events.on('updated', deliver);
    this.#channel
      .request('updates', { sinceMs: performance.timeOrigin })
      .then((updates) => updates.forEach(deliver))
      // No replay (an old worker, or none controlling): live events still arrive.
      .catch(() => undefined);
    return () => {
      subscribed = false;
      unsubscribe();
    };
  }

  /** Stops listening to the worker; the worker itself keeps running. */
  dispose(): void {
    this.#container.removeEventListener('message', this.#onMessage);
    removeEventListener('online', this.#onOnline);
    removeEventListener('offline', this.#onNetworkChange);
    this.#feed?.close();
    this.#alarm.dispose();
    this.#memory.dispose();
  }
}
