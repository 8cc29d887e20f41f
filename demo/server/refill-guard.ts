/**
 * The guard against the in-flight refill race (issue 14): a read that began at the origin before a
 * commit can reach the proxy after that commit's purge, and the proxy would store the old
 * representation for its whole TTL (the "stale set" that Facebook's memcache leases exist for,
 * Nishtala et al., NSDI 2013).
 *
 * Both sides speak in invalidation-log ids, which only grow: every read is stamped with the newest
 * id committed when it began (`Stowage-Read-Seq`), so it reflects every commit up to that id; every
 * purge names the newest id it covers (`Stowage-Purge-Seq`), and the proxy remembers the highest.
 * A response whose read seq is below that was read before some purged commit and may miss it: the
 * proxy delivers it but does not store it (demo/stack/stowage.vcl). Both headers stay between the
 * origin and the proxy.
 */
import type { AppContext } from './context';
import type { Reply } from './http';

export const READ_SEQ_HEADER = 'Stowage-Read-Seq';
export const PURGE_SEQ_HEADER = 'Stowage-Purge-Seq';

/**
 * Runs a read stamped with the log's newest id, taken before the read's own queries: the answer is
 * at least as new as the stamp says (a commit in between only makes the stamp conservative).
 * Without a proxy in front nobody reads the stamp, so none is sent.
 */
export async function stampedRead(app: AppContext, read: () => Promise<Reply>): Promise<Reply> {
  if (app.purger === undefined) return read();
  const seq = await app.invalidations.newestId();
  const reply = await read();
  return { ...reply, headers: { ...reply.headers, [READ_SEQ_HEADER]: String(seq) } };
}
