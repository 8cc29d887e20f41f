/**
 * What follows a commit, in the order issue 14 sets: the proxy is purged of the committed rows'
 * tags, and only then are those rows published to the invalidation feed, so a device that refetches
 * on the event can never get the old object back from the proxy. Rows about one user's own data
 * name nothing the proxy holds (per-user reads pass it): they are published without a purge.
 */
import type { AppContext } from './context';

export async function purgeThenPublish(app: AppContext): Promise<void> {
  const rows = await app.feed.unpublished();
  const last = rows.at(-1);
  if (last === undefined) return;
  const shared = rows.filter((row) => row.user === undefined);
  if (app.purger && shared.length > 0) await app.purger.purge([...new Set(shared.flatMap((row) => row.tags))], last.id);
  await app.feed.publishCommitted(last.id);
}
