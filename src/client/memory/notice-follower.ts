import { NOTICE_CHANNEL, type Notice, type NoticeChange, type NoticesSince } from '../../shared/protocol.js';

export interface NoticeFollowerOptions {
  /** Asks the worker what changed after `after` (the `notices-since` request). */
  since: (epoch: string, after: number) => Promise<NoticesSince>;
  /** A change to apply to the memory, with its number. */
  onChange: (change: NoticeChange, seq: number) => void;
  /** The memory can no longer be trusted (an unknown gap, another worker instance): empty it. */
  onReset: () => void;
  /** How many received notices are remembered, to check responses still on their way in. @default 256 */
  keep?: number;
}

/**
 * Follows the worker's numbered notices (sw/notices.ts) for the page's memory. A notice is applied
 * once, in order; a gap in the numbers, a return from the back/forward cache (`pageshow` persisted),
 * from a frozen state (`resume`) or from a hidden one (`visibilitychange`) resynchronises: the page
 * asks the worker what it missed, or empties its memory when the worker's log no longer has it.
 * While a resynchronisation runs the memory answers nothing. The channel is closed while the page is
 * in the back/forward cache: in Chromium a BroadcastChannel message evicts a cached page.
 */
export class NoticeFollower {
  #epoch: string | undefined;
  #seq = 0;
  #channel: BroadcastChannel | undefined;
  #syncing: Promise<void> | undefined;
  readonly #recent: { seq: number; change: NoticeChange }[] = [];
  readonly #options: NoticeFollowerOptions;
  readonly #onPageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted) return;
    this.#open();
    this.resync();
  };
  readonly #onPageHide = (event: PageTransitionEvent): void => {
    if (event.persisted) this.#close();
  };
  readonly #onResume = (): void => this.resync();
  readonly #onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.resync();
  };

  constructor(options: NoticeFollowerOptions) {
    this.#options = options;
    this.#open();
    addEventListener('pageshow', this.#onPageShow);
    addEventListener('pagehide', this.#onPageHide);
    document.addEventListener('resume', this.#onResume);
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  /** Whether the memory may answer now (no resynchronisation under way). */
  get inSync(): boolean {
    return this.#syncing === undefined;
  }

  /**
   * Whether a response the worker served while its notices stood at `seq` of `epoch` may be kept:
   * no notice received since covers it (except its own), and nothing between is unknown.
   */
  mayKeep(epoch: string, seq: number, covered: (change: NoticeChange, seq: number) => boolean): boolean {
    if (!this.inSync) return false;
    if (this.#epoch === undefined) this.#adopt(epoch, seq);
    if (epoch !== this.#epoch) {
      this.resync();
      return false;
    }
    const oldest = this.#recent[0]?.seq ?? this.#seq + 1;
    if (seq < this.#seq && seq + 1 < oldest) return false;
    return !this.#recent.some((notice) => notice.seq > seq && covered(notice.change, notice.seq));
  }

  /** Asks the worker what changed since the last notice seen (single flight). */
  resync(): void {
    const epoch = this.#epoch;
    if (epoch === undefined || this.#syncing) return;
    const after = this.#seq;
    this.#syncing = this.#options
      .since(epoch, after)
      .then((result) => {
        if (result.reset) this.#reset(result.epoch, result.seq);
        else {
          result.changes.forEach((change, index) => this.#apply(change, after + index + 1));
          this.#seq = Math.max(this.#seq, result.seq);
        }
      })
      .catch(() => this.#reset(undefined, 0))
      .finally(() => {
        this.#syncing = undefined;
      });
  }

  dispose(): void {
    this.#close();
    removeEventListener('pageshow', this.#onPageShow);
    removeEventListener('pagehide', this.#onPageHide);
    document.removeEventListener('resume', this.#onResume);
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  #receive(notice: Notice): void {
    if (this.#epoch === undefined) this.#adopt(notice.epoch, notice.seq - 1);
    if (notice.epoch !== this.#epoch) {
      // Another worker instance: its numbers say nothing about the old one's.
      this.#reset(notice.epoch, notice.seq);
      return;
    }
    if (notice.seq <= this.#seq) return;
    const gap = notice.seq > this.#seq + 1;
    // Applied even across a gap (dropping is always safe); the gap itself is asked for.
    this.#apply(notice.change, notice.seq);
    if (gap) this.resync();
    else this.#seq = notice.seq;
  }

  #apply(change: NoticeChange, seq: number): void {
    this.#recent.push({ seq, change });
    if (this.#recent.length > (this.#options.keep ?? 256)) this.#recent.shift();
    this.#options.onChange(change, seq);
  }

  #adopt(epoch: string, seq: number): void {
    this.#epoch = epoch;
    this.#seq = seq;
  }

  #reset(epoch: string | undefined, seq: number): void {
    this.#epoch = epoch;
    this.#seq = seq;
    this.#recent.length = 0;
    this.#options.onReset();
  }

  #open(): void {
    if (this.#channel) return;
    this.#channel = new BroadcastChannel(NOTICE_CHANNEL);
    this.#channel.onmessage = (event: MessageEvent<Notice>) => this.#receive(event.data);
  }

  #close(): void {
    this.#channel?.close();
    this.#channel = undefined;
  }
}
