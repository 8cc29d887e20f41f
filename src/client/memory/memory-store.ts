import type { NoticeChange } from '../../shared/protocol.js';

/** One response kept in the page's memory: its bytes and what is needed to answer with it. */
export interface MemoryEntry {
  /** The request key (memoryKey()); `url` is what notices name. */
  key: string;
  url: string;
  status: number;
  statusText: string;
  headers: [string, string][];
  body: ArrayBuffer;
  /** When the worker's freshness ends, on this page's performance.now() clock. */
  expiresAt: number;
  /** The notice that announced this very representation (sw/notices.ts): it must not drop it. */
  ownNotice: number | undefined;
}

/**
 * The per-tab memory: a least-recently-used map bounded by bytes (Replicache's lazy store bounds its
 * chunk cache the same way). Map order is use order: a read moves an entry to the end.
 */
export class MemoryStore {
  readonly #entries = new Map<string, MemoryEntry>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry while it is fresh (an expired one is dropped). */
  get(key: string, nowMs: number): MemoryEntry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= nowMs) {
      this.#bytes -= entry.body.byteLength;
      return undefined;
    }
    this.#entries.set(key, entry);
    return entry;
  }

  set(entry: MemoryEntry): void {
    this.delete(entry.key);
    if (entry.body.byteLength > this.#maxBytes) return;
    this.#entries.set(entry.key, entry);
    this.#bytes += entry.body.byteLength;
    for (const [key, oldest] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(key);
      this.#bytes -= oldest.body.byteLength;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.body.byteLength;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /**
   * Drops what a notice covers. The page does not know an entry's tags or route (the worker does), so
   * a notice naming tags or routes empties the memory: dropping too much costs a worker round trip,
   * keeping too much would serve a stale read. `except` is a notice an entry may survive: its own.
   */
  apply(change: NoticeChange, seq: number): void {
    if (change.all || (change.tags && change.tags.length > 0)) {
      for (const entry of [...this.#entries.values()]) if (entry.ownNotice !== seq) this.delete(entry.key);
      return;
    }
    const urls = new Set(change.urls ?? []);
    if (urls.size === 0) return;
    for (const entry of [...this.#entries.values()]) if (urls.has(entry.url) && entry.ownNotice !== seq) this.delete(entry.key);
  }
}

/** A change covers a URL (the same rule as apply(), for a response still on its way in). */
export function covers(change: NoticeChange, url: string): boolean {
  return change.all === true || (change.tags !== undefined && change.tags.length > 0) || (change.urls ?? []).includes(url);
}
