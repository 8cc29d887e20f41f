/**
 * Several app servers share one database (issue 14, `APP_SERVERS=2`): a write committed by one of
 * them must reach the feeds the others hold open. Each server polls the shared log for rows it has
 * not published and handles them as its own commits: purge, then publish. The writer has purged
 * already; the second purge is cheap. Reads of this server that began before the commit are kept
 * out of the proxy by their read seq (refill-guard.ts), whichever server purged.
 */
import { purgeThenPublish } from './after-commit';
import type { AppContext } from './context';

export function followSharedLog(app: AppContext, everyMs: number, onError: (err: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    follow(app)
      .catch(onError)
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function follow(app: AppContext): Promise<void> {
  // Another server reset the database: its ids start over, so this server's streams end too.
  if ((await app.invalidations.newestId()) < app.feed.publishedThrough) await app.feed.endAll();
  await purgeThenPublish(app);
}
