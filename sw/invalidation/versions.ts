import type { ResolvedReadRoute } from '../config/types.js';
import { broadcast } from '../messages.js';
import { openStowageDB } from '../storage/db.js';
import { deleteTagRecords, getState, putState } from './epoch-store.js';

/**
 * Versioned routes. An entry is stamped with its route's version as it is stored; the freshness
 * check treats an entry of another version as `expire` (never fresh, served only where nothing newer
 * can be had). Here, when a new worker activates: each route's versions are kept in deployment
 * order, a raised one is announced (`invalidated`, source `version`), and entries two or more
 * versions behind are deleted. An entry of the current version replacing an old one needs nothing:
 * it is stored under the same key. Queued writes are never touched.
 */

/** The config's and the route's versions as one stamp; undefined when neither is set. */
export function effectiveVersion(configVersion: string | number | undefined, routeVersion: string | number | undefined): string | undefined {
  if (configVersion === undefined && routeVersion === undefined) return undefined;
  return JSON.stringify([configVersion ?? null, routeVersion ?? null]);
}

/** Versions further behind than this are deleted. */
const KEEP_OLDER_VERSIONS = 1;

export async function activateVersions(routes: readonly ResolvedReadRoute[]): Promise<void> {
  for (const route of routes) {
    const current = route.effectiveVersion ?? '';
    const key = `versions:${route.name}`;
    const versions = (await getState<{ versions: string[] }>(key))?.versions ?? [];
    if (versions.at(-1) === current) continue;
    // Entries stored before the route had a version count as the unversioned one, ''.
    const history = [...(versions.length === 0 && current !== '' ? [''] : versions), current];
    if (versions.length === 0 && current === '') continue;
    await putState(key, { versions: history.slice(-8) });
    const { retired, deleted } = await retireOldEntries(route.name, history);
    // A first install has nothing older to retire, and says nothing.
    if (versions.length > 0) {
      void broadcast('invalidated', { tags: [route.name], urls: [], mode: 'expire', matched: retired + deleted, source: 'version' });
    }
  }
}

/** Deletes the route's entries two or more versions behind (every partition); counts the older ones kept. */
async function retireOldEntries(routeName: string, history: readonly string[]): Promise<{ retired: number; deleted: number }> {
  const current = history.at(-1)!;
  const recent = new Set(history.slice(-1 - KEEP_OLDER_VERSIONS));
  const db = await openStowageDB();
  const records = (await db.getAll('entryTags')).filter((record) => record.route.endsWith(`|${routeName}`) && (record.version ?? '') !== current);
  const doomed = records.filter((record) => !recent.has(record.version ?? ''));
  for (const record of doomed) await (await caches.open(record.cacheName)).delete(record.key, { ignoreVary: true });
  await deleteTagRecords(doomed.map((record) => [record.cacheName, record.key]));
  return { retired: records.length - doomed.length, deleted: doomed.length };
}
