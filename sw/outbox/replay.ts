import { now as clockNow } from '../clock.js';
import { errorMessages, StowageError } from '../../src/shared/errors.js';
import type { EventMap, EventName, FlushReport } from '../../src/shared/protocol.js';
import { isBlocked, transition, type OutboxEntry, type OutboxError, type OutboxStatus } from './entry.js';
import { formatIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from './idempotency-key.js';
import { classifyNetworkError, classifyResponse, type RetryOptions, type RetryVerdict } from './retry-policy.js';
import { getEntry, quarantine, readOutbox, removeEntry, requeueInterrupted, saveEntry } from './store.js';

/** The Web Locks name that makes replay single-flight across the worker, an updating worker, and tabs. */
export const REPLAY_LOCK = 'stowage-outbox-replay';

export interface ReplayOptions {
  /** Ignore backoff: send every entry that is not blocked now (stowage.flush()). */
  force?: boolean;
  /** Connectivity just came back: entries waiting only because of a network error are due at once. */
  connectivityRestored?: boolean;
}

/** What an entry's write route says about delivering it. */
export interface DeliveryPolicy {
  retry: RetryOptions;
  /** Drop a queued entry older than this instead of sending it; undefined: never. */
  dropAfterMs: number | undefined;
}

export interface ReplayerOptions {
  policyFor: (routeName: string) => DeliveryPolicy;
  beforeReplay?: ((request: Request) => Request | Promise<Request>) | undefined;
  /** Opens the sealed body of an `encrypt` route's entry (and drops the marker header) just before sending. */
  unseal: (entry: OutboxEntry) => Promise<{ headers: Record<string, string>; body: ArrayBuffer | null }>;
  /** Runs after an expired entry is removed, before it is announced: its pending copy goes. */
  onDropped: (entry: OutboxEntry) => Promise<void>;
  /** Runs after a delivery is persisted (removed), before it is announced: cache invalidation. */
  onDelivered: (entry: OutboxEntry, response: Response) => Promise<void>;
  announce: <E extends EventName>(name: E, detail: EventMap[E]) => Promise<void>;
  /** Called after every pass with the time the earliest waiting entry falls due (undefined: none waits). */
  onIdle?: (nextDueAt: number | undefined, report: FlushReport) => void;
  isOnline?: () => boolean;
  now?: () => number;
  fetch?: (request: Request) => Promise<Response>;
  locks?: LockManager | undefined;
}

interface Pending {
  options: ReplayOptions;
  promise: Promise<FlushReport>;
  resolve: (report: FlushReport) => void;
  reject: (error: unknown) => void;
}

const CONFLICT_BODY_MAX_CHARS = 64 * 1024;

/**
 * Delivers the outbox: in order per ordering key, one entry at a time per key, each attempt with the
 * entry's idempotency key. One pass runs at a time in this worker (a trigger during a pass is folded
 * into one follow-up pass), and across contexts under a Web Lock.
 */
export class Replayer {
  readonly #options: ReplayerOptions;
  readonly #now: () => number;
  readonly #isOnline: () => boolean;
  #running: Promise<FlushReport> | undefined;
  #next: Pending | undefined;

  constructor(options: ReplayerOptions) {
    this.#options = options;
    this.#now = options.now ?? clockNow;
    this.#isOnline = options.isOnline ?? (() => navigator.onLine);
  }

  /** Runs a pass now, or after the current one; triggers that arrive meanwhile share that next pass. */
  run(options: ReplayOptions = {}): Promise<FlushReport> {
    if (!this.#running) return this.#start(options);
    if (this.#next) {
      this.#next.options = {
        force: Boolean(this.#next.options.force || options.force),
        connectivityRestored: Boolean(this.#next.options.connectivityRestored || options.connectivityRestored),
      };
      return this.#next.promise;
    }
    let resolve!: (report: FlushReport) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<FlushReport>((res, rej) => ((resolve = res), (reject = rej)));
    this.#next = { options, promise, resolve, reject };
    return promise;
  }

  #start(options: ReplayOptions): Promise<FlushReport> {
    const locks = 'locks' in this.#options ? this.#options.locks : navigator.locks;
    // request() resolves to the callback's awaited result; TypeScript's lib types it as a nested promise, then() flattens it.
    const pass = locks ? locks.request(REPLAY_LOCK, () => this.#pass(options)).then((report) => report) : this.#pass(options);
    const running = pass.finally(() => {
      this.#running = undefined;
      const next = this.#next;
      this.#next = undefined;
      if (next) this.#start(next.options).then(next.resolve, next.reject);
    });
    this.#running = running;
    return running;
  }

  async #pass(options: ReplayOptions): Promise<FlushReport> {
    const report: FlushReport = { delivered: 0, failed: 0, conflicts: 0, paused: 0, retrying: 0, remaining: 0 };
    // We hold the lock, so nobody is sending: a `sending` entry was cut off by a stopped worker.
    await requeueInterrupted(this.#now());
    let nextDueAt: number | undefined;
    for (;;) {
      const { entries, corruptIds } = await readOutbox();
      for (const id of corruptIds) {
        const quarantined = await quarantine(id, this.#now());
        if (quarantined) {
          report.failed += 1;
          await this.#options.announce('failed', { ...describe(quarantined), error: quarantined.lastError! });
        }
      }
      const deliveredBefore = report.delivered;
      const byKey = new Map<string, OutboxEntry[]>();
      for (const entry of entries) byKey.set(entry.orderingKey, [...(byKey.get(entry.orderingKey) ?? []), entry]);
      await Promise.all([...byKey.values()].map((queue) => this.#drainKey(queue, options, report)));
      // Entries queued while this pass ran are picked up by another round, as long as rounds make progress.
      if (report.delivered === deliveredBefore) {
        const left = (await readOutbox()).entries;
        report.remaining = left.length;
        const waiting = left.filter((entry) => entry.status === 'queued').map((entry) => entry.nextAttemptAt);
        nextDueAt = waiting.length > 0 ? Math.min(...waiting) : undefined;
        if (report.delivered > 0 && waiting.length === 0) {
          await this.#options.announce('drained', { delivered: report.delivered, remaining: left.length });
        }
        break;
      }
    }
    this.#options.onIdle?.(nextDueAt, report);
    return report;
  }

  async #drainKey(queue: OutboxEntry[], options: ReplayOptions, report: FlushReport): Promise<void> {
    for (const entry of queue) {
      // A blocked head holds its own key only; other keys go on.
      if (isBlocked(entry.status)) return;
      if (this.#isExpired(entry)) {
        await this.#drop(entry, report);
        continue;
      }
      if (!this.#isOnline() || !this.#isDue(entry, options)) return;
      const outcome = await this.#send(entry, report);
      if (outcome !== 'delivered' && outcome !== 'skipped') return;
    }
  }

  #isDue(entry: OutboxEntry, options: ReplayOptions): boolean {
    if (options.force || entry.nextAttemptAt <= this.#now()) return true;
    return Boolean(options.connectivityRestored && entry.lastError && ['network-error', 'offline'].includes(entry.lastError.code));
  }

  #isExpired(entry: OutboxEntry): boolean {
    const { dropAfterMs } = this.#options.policyFor(entry.routeName);
    return dropAfterMs !== undefined && this.#now() - entry.createdAt > dropAfterMs;
  }

  async #drop(entry: OutboxEntry, report: FlushReport): Promise<void> {
    // Discarded by the app since this pass read it: nothing left to drop or announce.
    if (!(await removeEntry(entry.id))) return;
    report.failed += 1;
    await this.#options.onDropped(entry);
    await this.#options.announce('failed', { ...describe(entry), error: { code: 'expired', message: errorMessages.expired } });
  }

  /**
   * Records that an attempt starts; resolves to the status the entry is stored with, or undefined when
   * it is gone. On a full disk the attempt goes ahead unrecorded (a delivery frees space, where
   * waiting would not): the mark only tells a restarted worker that the outcome is unknown, and the
   * idempotency key makes resending safe either way.
   */
  async #markSending(sending: OutboxEntry): Promise<OutboxStatus | undefined> {
    try {
      return (await saveEntry(sending, 'queued')) ? 'sending' : undefined;
    } catch (error) {
      if (StowageError.from(error).code !== 'quota-exceeded') throw error;
      return (await getEntry(sending.id))?.status === 'queued' ? 'queued' : undefined;
    }
  }

  async #send(entry: OutboxEntry, report: FlushReport): Promise<RetryVerdict['kind'] | 'skipped'> {
    const sending = transition(entry, { type: 'send' });
    const storedAs = await this.#markSending(sending);
    // Discarded since this pass read it: nothing to send, and the key goes on.
    if (storedAs === undefined) return 'skipped';
    const attempt = entry.attempts + 1;
    const { retry } = this.#options.policyFor(entry.routeName);
    let request: Request;
    try {
      request = await this.#request(entry, attempt);
    } catch (error) {
      // The entry cannot become a request (its body does not decrypt, beforeReplay threw): resending
      // will not help, so the app must see it rather than the outbox retrying it forever.
      const { code, message } = StowageError.from(error);
      const failure: OutboxError = { code, message };
      await saveEntry(transition(sending, { type: 'fail', error: failure }), storedAs);
      report.failed += 1;
      await this.#options.announce('failed', { ...describe(entry), error: failure });
      return 'fail';
    }
    let response: Response;
    try {
      response = await (this.#options.fetch ?? fetch)(request);
    } catch (error) {
      // Offline, the attempt says nothing about the server: it is not counted, and the entry waits
      // for connectivity (a trigger) rather than a backoff.
      const offline = !this.#isOnline();
      const verdict = classifyNetworkError(attempt, retry);
      const delayMs = verdict.kind === 'retry' && !offline ? verdict.delayMs : 0;
      const lastError: OutboxError = { code: offline ? 'offline' : 'network-error', message: error instanceof Error ? error.message : String(error) };
      await saveEntry(transition(sending, { type: 'retry', nextAttemptAt: this.#now() + delayMs, error: lastError, countAttempt: !offline }), storedAs);
      report.retrying += 1;
      return 'retry';
    }
    const verdict = classifyResponse({ status: response.status, retryAfter: response.headers.get('Retry-After') }, attempt, retry);
    const status = response.status;
    switch (verdict.kind) {
      case 'delivered':
        await removeEntry(entry.id);
        report.delivered += 1;
        // The server has it: a failure to update the caches (a full disk) must not hide that from the app.
        await this.#options.onDelivered(entry, response).catch((error: unknown) => console.warn(StowageError.from(error)));
        await this.#options.announce('delivered', { ...describe(entry), status });
        break;
      case 'retry':
        await saveEntry(
          transition(sending, { type: 'retry', nextAttemptAt: this.#now() + verdict.delayMs, countAttempt: true, error: httpError(status) }),
          'sending',
        );
        report.retrying += 1;
        break;
      case 'pause':
        await saveEntry(transition(sending, { type: 'pause', error: httpError(status) }), storedAs);
        report.paused += 1;
        await this.#options.announce('auth-required', { ...describe(entry), status });
        break;
      case 'conflict': {
        const body = (await response.text().catch(() => '')).slice(0, CONFLICT_BODY_MAX_CHARS);
        await saveEntry(transition(sending, { type: 'conflict', error: { ...httpError(status), message: body || `HTTP ${status}` } }), storedAs);
        report.conflicts += 1;
        await this.#options.announce('conflict', { ...describe(entry), status, body });
        break;
      }
      case 'fail': {
        const error = httpError(status);
        await saveEntry(transition(sending, { type: 'fail', error }), storedAs);
        report.failed += 1;
        await this.#options.announce('failed', { ...describe(entry), status, error });
        break;
      }
    }
    return verdict.kind;
  }

  async #request(entry: OutboxEntry, attempt: number): Promise<Request> {
    const opened = await this.#options.unseal(entry);
    const headers = new Headers(opened.headers);
    // An app's own key is among the stored headers, exactly as the app wrote it.
    if (!headers.has(IDEMPOTENCY_KEY_HEADER)) headers.set(IDEMPOTENCY_KEY_HEADER, formatIdempotencyKey(entry.idempotencyKey));
    headers.set('X-Stowage-Replay', String(attempt));
    const request = new Request(entry.url, {
      method: entry.method,
      headers,
      body: opened.body,
      // A replay must reach the server; an HTTP-cache answer would be a delivery that never happened.
      cache: 'no-store',
      credentials: 'same-origin',
    });
    return this.#options.beforeReplay ? this.#options.beforeReplay(request) : request;
  }
}

function describe(entry: OutboxEntry): { id: string; method: string; url: string } {
  return { id: entry.id, method: entry.method, url: entry.url };
}

function httpError(status: number): OutboxError {
  return { code: 'http-error', message: `HTTP ${status}`, status };
}
