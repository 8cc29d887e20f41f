/**
 * The reads this process is answering right now, so a purge can wait for the ones that began before
 * a commit (issue 14). Such a read may carry the old representation to the proxy after the purge
 * that followed the commit, and the proxy would keep it: the "stale set" that Facebook's memcache
 * leases exist for (Nishtala et al., NSDI 2013).
 */
export class ReadsInFlight {
  readonly #open = new Set<Promise<void>>();

  /** Marks one read as started; call the returned function once its response has ended or failed. */
  start(): () => void {
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    this.#open.add(done);
    return () => {
      this.#open.delete(done);
      end();
    };
  }

  get count(): number {
    return this.#open.size;
  }

  /** Settles when every read open now has ended; undefined when none is open. */
  drained(): Promise<void> | undefined {
    if (this.#open.size === 0) return undefined;
    return Promise.all([...this.#open]).then(() => undefined);
  }
}
