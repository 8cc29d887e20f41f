/**
 * Purging the reverse proxy by tag after a commit (issue 14): an HTTP `PURGE` with
 * `xkey-purge: <tags>` to the proxy (demo/stack/stowage.vcl accepts it from loopback only; a hard
 * purge, so no reader gets the old object during grace), and `Stowage-Purge-Seq`, the newest
 * invalidation-log id it covers, which the proxy keeps to refuse storing reads older than it
 * (refill-guard.ts).
 */
import { request } from 'node:http';
import { PURGE_SEQ_HEADER } from './refill-guard';

/** A proxy that does not answer must not hold a write's answer for long. */
const PURGE_TIMEOUT_MS = 2000;

export interface PurgeCounts {
  /** PURGE requests the proxy accepted. */
  sent: number;
  /** PURGE requests that failed (proxy down, refused, timed out). */
  failed: number;
}

export class ProxyPurger {
  readonly counts: PurgeCounts = { sent: 0, failed: 0 };
  /**
   * Purges go out one at a time: the VCL raises its kept seq with a read-compare-write that is not
   * atomic across Varnish threads, so two purges of one origin in flight at once could leave the
   * lower seq behind.
   */
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly purgeUrl: URL,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Purges `tags`, committed up to log id `seq`; resolves once the proxy has answered. */
  purge(tags: readonly string[], seq: number): Promise<void> {
    if (tags.length === 0) return Promise.resolve();
    return this.#enqueue(tags.join(' '), seq);
  }

  /**
   * Empties the proxy after a database reset, whose ids start over: `*` is the VCL's "every object",
   * and the seq it keeps is set back to `seq` (not raised), or every new read would look old.
   */
  purgeAll(seq: number): Promise<void> {
    return this.#enqueue('*', seq);
  }

  #enqueue(keys: string, seq: number): Promise<void> {
    const sent = this.#queue.then(() => this.#send(keys, seq));
    this.#queue = sent;
    return sent;
  }

  async #send(keys: string, seq: number): Promise<void> {
    try {
      const status = await purgeRequest(this.purgeUrl, keys, seq);
      if (status !== 200) throw new Error(`PURGE answered ${status}`);
      this.counts.sent++;
    } catch (err) {
      this.counts.failed++;
      this.onError(err);
    }
  }
}

function purgeRequest(url: URL, keys: string, seq: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'xkey-purge': keys, [PURGE_SEQ_HEADER]: String(seq) };
    const req = request(url, { method: 'PURGE', headers, timeout: PURGE_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('PURGE timed out')));
    req.on('error', reject);
    req.end();
  });
}
