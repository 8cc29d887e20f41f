/** The outbox as the page sees it: pending(), flush() and its events. */

import type { StowageErrorCode } from './errors.js';

/** Where an outbox entry stands. Delivered entries are removed, so "delivered" is an event, not a status. */
export type OutboxStatus = 'queued' | 'sending' | 'conflict' | 'failed' | 'paused';

export interface OutboxErrorInfo {
  /** A StowageError code (`network-error`, `offline`, `corrupt-entry`) or `http-error` when the server answered. */
  code: StowageErrorCode | 'http-error';
  message: string;
  /** The server's status, when the server answered. */
  status?: number;
}

/** One queued mutation, as `pending()` lists it. */
export interface PendingEntry {
  id: string;
  /** Sent on every attempt: the app's own key when its request had one, else a UUID made at enqueue. */
  idempotencyKey: string;
  method: string;
  url: string;
  status: OutboxStatus;
  attempts: number;
  lastError?: OutboxErrorInfo;
  /** ms since the epoch. */
  createdAt: number;
  /** ms since the epoch: a background trigger does not send it before. */
  nextAttemptAt: number;
  /**
   * On WebKit only: queued more than six days ago. WebKit on Apple platforms deletes a site's storage
   * (the outbox with it) after seven days without use, so the app should tell its user to come back
   * online, or keep a copy elsewhere.
   */
  atRisk?: true;
}

/** What one replay pass did, and what is left. */
export interface FlushReport {
  delivered: number;
  /** Entries that moved to `failed` (4xx, or quarantined as corrupt). */
  failed: number;
  /** Entries that moved to `conflict` (409, 412). */
  conflicts: number;
  /** Entries paused by a 401. */
  paused: number;
  /** Attempts that failed in a retryable way (network error, 408, 425, 429, 5xx) and wait for another. */
  retrying: number;
  /** Entries still in the outbox after the pass, of any status. */
  remaining: number;
}

export interface OutboxEntryRef {
  id: string;
  method: string;
  url: string;
}
