/** What the page's refresh(), warm() and clear() take and report. */

/** What `refresh()` revalidates; with no field set, every route marked `refreshable`. Fields narrow together. */
export interface RefreshTarget {
  urls?: string[];
  /** Routes carrying any of these tags. */
  tags?: string[];
  /** Route names. */
  routes?: string[];
}

export type RefreshOutcome = 'changed' | 'unchanged' | 'failed';

export interface RefreshEntryResult {
  url: string;
  route: string;
  outcome: RefreshOutcome;
  /** Why it failed: `offline`, `network-error`, `must-revalidate`, `store-failed` or `status-<code>`. */
  reason?: string;
}

export interface RefreshReport {
  checked: number;
  changed: number;
  unchanged: number;
  failed: number;
  entries: RefreshEntryResult[];
}

/**
 * What `warm()` fetches: the listed URLs, plus the known URLs of the listed routes and of the routes
 * carrying any of the tags (their stored entries and the precache manifest's URLs). Fields add up.
 */
export interface WarmTarget {
  urls?: string[];
  /** Route names. */
  routes?: string[];
  /** Routes carrying any of these tags. */
  tags?: string[];
}

export interface WarmOptions {
  /** How many URLs are fetched at once. @default 4 */
  concurrency?: number;
}

export interface WarmFailure {
  url: string;
  /**
   * `offline`, `network-error`, `status-<code>`, `not-stored` (the route did not keep the response:
   * `no-store`, an uncacheable status, or no room), `no-route`, `no-user` (a private route with
   * nobody signed in), `not-cached` (a network-only route), `cache-only` (its route never fetches)
   * or `store-failed` (storing threw).
   */
  reason: string;
}

export interface WarmReport {
  /** URLs fetched and stored (a 304 refreshing a stored entry counts). */
  stored: number;
  /** URLs skipped because their entry was already fresh. */
  fresh: number;
  /** How many URLs failed; `failures` says which and why. */
  failed: number;
  failures: WarmFailure[];
}

export interface ClearOptions {
  /** What happens to the user's queued writes. @default 'deliver' */
  pending?: 'deliver' | 'discard';
  /** How long delivering may take before the rest is discarded. @default 10_000 */
  timeoutMs?: number;
}

export interface ClearReport {
  /** Queued writes delivered before the purge, and queued writes dropped. */
  delivered: number;
  discarded: number;
  cachesDeleted: number;
  entriesDeleted: number;
  /** Whether the user's encryption key existed and was deleted. */
  keyDeleted: boolean;
}
