import { now } from '../clock.js';
import type { ResolvedWriteRoute } from '../config/types.js';
import type { OutboxHooks } from '../outbox/changes.js';
import type { OutboxEntry } from '../outbox/entry.js';
import { pendingCopy } from '../entries/stored-entry.js';
import { responseStaleTargets } from '../http/unsafe-methods.js';
import { defaultStaleTargets, type CacheInvalidator } from './invalidate.js';
import { staleTargetsOf } from './write-behind.js';

/**
 * What the outbox's entries do to the read caches, handed to the outbox as its hooks (the outbox
 * never imports sw/writes/): reads-your-writes when an entry is queued, RFC 9111 §4.4 invalidation
 * when it is delivered, and a revalidation when it is dropped undelivered.
 */
export function outboxInvalidation(routes: readonly ResolvedWriteRoute[], invalidator: CacheInvalidator, origin: string): OutboxHooks {
  const byName = new Map(routes.map((route) => [route.name, route]));
  return {
    queued: async (entry) => {
      try {
        await readYourWrite(entry, byName.get(entry.routeName), invalidator);
      } catch (error) {
        // The entry is committed and will be delivered; the caches just cannot show it (a full
        // disk): the URL's older copy goes rather than pass for the current state.
        await invalidator.remove(entry.url).catch(() => undefined);
        throw error;
      }
    },
    delivered: async (entry, response) => {
      const url = new URL(entry.url);
      const route = byName.get(entry.routeName);
      const targets = route ? staleTargetsOf(route, url, requestOf(entry), response) : [url.pathname];
      // The server's answer also says which groups it changed (Cache-Group-Invalidation, RFC 9875 §3).
      await invalidator.markStale([...responseStaleTargets(url, response, origin), ...targets], response);
    },
    forgotten: async (entry) => {
      // The caches may show a never-delivered write (reads-your-writes): the server never saw it, so ask it again.
      await invalidator.dropPending(entry.url, entry.id);
      await invalidator.markStale(defaultStaleTargets(new URL(entry.url)));
    },
  };
}

/**
 * The caches show the write before it is delivered: a PUT of JSON becomes the URL's cached
 * representation (marked pending, and stale so the next online read revalidates it), a DELETE
 * removes the URL, and the route's `invalidates` (or the URL's collection) are marked stale.
 */
async function readYourWrite(entry: OutboxEntry, route: ResolvedWriteRoute | undefined, invalidator: CacheInvalidator): Promise<void> {
  const url = new URL(entry.url);
  const contentType = entry.headers['content-type'] ?? '';
  // An encrypted route's body is sealed here, and must not land in clear in the shared caches either.
  if (entry.method === 'PUT' && entry.body && route?.encrypt !== true && /\bjson\b/i.test(contentType)) {
    await invalidator.putRepresentation(entry.url, pendingCopy({ body: entry.body.slice(0), contentType, entryId: entry.id, atMs: now() }));
  } else if (entry.method === 'DELETE') {
    await invalidator.remove(entry.url);
  }
  // Invalidated when queued (as `stale`: offline reads still show data), and again when delivered.
  await invalidator.markStale(route ? staleTargetsOf(route, url, requestOf(entry)) : defaultStaleTargets(url));
}

/** The queued request as a write route's `invalidates` function sees it (without its body). */
function requestOf(entry: OutboxEntry): Request {
  return new Request(entry.url, { method: entry.method, headers: entry.headers });
}
