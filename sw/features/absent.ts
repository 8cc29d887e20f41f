import { StowageError } from '../../src/shared/errors.js';
import type { FlushReport } from '../../src/shared/outbox.js';
import { broadcast, type RequestHandlers } from '../messages.js';
import type { Stats } from '../stats.js';

/** What the page's requests get from a worker without a feature: answers that say "nothing here", or not-supported. */
const emptyFlushReport = async (): Promise<FlushReport> => ({ delivered: 0, failed: 0, conflicts: 0, paused: 0, retrying: 0, remaining: 0 });

/** A worker without the users feature has no partitions: a user only names who is signed in, and logout resets the counters. */
export function withoutUsers(stats: Stats): Pick<RequestHandlers, 'set-user' | 'clear'> {
  return {
    'set-user': ({ user }) => {
      void broadcast('user-changed', { user });
      return { user };
    },
    clear: () => {
      stats.reset();
      const report = { delivered: 0, discarded: 0, cachesDeleted: 0, entriesDeleted: 0, keyDeleted: false };
      void broadcast('user-changed', { user: null });
      void broadcast('cleared', report);
      return report;
    },
  };
}

/** A worker without the invalidation feature keeps its entries until they age out. */
export const withoutInvalidation: Pick<RequestHandlers, 'invalidate' | 'feed-event' | 'feed-cursor'> = {
  invalidate: () => {
    throw new StowageError('not-supported', 'invalidate() needs withInvalidation in features');
  },
  'feed-event': () => ({ applied: false }),
  'feed-cursor': () => ({ lastEventId: null }),
};

/** A worker without the writes feature has an empty outbox. */
export const withoutWrites: Pick<RequestHandlers, 'pending' | 'flush' | 'resume' | 'retry' | 'discard' | 'online' | 'replay-due'> = {
  pending: () => [],
  flush: emptyFlushReport,
  resume: emptyFlushReport,
  retry: emptyFlushReport,
  discard: () => ({ discarded: false }),
  online: () => null,
  'replay-due': () => ({ inMs: null }),
};
