/**
 * What follows a commit, in the order issue 14 sets: the proxy is purged of the committed rows'
 * tags, and only then are those rows published to the invalidation feed, so a device that refetches
 * on the event can never get the old object back from the proxy.
 */
import type { AppContext } from './context';

export async function purgeThenPublish(app: AppContext): Promise<void> {
  const rows = app.feed.unpublished();
  const last = rows.at(-1);
  if (last === undefined) return;
  if (app.purger) await app.purger.purge([...new Set(rows.flatMap((row) => row.tags))]);
  app.feed.publishCommitted(last.id);
}
