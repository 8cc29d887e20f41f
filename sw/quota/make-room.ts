import { pendingIdOf } from '../entries/stored-entry.js';
import type { AccessLog } from '../storage/access-log.js';

/**
 * At least this much is freed per quota error, so a burst of small writes (twenty notes) is not
 * twenty rounds of eviction; at most what the read caches hold.
 */
const MIN_ROOM_BYTES = 1024 * 1024;

export type MakeRoom = (neededBytes: number) => Promise<{ freedBytes: number }>;

/**
 * Queued writes come first (issue 15): after a QuotaExceededError, the least recently used read
 * entries of every route go, oldest first, for twice what the failed store needed (at least 1 MiB).
 * Only entries in the access log can go, so never the outbox, the keys or the current user (all in
 * IndexedDB) nor precached assets; pending copies (reads-your-writes of queued writes) are kept.
 * Concurrent quota errors share one eviction instead of each emptying the caches further.
 */
export function roomMaker(accessLog: AccessLog): MakeRoom {
  let running: Promise<{ freedBytes: number }> | undefined;
  return (neededBytes) => {
    running ??= accessLog
      .evictOldest(Math.max(2 * neededBytes, MIN_ROOM_BYTES), (entry) => pendingIdOf(entry) !== null)
      .then(({ freedBytes }) => ({ freedBytes }))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
}

/** The platform's quota error, as a DOMException or already wrapped in a StowageError. */
export function isQuotaError(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || code === 'quota-exceeded';
}
