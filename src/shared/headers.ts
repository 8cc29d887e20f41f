/**
 * Header names Stowage sets that the page also sees. Bookkeeping headers that stay inside the worker's
 * caches belong to sw/entries/, which strips them from what the page gets.
 */

/** On a response Stowage made up to report a failure: the error code (see errors.ts). */
export const FAILURE_HEADER = 'X-Stowage-Error';

/** On a cached representation that a queued write produced: the outbox entry's id. */
export const PENDING_HEADER = 'X-Stowage-Pending';

/**
 * On what the worker serves from a route with `memory: true`: that the page's memory may keep it and
 * for how long (src/client/memory/), as `<epoch> <notice> <ttlMs> <own notice or ->`. `stowage.fetch()`
 * reads and removes it; a plain fetch() sees it and can ignore it.
 */
export const MEMORY_HEADER = 'X-Stowage-Memory';
