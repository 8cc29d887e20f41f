/**
 * Every message between page and worker, in one place. A page sends a request with a numeric id over
 * a MessageChannel and gets exactly one reply on that port; the worker broadcasts events to every
 * window it controls. Adding a request means adding a line to RequestMap; the worker's handler table
 * is typed against it, so a request without a handler fails to compile.
 */
import type { ConnectivityReport } from './connectivity.js';
import type { SerializedStowageError } from './errors.js';
import type { FeedEvent, InvalidationMode, InvalidationSource, InvalidationTarget } from './invalidation.js';
import type { ClearOptions, ClearReport, RefreshOutcome, RefreshReport, RefreshTarget, WarmOptions, WarmReport, WarmTarget } from './operations.js';
import type { FlushReport, OutboxEntryRef, OutboxErrorInfo, PendingEntry } from './outbox.js';
import type { StatsSnapshot } from './stats.js';

/** Bumped when a message's shape changes incompatibly, so an old page and a new worker notice. */
export const PROTOCOL_VERSION = 1;

export interface RequestMap {
  ping: { params: Record<string, never>; result: { version: number } };
  /** Asks an active worker to control the pages it does not yet control (after a hard reload, say). */
  claim: { params: Record<string, never>; result: null };
  stats: { params: Record<string, never>; result: StatsSnapshot };
  /**
   * Routes the page and the files it loaded before the worker controlled it, so that the first visit
   * already works offline. `document` URLs are requested as HTML, as a navigation would be.
   */
  'warm-first-visit': { params: { urls: string[]; document?: string }; result: { routed: number } };
  /** Fetches and stores URLs through their routes ahead of use, skipping fresh entries (warm()). */
  warm: { params: { target: WarmTarget } & WarmOptions; result: WarmReport };
  /** The `updated` events of the last minutes at or after `sinceMs` (ms since the epoch), for a page that subscribes late. */
  updates: { params: { sinceMs: number }; result: Array<EventMap['updated']> };
  /** Switches the user whose partition private routes use (null: nobody; private routes are then not cached). */
  'set-user': { params: { user: string | null }; result: { user: string | null } };
  /** Revalidates cached entries now, ignoring freshness, with conditional requests. */
  refresh: { params: RefreshTarget; result: RefreshReport };
  /** Logout: purges the current user's data (see ClearReport); afterwards no user is set. */
  clear: { params: ClearOptions; result: ClearReport };
  /** The outbox, in delivery order. */
  pending: { params: Record<string, never>; result: PendingEntry[] };
  /** Sends every entry that is not blocked now, ignoring backoff, and reports the pass. */
  flush: { params: Record<string, never>; result: FlushReport };
  /** Requeues entries paused by a 401 (after the app refreshed credentials) and replays. */
  resume: { params: Record<string, never>; result: FlushReport };
  /** Requeues a conflicted, failed or paused entry, optionally with a new body or extra headers, and replays. */
  retry: { params: { id: string; body?: string; headers?: Record<string, string> }; result: FlushReport };
  /** Removes an entry from the outbox for good; the reads it touched are revalidated next time. */
  discard: { params: { id: string }; result: { discarded: boolean } };
  /** The notices after `after` of the worker instance `epoch` (sw/notices.ts), or a reset when it cannot tell. */
  'notices-since': { params: { epoch: string; after: number }; result: NoticesSince };
  /** Where the network stands, as the worker's fetches found it (an event follows any change). */
  connectivity: { params: Record<string, never>; result: ConnectivityReport };
  /** The page saw its `online` event: a replay trigger where Background Sync is missing. */
  online: { params: Record<string, never>; result: null };
  /** Invalidates what the target covers ('*': every cached entry, never the outbox); resolves once it is on disk. */
  invalidate: { params: { target: InvalidationTarget | '*'; mode?: InvalidationMode }; result: { matched: number } };
  /** An event of the server's invalidation feed, relayed by a page: applied once, whichever tabs relay it. */
  'feed-event': { params: FeedEvent; result: { applied: boolean } };
  /** The id of the last feed event the worker applied, to resume the feed from (null: none yet). */
  'feed-cursor': { params: Record<string, never>; result: { lastEventId: string | null } };
  /**
   * The page's timer for the next due entry went off, or the page became visible or focused: the
   * worker (started by this message if it was stopped) delivers what is due, following the backoff,
   * and answers how long until the next attempt (null: nothing waits for a time).
   */
  'replay-due': { params: Record<string, never>; result: { inMs: number | null } };
}

export type RequestType = keyof RequestMap;

/**
 * What a change in the worker touched, for the pages' memories (src/client/memory/): these URLs,
 * anything with these tags or routes, or (`all`) everything.
 */
export interface NoticeChange {
  urls?: string[];
  tags?: string[];
  all?: boolean;
}

/**
 * One numbered notice on the `stowage:notices` BroadcastChannel. The worker is the single writer;
 * `seq` rises by one per notice within one worker instance (`epoch`); a restarted worker starts a new epoch.
 */
export interface Notice {
  stowage: typeof PROTOCOL_VERSION;
  epoch: string;
  seq: number;
  change: NoticeChange;
}

export const NOTICE_CHANNEL = 'stowage:notices';

/** A page's resynchronisation: the changes it missed, or `reset` when the worker's log no longer has them. */
export type NoticesSince = { epoch: string; seq: number } & ({ reset: false; changes: NoticeChange[] } | { reset: true });
export type RequestParams<T extends RequestType> = RequestMap[T]['params'];
export type RequestResult<T extends RequestType> = RequestMap[T]['result'];

export type RequestMessage = {
  [T in RequestType]: { stowage: typeof PROTOCOL_VERSION; kind: 'request'; id: number; type: T; params: RequestParams<T> };
}[RequestType];

export type ReplyMessage =
  | { stowage: typeof PROTOCOL_VERSION; kind: 'reply'; id: number; ok: true; result: unknown }
  | { stowage: typeof PROTOCOL_VERSION; kind: 'reply'; id: number; ok: false; error: SerializedStowageError };

export interface EventMap {
  /**
   * A revalidation brought a representation that differs from the cached one. `atMs` (ms since the
   * epoch) is when the worker stored it; the same update replayed to a late subscriber has the same one.
   */
  updated: { url: string; route: string; atMs?: number };
  /** The current user changed, in this tab or another. */
  'user-changed': { user: string | null };
  /** A clear() finished (from any tab, or completed on a worker start after a crash). */
  cleared: ClearReport;
  /** One URL of a warm() (or of the precache manifest's warm part) was done; `bytes` counts every body stored so far. */
  'warm-progress': { done: number; total: number; failed: number; bytes: number };
  /** One entry of a refresh() was checked. */
  'refresh-progress': { done: number; total: number; url: string; outcome: RefreshOutcome };
  /** A write-behind request was persisted in the outbox (before its 202 reached the page). */
  queued: OutboxEntryRef;
  /** The server answered 2xx; the entry is gone from the outbox. */
  delivered: OutboxEntryRef & { status: number };
  /** 409 or 412: the entry waits for retry(id, { body }) or discard(id). `body` is the server's response text. */
  conflict: OutboxEntryRef & { status: number; body: string };
  /** A 4xx other than 401/409/412, or a corrupt record: the entry stays, as `failed`, until discarded or retried. */
  failed: OutboxEntryRef & { status?: number; error: OutboxErrorInfo };
  /** 401: the entry's ordering key is paused until resume(). */
  'auth-required': OutboxEntryRef & { status: number };
  /** A pass delivered entries and nothing is left waiting to be sent (blocked entries may remain). */
  drained: { delivered: number; remaining: number };
  /**
   * Cached entries were invalidated, in this tab or elsewhere. `matched` counts the stored entries
   * covered (all partitions it applied to); '*' comes as `tags: ['*']`, and a route version as its route name.
   */
  invalidated: { tags: string[]; urls: string[]; mode: InvalidationMode; matched: number; source: InvalidationSource };
  /**
   * After every replay pass: how long until the next attempt falls due (null: none waits for a time;
   * offline entries wait for connectivity). Open pages keep this timer, since the worker's own dies
   * when the browser stops an idle worker.
   */
  'next-attempt': { inMs: number | null };
  /**
   * The disk refused a store even after least-recently-used read entries were evicted for it: a read
   * (`kind: 'read'`) was served unstored, or a write-behind request (`kind: 'write'`) got a 507.
   */
  quota: { url: string; kind: 'read' | 'write' };
  /** The worker's connectivity changed (see `Connectivity`). */
  connectivity: ConnectivityReport;
}

export type EventName = keyof EventMap;

export type EventMessage = {
  [E in EventName]: { stowage: typeof PROTOCOL_VERSION; kind: 'event'; name: E; detail: EventMap[E] };
}[EventName];

export type StowageMessage = RequestMessage | ReplyMessage | EventMessage;

export function isStowageMessage(data: unknown): data is StowageMessage {
  return typeof data === 'object' && data !== null && (data as { stowage?: unknown }).stowage === PROTOCOL_VERSION;
}
