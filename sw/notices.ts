import { NOTICE_CHANNEL, PROTOCOL_VERSION, type EventMap, type EventName, type Notice, type NoticeChange, type NoticesSince } from '../src/shared/protocol.js';

/**
 * The worker's numbered notices of changes to stored entries, for the pages' memories
 * (src/client/memory/). The worker is the single writer: every change that affects a stored entry (a
 * new representation, an invalidation of any mode, a purge, clear(), a user switch, a version change)
 * gets the next number and goes to every window over one BroadcastChannel; bodies never travel. A
 * page that sees a gap asks for what it missed from the bounded log (TanStack query #11391 and #7487:
 * unnumbered, last-wins messages let tabs overwrite each other). The numbers live in memory: a
 * restarted worker starts a new epoch, and pages that knew the old one drop their memory.
 */
export class Notices {
  readonly epoch = crypto.randomUUID();
  readonly #log: { seq: number; change: NoticeChange }[] = [];
  readonly #maxLog: number;
  #seq = 0;
  #channel: BroadcastChannel | undefined;

  constructor({ maxLog = 256 }: { maxLog?: number } = {}) {
    this.#maxLog = maxLog;
  }

  /** The number of the last notice (0: none yet). */
  get seq(): number {
    return this.#seq;
  }

  /** Numbers and broadcasts a change; returns its number. */
  announce(change: NoticeChange): number {
    const seq = ++this.#seq;
    this.#log.push({ seq, change });
    if (this.#log.length > this.#maxLog) this.#log.shift();
    const notice: Notice = { stowage: PROTOCOL_VERSION, epoch: this.epoch, seq, change };
    // One channel for the worker's life; a closed one (never, in practice) is simply reopened.
    this.#channel ??= new BroadcastChannel(NOTICE_CHANNEL);
    this.#channel.postMessage(notice);
    return seq;
  }

  /** What a page that last saw notice `after` of `epoch` missed. */
  since(epoch: string, after: number): NoticesSince {
    const current = { epoch: this.epoch, seq: this.#seq };
    const oldest = this.#log[0]?.seq ?? this.#seq + 1;
    if (epoch !== this.epoch || after > this.#seq || after + 1 < oldest) return { ...current, reset: true };
    return { ...current, reset: false, changes: this.#log.filter((entry) => entry.seq > after).map((entry) => entry.change) };
  }
}

/** The worker's one instance (one worker global, as for the broadcast of events). */
export const notices = new Notices();

/**
 * The notice an event of the worker implies, if any: the events are where the other features already
 * announce what they changed (invalidations of any mode and source, route versions, logouts, user
 * switches, writes queued and delivered).
 */
export function noticeOfEvent<E extends EventName>(name: E, detail: EventMap[E]): NoticeChange | undefined {
  switch (name) {
    case 'user-changed':
    case 'cleared':
      return { all: true };
    case 'queued':
    case 'delivered':
      return { urls: [(detail as EventMap['queued']).url] };
    case 'invalidated':
      return noticeOfInvalidation(detail as EventMap['invalidated']);
    default:
      return undefined;
  }
}

/**
 * The notice of an invalidation. Every mode: `stale` and `expire` end an entry's freshness, `purge`
 * its existence; a route version comes as its route name, '*' as everything.
 */
export function noticeOfInvalidation({ tags, urls }: { tags: string[]; urls: string[] }): NoticeChange {
  return tags.includes('*') ? { all: true } : { tags, urls };
}
