/**
 * Names of the Cache Storage caches Stowage owns. Every name starts with the configured prefix and a
 * storage format version, so an update can delete exactly its own outdated caches and nobody else's.
 */
const FORMAT_VERSION = 'v1';

export function routeCacheName(prefix: string, routeName: string): string {
  return `${prefix}-${FORMAT_VERSION}:${routeName}`;
}

/** Separates a route's cache name from the user partition it belongs to. */
const PARTITION_SEPARATOR = ':u:';

/** The cache of one user's entries of a route: the partition id is a hash, never the user name. */
export function partitionCacheName(routeCacheName: string, partitionId: string): string {
  return `${routeCacheName}${PARTITION_SEPARATOR}${partitionId}`;
}

/** Splits a cache name into its route's cache name and its partition (undefined for shared caches). */
export function parseCacheName(cacheName: string): { routeCacheName: string; partitionId: string | undefined } {
  const at = cacheName.lastIndexOf(PARTITION_SEPARATOR);
  if (at < 0) return { routeCacheName: cacheName, partitionId: undefined };
  return { routeCacheName: cacheName.slice(0, at), partitionId: cacheName.slice(at + PARTITION_SEPARATOR.length) };
}

export function isOwnCacheName(prefix: string, cacheName: string): boolean {
  return cacheName.startsWith(prefix) && /^-v\d+:/.test(cacheName.slice(prefix.length));
}

/**
 * Deletes the caches this Stowage owns that the current config no longer names (old routes, old
 * formats). A user partition of a current route is kept: it belongs to a route that still exists.
 */
export async function deleteOutdatedCaches(prefix: string, current: ReadonlySet<string>): Promise<string[]> {
  const outdated = (await caches.keys()).filter(
    (name) => isOwnCacheName(prefix, name) && !current.has(parseCacheName(name).routeCacheName),
  );
  await Promise.all(outdated.map((name) => caches.delete(name)));
  return outdated;
}
