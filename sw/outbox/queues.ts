import { isBlocked, type OutboxEntry } from './entry.js';

/** The outbox's queues: entries by ordering key, each in delivery (sequence) order as given. */
export function byOrderingKey(entries: readonly OutboxEntry[]): Map<string, OutboxEntry[]> {
  const queues = new Map<string, OutboxEntry[]>();
  for (const entry of entries) {
    const queue = queues.get(entry.orderingKey);
    if (queue) queue.push(entry);
    else queues.set(entry.orderingKey, [entry]);
  }
  return queues;
}

/**
 * When the next attempt falls due: the earliest `nextAttemptAt` among the queues' heads. Only a head
 * can be sent, and a blocked head (conflict, failed, paused) waits for the app, not a time; counting
 * the entries behind it would wake a timer over and over for nothing. Undefined: nothing waits.
 */
export function nextDueAt(entries: readonly OutboxEntry[]): number | undefined {
  let earliest: number | undefined;
  for (const [head] of byOrderingKey(entries).values()) {
    if (!head || isBlocked(head.status)) continue;
    earliest = Math.min(earliest ?? Infinity, head.nextAttemptAt);
  }
  return earliest;
}
