import { StowageError } from '../../src/shared/errors.js';
import type { FlushReport } from '../../src/shared/outbox.js';
import { classifyNetworkError, classifyResponse, type RetryOptions } from '../retry/retry-policy.js';
import type { Announce, ChangeRecorder } from './changes.js';
import { isBlocked, transition, type OutboxEntry, type OutboxError, type OutboxEvent } from './entry.js';
import { formatIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from './idempotency-key.js';
import { byOrderingKey, nextDueAt } from './queues.js';
import type { ReplayLock } from './replay-lock.js';
import type { OutboxStore } from './store.js';

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

/** Everything the replayer touches outside itself, injected so unit tests drive it with fakes. */
export interface ReplayerDeps {
  store: OutboxStore;
  recorder: ChangeRecorder;
  announce: Announce;
  /** Cross-context single flight; undefined only where one context can exist (unit tests). */
  lock: ReplayLock | undefined;
  now: () => number;
  /** Jitter source for backoff. */
  random: () => number;
  isOnline: () => boolean;
  fetch: (request: Request) => Promise<Response>;
  policyFor: (routeName: string) => DeliveryPolicy;
  beforeReplay: ((request: Request) => Request | Promise<Request>) | undefined;
  /** Opens the sealed body of an `encrypt` route's entry (and drops the marker header) just before sending. */
  unseal: (entry: OutboxEntry) => Promise<{ headers: Record<string, string>; body: ArrayBuffer | null }>;
  /** After every pass: when the earliest waiting entry falls due (undefined: none waits, or offline). */
  onIdle: (nextDueAt: number | undefined, report: FlushReport) => void;
}

interface Pending {
  options: ReplayOptions;
  promise: Promise<FlushReport>;
  resolve: (report: FlushReport) => void;
  reject: (error: unknown) => void;
}

type Outcome = 'delivered' | 'retry' | 'pause' | 'conflict' | 'fail' | 'skipped';

const CONFLICT_BODY_MAX_CHARS = 64 * 1024;

/**
 * Delivers the outbox: in order per ordering key, one entry at a time per key, each attempt with the
 * entry's idempotency key. One pass runs at a time in this context (a trigger during a pass is folded
 * into one follow-up pass), and across contexts under the replay lock.
 */
export class Replayer {
  readonly #deps: ReplayerDeps;
  #running: Promise<FlushReport> | undefined;
  #next: Pending | undefined;

  constructor(deps: ReplayerDeps) {
    this.#deps = deps;
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
    const { lock } = this.#deps;
    const pass = lock ? lock(() => this.#pass(options)) : this.#pass(options);
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
    const { store, recorder, now } = this.#deps;
    const report: FlushReport = { delivered: 0, failed: 0, conflicts: 0, paused: 0, retrying: 0, remaining: 0 };
    // We hold the lock, so nobody is sending: a `sending` entry was cut off by a stopped worker.
    await store.requeueInterrupted(now());
    let dueAt: number | undefined;
    for (;;) {
      const { entries, corruptIds } = await store.read();
      for (const id of corruptIds) await recorder.record({ kind: 'corrupt', id, nowMs: now() }, report);
      const deliveredBefore = report.delivered;
      await Promise.all([...byOrderingKey(entries).values()].map((queue) => this.#drainKey(queue, options, report)));
      // Entries queued while this pass ran are picked up by another round, as long as rounds make progress.
      if (report.delivered === deliveredBefore) {
        const left = (await store.read()).entries;
        report.remaining = left.length;
        // Offline, entries wait for connectivity (a trigger), not for a time: a timer would only spin.
        dueAt = this.#deps.isOnline() ? nextDueAt(left) : undefined;
        if (report.delivered > 0 && !left.some((entry) => entry.status === 'queued')) {
          await this.#deps.announce('drained', { delivered: report.delivered, remaining: left.length });
        }
        break;
      }
    }
    this.#deps.onIdle(dueAt, report);
    return report;
  }

  async #drainKey(queue: OutboxEntry[], options: ReplayOptions, report: FlushReport): Promise<void> {
    for (const entry of queue) {
      // A blocked head holds its own key only; other keys go on.
      if (isBlocked(entry.status)) return;
      if (this.#isExpired(entry)) {
        await this.#deps.recorder.record({ kind: 'expired', entry }, report);
        continue;
      }
      if (!this.#deps.isOnline() || !this.#isDue(entry, options)) return;
      const outcome = await this.#send(entry, report);
      if (outcome !== 'delivered' && outcome !== 'skipped') return;
    }
  }

  #isDue(entry: OutboxEntry, options: ReplayOptions): boolean {
    if (options.force || entry.nextAttemptAt <= this.#deps.now()) return true;
    return Boolean(options.connectivityRestored && entry.lastError && ['network-error', 'offline'].includes(entry.lastError.code));
  }

  #isExpired(entry: OutboxEntry): boolean {
    const { dropAfterMs } = this.#deps.policyFor(entry.routeName);
    return dropAfterMs !== undefined && this.#deps.now() - entry.createdAt > dropAfterMs;
  }

  async #send(entry: OutboxEntry, report: FlushReport): Promise<Outcome> {
    const { recorder, now, random } = this.#deps;
    const storedAs = await recorder.record({ kind: 'transition', entry, storedAs: 'queued', event: { type: 'send' } });
    // Discarded since this pass read it: nothing to send, and the key goes on.
    if (storedAs === undefined || storedAs === 'removed') return 'skipped';
    const sending = transition(entry, { type: 'send' });
    // Every outcome below is recorded against the status the disk really has (issue 9 §5: a backoff
    // saved against `sending` after an unrecorded mark was lost, and the entry resent in a loop).
    const settle = (event: OutboxEvent, responseBody?: string): Promise<unknown> =>
      recorder.record({ kind: 'transition', entry: sending, storedAs, event, ...(responseBody === undefined ? {} : { responseBody }) }, report);
    const attempt = entry.attempts + 1;
    const retry: RetryOptions = { ...this.#deps.policyFor(entry.routeName).retry, now, random };
    let request: Request;
    try {
      request = await this.#request(entry, attempt);
    } catch (error) {
      // The entry cannot become a request (its body does not decrypt, beforeReplay threw): resending
      // will not help, so the app must see it rather than the outbox retrying it forever.
      const { code, message } = StowageError.from(error);
      await settle({ type: 'fail', error: { code, message } });
      return 'fail';
    }
    let response: Response;
    try {
      response = await this.#deps.fetch(request);
    } catch (error) {
      // Offline, the attempt says nothing about the server: it is not counted, and the entry waits
      // for connectivity (a trigger) rather than a backoff.
      const offline = !this.#deps.isOnline();
      const verdict = classifyNetworkError(attempt, retry);
      const delayMs = verdict.kind === 'retry' && !offline ? verdict.delayMs : 0;
      const lastError: OutboxError = { code: offline ? 'offline' : 'network-error', message: error instanceof Error ? error.message : String(error) };
      await settle({ type: 'retry', nextAttemptAt: now() + delayMs, error: lastError, countAttempt: !offline });
      return 'retry';
    }
    const { status } = response;
    const verdict = classifyResponse({ status, retryAfter: response.headers.get('Retry-After') }, attempt, retry);
    switch (verdict.kind) {
      case 'delivered':
        await recorder.record({ kind: 'delivered', entry, response }, report);
        break;
      case 'retry':
        await settle({ type: 'retry', nextAttemptAt: now() + verdict.delayMs, countAttempt: true, error: httpError(status) });
        break;
      case 'pause':
        await settle({ type: 'pause', error: httpError(status) });
        break;
      case 'conflict': {
        const body = (await response.text().catch(() => '')).slice(0, CONFLICT_BODY_MAX_CHARS);
        await settle({ type: 'conflict', error: { ...httpError(status), message: body || `HTTP ${status}` } }, body);
        break;
      }
      case 'fail':
        await settle({ type: 'fail', error: httpError(status) });
        break;
    }
    return verdict.kind;
  }

  async #request(entry: OutboxEntry, attempt: number): Promise<Request> {
    const opened = await this.#deps.unseal(entry);
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
    return this.#deps.beforeReplay ? this.#deps.beforeReplay(request) : request;
  }
}

function httpError(status: number): OutboxError {
  return { code: 'http-error', message: `HTTP ${status}`, status };
}
