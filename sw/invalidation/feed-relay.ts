import { StowageError } from '../../src/shared/errors.js';
import type { FeedEvent } from '../../src/shared/invalidation.js';
import { SharedLoad } from '../storage/shared-load.js';
import { getState, putState } from './epoch-store.js';
import { isAlreadyApplied, parseInvalidateData } from './feed-events.js';
import type { Invalidation, LifetimeExtender } from './invalidation.js';

const CURSOR_KEY = 'feed';

/**
 * The worker's end of the server's invalidation feed (`register(url, { invalidations })`): every open
 * tab relays the events it receives, and each is applied once. Events are applied one at a time, in
 * the order they arrive; one whose id is the last applied, or (for numeric ids, as the demo server's
 * row ids are) not above it, was applied already. A `cursor` event (sent to a client that named no
 * id) is adopted only by a worker that has no id yet. The last applied id is persisted after the
 * invalidation itself: a crash in between re-applies one event, which is harmless, rather than lose it.
 */
export class FeedRelay {
  readonly #invalidation: Invalidation;
  readonly #lastEventId = new SharedLoad(async () => (await getState<{ lastEventId: string }>(CURSOR_KEY))?.lastEventId ?? null);
  #queue: Promise<unknown> = Promise.resolve();

  constructor(invalidation: Invalidation) {
    this.#invalidation = invalidation;
  }

  /** The id to resume the feed from. */
  async cursor(): Promise<{ lastEventId: string | null }> {
    return { lastEventId: await this.#last() };
  }

  apply(event: FeedEvent, context?: LifetimeExtender): Promise<{ applied: boolean }> {
    const applied = this.#queue.then(() => this.#apply(event, context));
    this.#queue = applied.catch(() => undefined);
    return applied;
  }

  async #apply({ type, id, data }: FeedEvent, context: LifetimeExtender | undefined): Promise<{ applied: boolean }> {
    const last = await this.#last();
    if (type === 'cursor') {
      // Only a worker with no id yet adopts it: one that has an id resumes from what it applied (a
      // cursor ahead of it would skip events another tab is still relaying).
      if (id === '' || last !== null) return { applied: false };
    } else if (id !== '' && isAlreadyApplied(type, id, last)) return { applied: false };
    if (type === 'reset') {
      // The server cannot say what was missed: every shared entry revalidates on its next online use.
      await this.#invalidation.invalidate({ keys: { all: true }, mode: 'stale', source: 'feed', partitions: 'shared', event: context });
    } else if (type === 'invalidate') {
      const { tags, mode } = parseInvalidateData(data);
      // The server knows the data changed: an online read must not show the old copy (offline it still can).
      await this.#invalidation.invalidate({ keys: { tags }, mode: mode ?? 'expire', source: 'feed', partitions: 'current', event: context });
    } else if (type !== 'cursor') {
      throw new StowageError('invalid-config', `Unknown feed event type "${String(type)}"`, { details: { type } });
    }
    if (id !== '') {
      this.#lastEventId.set(id);
      await putState(CURSOR_KEY, { lastEventId: id });
    }
    return { applied: true };
  }

  #last(): Promise<string | null> {
    return this.#lastEventId.get();
  }
}
