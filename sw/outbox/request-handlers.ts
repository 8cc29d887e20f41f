import type { RequestHandlers } from '../messages.js';
import type { Outbox } from './outbox.js';
import type { ReplayTriggers } from './triggers.js';

export type OutboxRequestType = 'pending' | 'flush' | 'resume' | 'retry' | 'discard' | 'online' | 'replay-due';

/** The page API's outbox requests (src/shared/protocol.ts), answered by the outbox. */
export function outboxRequestHandlers(outbox: Outbox, triggers: ReplayTriggers): Pick<RequestHandlers, OutboxRequestType> {
  return {
    pending: () => outbox.pending(),
    flush: () => outbox.flush(),
    resume: () => outbox.resume(),
    retry: ({ id, body, headers }) => outbox.retry(id, { ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) }),
    discard: ({ id }) => outbox.discard(id),
    online: () => {
      triggers.online();
      return null;
    },
    'replay-due': () => outbox.replayDue(),
  };
}
