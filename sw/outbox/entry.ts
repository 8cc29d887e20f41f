import { StowageError } from '../../src/shared/errors.js';
import type { OutboxErrorInfo, OutboxStatus } from '../../src/shared/protocol.js';

export type { OutboxStatus };
export type OutboxError = OutboxErrorInfo;

export const outboxStatuses: readonly OutboxStatus[] = ['queued', 'sending', 'conflict', 'failed', 'paused'];

/**
 * One mutation kept in the outbox. Delivered entries are removed, so "delivered" is not a status.
 * Statuses other than `queued` and `sending` block their ordering key until the app acts.
 */
export interface OutboxEntry {
  id: string;
  /** Generated once at enqueue and sent with every attempt, so the server applies the write once. */
  idempotencyKey: string;
  method: string;
  url: string;
  /** Request headers as captured, minus hop-by-hop ones. */
  headers: Record<string, string>;
  body: ArrayBuffer | null;
  /** ms since the epoch. */
  createdAt: number;
  /** Attempts that reached a verdict; a network error while offline does not count. */
  attempts: number;
  /** ms since the epoch; the entry is not sent by a background trigger before this. */
  nextAttemptAt: number;
  status: OutboxStatus;
  lastError?: OutboxError;
  /** The user the mutation belongs to, or null when the app has no users. */
  userScope: string | null;
  /** Entries with the same key are delivered strictly in order, one at a time. */
  orderingKey: string;
  /** Monotonic across the outbox: the delivery order within an ordering key. */
  sequence: number;
  /** The write route that queued it: its retry settings apply on replay. */
  routeName: string;
}

/** Everything that can happen to an entry; delivery removes it instead. */
export type OutboxEvent =
  | { type: 'send' }
  | { type: 'retry'; nextAttemptAt: number; error: OutboxError; countAttempt: boolean }
  | { type: 'conflict'; error: OutboxError }
  | { type: 'fail'; error: OutboxError }
  | { type: 'pause'; error: OutboxError }
  /** Back in line: after a worker restart (outcome unknown), resume(), or retry(id) with an optional new body or headers. */
  | { type: 'requeue'; nextAttemptAt: number; body?: ArrayBuffer | null; headers?: Record<string, string> };

const allowedFrom: Record<OutboxEvent['type'], readonly OutboxStatus[]> = {
  send: ['queued'],
  retry: ['sending'],
  conflict: ['sending'],
  fail: ['sending'],
  pause: ['sending'],
  requeue: ['sending', 'paused', 'conflict', 'failed'],
};

/** The one place an entry's status changes. Returns a new entry; the caller persists it before announcing it. */
export function transition(entry: OutboxEntry, event: OutboxEvent): OutboxEntry {
  if (!allowedFrom[event.type].includes(entry.status)) {
    throw new StowageError('internal', `Outbox entry ${entry.id} cannot go from ${entry.status} by ${event.type}`);
  }
  switch (event.type) {
    case 'send':
      return { ...entry, status: 'sending' };
    case 'retry':
      return {
        ...entry,
        status: 'queued',
        attempts: entry.attempts + (event.countAttempt ? 1 : 0),
        nextAttemptAt: event.nextAttemptAt,
        lastError: event.error,
      };
    case 'conflict':
    case 'fail':
    case 'pause': {
      const status = event.type === 'conflict' ? 'conflict' : event.type === 'fail' ? 'failed' : 'paused';
      return { ...entry, status, attempts: entry.attempts + 1, lastError: event.error };
    }
    case 'requeue': {
      const { lastError: _dropped, ...rest } = entry;
      const requeued: OutboxEntry = { ...rest, status: 'queued', nextAttemptAt: event.nextAttemptAt };
      if (entry.status === 'sending') {
        // Cut off by a stopped worker: the request may have reached the server, so it counts as an
        // attempt (the next one says so in X-Stowage-Replay), and the last error stays.
        requeued.attempts = entry.attempts + 1;
        if (entry.lastError) requeued.lastError = entry.lastError;
      }
      if (event.body !== undefined) requeued.body = event.body;
      // Stored names are lower case (as Headers gives them), so a new `If-Match` replaces the old one.
      if (event.headers) {
        const replaced = Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]);
        requeued.headers = { ...entry.headers, ...Object.fromEntries(replaced) };
      }
      return requeued;
    }
  }
}

/** A status that holds its ordering key until the app resolves it. */
export function isBlocked(status: OutboxStatus): boolean {
  return status === 'conflict' || status === 'failed' || status === 'paused';
}

/**
 * Checks a record read from IndexedDB: anything may be there (an older format, a hand edit, a
 * partially migrated store). Returns undefined for a record that cannot be replayed safely.
 */
export function parseEntry(value: unknown): OutboxEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const strings = ['id', 'idempotencyKey', 'method', 'url', 'orderingKey', 'routeName'] as const;
  if (!strings.every((field) => typeof record[field] === 'string' && record[field] !== '')) return undefined;
  const numbers = ['createdAt', 'attempts', 'nextAttemptAt', 'sequence'] as const;
  if (!numbers.every((field) => typeof record[field] === 'number' && Number.isFinite(record[field]))) return undefined;
  if (!(outboxStatuses as readonly unknown[]).includes(record.status)) return undefined;
  if (!(record.body === null || record.body instanceof ArrayBuffer)) return undefined;
  if (!(record.userScope === null || typeof record.userScope === 'string')) return undefined;
  const headers = record.headers;
  if (typeof headers !== 'object' || headers === null || !Object.values(headers).every((v) => typeof v === 'string')) return undefined;
  try {
    new URL(record.url as string);
  } catch {
    return undefined;
  }
  return value as OutboxEntry;
}
