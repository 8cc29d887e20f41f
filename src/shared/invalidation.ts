/** What an invalidation covers and how hard it hits: invalidate(), the `invalidated` event and the server's feed. */

/**
 * How hard an invalidation hits (see README, "Invalidation"):
 * - `stale`: still usable; the next online use revalidates (in the background for stale-while-revalidate), offline it is served;
 * - `expire`: the next online use must revalidate before anything is served; offline it is still served, marked `X-Stowage-Stale: expire`;
 * - `purge`: the stored bytes are deleted.
 */
export type InvalidationMode = 'stale' | 'expire' | 'purge';

/** Who invalidated: a write route, the server's `Cache-Group-Invalidation`, the page, the server's feed, or a raised route version. */
export type InvalidationSource = 'write' | 'server' | 'page' | 'feed' | 'version';

/** What `invalidate()` covers; fields add up (an entry matching any of them is covered). */
export interface InvalidationTarget {
  /** Tags: `note:42` hits entries tagged `note:42`; a bare type `note` hits `note` and every `note:*`. */
  tags?: string[];
  /** URLs (relative to the origin): with a query, that URL; without one, the path with any query. */
  urls?: string[];
  /** Read route names: every entry of those routes. */
  routes?: string[];
}

/** One event of the server's invalidation feed, as the page relays it to the worker. */
export interface FeedEvent {
  /** `cursor`: where the feed stood when this client opened it (no invalidation; an id to resume from). */
  type: 'invalidate' | 'reset' | 'cursor';
  /** The event's `id` (the browser's `lastEventId`). */
  id: string;
  /** The event's `data`: JSON `{ tags, mode? }` for `invalidate`. */
  data: string;
}
