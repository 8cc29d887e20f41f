/**
 * Names of the Cache Storage caches Stowage owns. Every name starts with the configured prefix and a
 * storage format version, so an update can delete exactly its own outdated caches and nobody else's.
 */
const FORMAT_VERSION = 'v1';

export function routeCacheName(prefix: string, routeName: string): string {
  return `${prefix}-${FORMAT_VERSION}:${routeName}`;
}

export function isOwnCacheName(prefix: string, cacheName: string): boolean {
  return cacheName.startsWith(prefix) && /^-v\d+:/.test(cacheName.slice(prefix.length));
}

/** Deletes the caches this Stowage owns that the current config no longer names (old routes, old formats). */
export async function deleteOutdatedCaches(prefix: string, current: ReadonlySet<string>): Promise<string[]> {
  const outdated = (await caches.keys()).filter((name) => isOwnCacheName(prefix, name) && !current.has(name));
  await Promise.all(outdated.map((name) => caches.delete(name)));
  return outdated;
}
