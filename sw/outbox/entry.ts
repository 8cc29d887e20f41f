import { StowageError } from '../../src/shared/errors.js';
import type { OutboxErrorInfo, OutboxStatus } from '../../src/shared/outbox.js';
import type { OutboxRecord } from '../storage/db.js';

export type { OutboxStatus };
export type OutboxError = OutboxErrorInfo;

export const outboxStatuses: readonly OutboxStatus[] = ['queued', 'sending', 'conflict', 'failed', 'paused'];

/** One mutation kept in the outbox; the schema (sw/storage/db.ts) owns the record's shape. */
export type OutboxEntry = OutboxRecord;

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

/**
 * An unreadable record rewritten as a `failed` entry with error `corrupt-entry`, keeping whatever
 * could be read, so the app sees it in pending() and can discard it. It gets an ordering key of its
 * own: its real one is unknown, and it must not hold anyone else's.
 */
export function quarantinedEntry(id: string, raw: unknown, nowMs: number, fallbackUrl: string): OutboxEntry {
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const url = text(record.url);
  return {
    id,
    idempotencyKey: text(record.idempotencyKey) || id,
    method: text(record.method) || 'UNKNOWN',
    url: URL.canParse(url) ? url : fallbackUrl,
    headers: {},
    body: null,
    createdAt: typeof record.createdAt === 'number' ? record.createdAt : nowMs,
    attempts: 0,
    nextAttemptAt: nowMs,
    status: 'failed',
    lastError: { code: 'corrupt-entry', message: 'The stored outbox record could not be read and was quarantined' },
    userScope: null,
    orderingKey: `corrupt:${id}`,
    sequence: typeof record.sequence === 'number' && Number.isFinite(record.sequence) ? record.sequence : 0,
    routeName: '(quarantined)',
  };
}
