import { errorMessages, StowageError } from '../../src/shared/errors.js';
import type { FlushReport, OutboxEntryRef } from '../../src/shared/outbox.js';
import type { EventMap, EventName } from '../../src/shared/protocol.js';
import { transition, type OutboxEntry, type OutboxEvent, type OutboxStatus } from './entry.js';
import type { OutboxStore } from './store.js';

/** What the outbox hands to the cache side (sw/writes/), which it never imports. */
export interface OutboxHooks {
  /** The entry is on disk and its 202 not yet sent: reads-your-writes. A failure does not undo the enqueue. */
  queued(entry: OutboxEntry): Promise<void>;
  /** The server has the write (the entry is removed): the reads it touched become stale. */
  delivered(entry: OutboxEntry, response: Response): Promise<void>;
  /** Removed without ever being delivered (expired, discarded): its pending copy goes, its reads are asked again. */
  forgotten(entry: OutboxEntry): Promise<void>;
}

export type Announce = <E extends EventName>(name: E, detail: EventMap[E]) => Promise<void>;

/** Everything that happens to a stored entry. */
export type Change =
  /**
   * A status change. `entry` is the state the event applies to, `storedAs` the status the entry has
   * on disk (they differ when the `sending` mark could not be recorded): the save only goes through
   * while the disk still says `storedAs`, so a discarded or retried entry is never brought back.
   */
  | { kind: 'transition'; entry: OutboxEntry; storedAs: OutboxStatus; event: OutboxEvent; responseBody?: string }
  | { kind: 'delivered'; entry: OutboxEntry; response: Response }
  /** Older than its route's dropAfterMs. */
  | { kind: 'expired'; entry: OutboxEntry }
  /** The app dropped it (discard(), or a logout's purge). */
  | { kind: 'discarded'; entry: OutboxEntry }
  /** A record that cannot be read. */
  | { kind: 'corrupt'; id: string; nowMs: number };

/** What a change left on disk: the entry's stored status, 'removed', or undefined when it did not apply. */
export type Recorded = OutboxStatus | 'removed' | undefined;

/**
 * The one place an entry changes: persisted first, then counted in the pass's report, then announced
 * (so the app never hears of a state the disk does not have). Every branch of the replayer, and the
 * app's resume / retry / discard, goes through record().
 */
export class ChangeRecorder {
  readonly #store: OutboxStore;
  readonly #hooks: OutboxHooks;
  readonly #announce: Announce;

  constructor(store: OutboxStore, hooks: OutboxHooks, announce: Announce) {
    this.#store = store;
    this.#hooks = hooks;
    this.#announce = announce;
  }

  async record(change: Change, report?: FlushReport): Promise<Recorded> {
    switch (change.kind) {
      case 'transition':
        return this.#transition(change, report);
      case 'delivered': {
        await this.#store.remove(change.entry.id);
        if (report) report.delivered += 1;
        // The server has it: a failure to update the caches (a full disk) must not hide that from the app.
        await this.#hooks.delivered(change.entry, change.response).catch((error: unknown) => console.warn(StowageError.from(error)));
        await this.#announce('delivered', { ...refOf(change.entry), status: change.response.status });
        return 'removed';
      }
      case 'expired':
      case 'discarded': {
        // Already removed (discarded by the app since a pass read it): nothing left to drop or announce.
        if (!(await this.#store.remove(change.entry.id))) return undefined;
        await this.#hooks.forgotten(change.entry);
        if (change.kind === 'expired') {
          if (report) report.failed += 1;
          await this.#announce('failed', { ...refOf(change.entry), error: { code: 'expired', message: errorMessages.expired } });
        }
        return 'removed';
      }
      case 'corrupt': {
        const quarantined = await this.#store.quarantine(change.id, change.nowMs);
        if (!quarantined) return undefined;
        if (report) report.failed += 1;
        await this.#announce('failed', { ...refOf(quarantined), error: quarantined.lastError! });
        return quarantined.status;
      }
    }
  }

  async #transition(change: Extract<Change, { kind: 'transition' }>, report: FlushReport | undefined): Promise<Recorded> {
    const { entry, storedAs, event } = change;
    const next = transition(entry, event);
    if (event.type === 'send') return this.#markSending(next);
    if (!(await this.#store.save(next, storedAs))) return undefined;
    const ref = refOf(entry);
    const status = event.type === 'requeue' ? undefined : event.error.status;
    switch (event.type) {
      case 'retry':
        if (report) report.retrying += 1;
        break;
      case 'pause':
        if (report) report.paused += 1;
        await this.#announce('auth-required', { ...ref, status: status ?? 0 });
        break;
      case 'conflict':
        if (report) report.conflicts += 1;
        await this.#announce('conflict', { ...ref, status: status ?? 0, body: change.responseBody ?? '' });
        break;
      case 'fail':
        if (report) report.failed += 1;
        await this.#announce('failed', { ...ref, ...(status === undefined ? {} : { status }), error: event.error });
        break;
      case 'requeue':
        break;
    }
    return next.status;
  }

  /**
   * Records that an attempt starts. On a full disk the attempt goes ahead unrecorded (a delivery frees
   * space, where waiting would not): the mark only tells a restarted worker that the outcome is
   * unknown, and the idempotency key makes resending safe either way. The entry then stays stored as
   * `queued`, and the attempt's outcome is saved against that.
   */
  async #markSending(sending: OutboxEntry): Promise<Recorded> {
    try {
      return (await this.#store.save(sending, 'queued')) ? 'sending' : undefined;
    } catch (error) {
      if (StowageError.from(error).code !== 'quota-exceeded') throw error;
      return (await this.#store.get(sending.id))?.status === 'queued' ? 'queued' : undefined;
    }
  }
}

export function refOf(entry: OutboxEntry): OutboxEntryRef {
  return { id: entry.id, method: entry.method, url: entry.url };
}
