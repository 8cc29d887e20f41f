/**
 * Purging the reverse proxy by tag after a commit (issue 14): an HTTP `PURGE` with
 * `xkey-purge: <tags>` to the proxy (demo/stack/stowage.vcl accepts it from loopback only; a hard
 * purge, so no reader gets the old object during grace).
 *
 * A read that began before the commit may reach the proxy after the first purge, and the proxy
 * would store its old representation. So when reads were in flight at the purge, the same tags are
 * purged again once those reads have ended (plus a margin for the proxy to insert what they sent).
 * Reads in other app servers are covered by those servers: each one purges again when it learns of
 * the commit from the shared log (feed-follower.ts).
 */
import { request } from 'node:http';
import type { ReadsInFlight } from './reads-in-flight';

/** Time for the proxy to insert an object after the origin has sent it. */
const INSERT_MARGIN_MS = 50;
/** A proxy that does not answer must not hold a write's answer for long. */
const PURGE_TIMEOUT_MS = 2000;
/** Reads held longer than this (hung test faults) are not waited for. */
const MAX_WAIT_MS = 10_000;

export interface PurgeCounts {
  /** PURGE requests the proxy accepted. */
  sent: number;
  /** Of those, second purges after reads that were in flight at a commit. */
  repeats: number;
  /** PURGE requests that failed (proxy down, refused, timed out). */
  failed: number;
}

export class ProxyPurger {
  readonly counts: PurgeCounts = { sent: 0, repeats: 0, failed: 0 };

  constructor(
    private readonly purgeUrl: URL,
    private readonly reads: ReadsInFlight,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Purges `tags` now; resolves once the proxy has answered. A repeat, if needed, runs later. */
  async purge(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    const inFlight = this.reads.drained();
    await this.#send(tags, false);
    if (inFlight === undefined) return;
    const cap = new Promise<void>((resolve) => setTimeout(resolve, MAX_WAIT_MS).unref());
    void Promise.race([inFlight, cap])
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, INSERT_MARGIN_MS)))
      .then(() => this.#send(tags, true));
  }

  /** Empties the proxy (after a database reset, whose ids start over); `*` is the VCL's "every object". */
  purgeAll(): Promise<void> {
    return this.#send(['*'], false);
  }

  async #send(tags: readonly string[], repeat: boolean): Promise<void> {
    try {
      const status = await purgeRequest(this.purgeUrl, tags.join(' '));
      if (status !== 200) throw new Error(`PURGE answered ${status}`);
      this.counts.sent++;
      if (repeat) this.counts.repeats++;
    } catch (err) {
      this.counts.failed++;
      this.onError(err);
    }
  }
}

function purgeRequest(url: URL, keys: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PURGE', headers: { 'xkey-purge': keys }, timeout: PURGE_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('PURGE timed out')));
    req.on('error', reject);
    req.end();
  });
}
