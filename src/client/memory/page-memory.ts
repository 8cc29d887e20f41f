import { MEMORY_CACHE, CACHE_STATUS, appendCacheStatus } from '../../shared/cache-status.js';
import { MEMORY_HEADER } from '../../shared/headers.js';
import type { NoticesSince } from '../../shared/protocol.js';
import { MemoryStore, covers } from './memory-store.js';
import { NoticeFollower } from './notice-follower.js';

export interface MemoryOptions {
  /** The memory's budget per tab. @default 4 MB */
  maxBytes?: number;
  /** Responses larger than this are not kept. @default 256 KB */
  maxEntryBytes?: number;
}

export interface MemoryStats {
  /** Reads answered from this tab's memory, without the worker. */
  hits: number;
  /** Reads of routes with `memory: true` that went to the worker (not kept, expired, or dropped). */
  misses: number;
  entries: number;
  bytes: number;
}

const MEMORY_HIT = `${MEMORY_CACHE}; hit`;

/**
 * The L1 of the cache hierarchy: `stowage.fetch()` answers from this tab's memory while the worker
 * said the entry is fresh, and asks the worker otherwise. The worker says so on what it serves from a
 * `memory: true` route (MEMORY_HEADER: its notice number, the entry's remaining freshness and, for a
 * new representation, the notice announcing it); every change to an entry reaches each tab as a
 * numbered notice (NoticeFollower), so no tab answers with a representation the worker replaced.
 * Bodies never travel between tabs; each tab fills its memory from its own reads.
 */
export class PageMemory {
  readonly #store: MemoryStore;
  readonly #maxEntryBytes: number;
  readonly #follower: NoticeFollower;
  /** Moves on whenever the memory is emptied: a response that was on its way in then is not kept. */
  #generation = 0;
  #hits = 0;
  #misses = 0;

  constructor(since: (epoch: string, after: number) => Promise<NoticesSince>, { maxBytes = 4 << 20, maxEntryBytes = 256 << 10 }: MemoryOptions = {}) {
    this.#store = new MemoryStore(maxBytes);
    this.#maxEntryBytes = maxEntryBytes;
    this.#follower = new NoticeFollower({
      since,
      onChange: (change, seq) => {
        if (change.all) this.clear();
        else this.#store.apply(change, seq);
      },
      onReset: () => this.clear(),
    });
  }

  /** fetch(), answered from memory while the worker says the entry is fresh. */
  async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    if (!usesMemory(request)) return fetch(request);
    const key = memoryKey(request);
    const entry = this.#follower.inSync ? this.#store.get(key, performance.now()) : undefined;
    if (entry) {
      this.#hits += 1;
      const headers = new Headers(entry.headers);
      headers.set(CACHE_STATUS, appendCacheStatus(headers.get(CACHE_STATUS), MEMORY_HIT));
      return withUrl(new Response(entry.body.slice(0), { status: entry.status, statusText: entry.statusText, headers }), request.url);
    }
    const generation = this.#generation;
    const response = await fetch(request);
    const hint = parseHint(response.headers.get(MEMORY_HEADER));
    if (!hint) return response;
    this.#misses += 1;
    const headers = new Headers(response.headers);
    headers.delete(MEMORY_HEADER);
    const length = Number(response.headers.get('Content-Length') ?? Number.NaN);
    if (length > this.#maxEntryBytes) return withUrl(new Response(response.body, { status: response.status, statusText: response.statusText, headers }), response.url);
    const body = await response.arrayBuffer();
    const url = response.url || request.url;
    const answer = withUrl(new Response(body.slice(0), { status: response.status, statusText: response.statusText, headers }), url);
    const keep =
      body.byteLength <= this.#maxEntryBytes &&
      generation === this.#generation &&
      this.#follower.mayKeep(hint.epoch, hint.seq, (change, seq) => seq !== hint.ownNotice && covers(change, request.url));
    if (keep) {
      this.#store.set({
        key,
        url: request.url,
        status: response.status,
        statusText: response.statusText,
        headers: [...headers],
        body,
        expiresAt: performance.now() + hint.ttlMs,
        ownNotice: hint.ownNotice,
      });
    }
    return answer;
  }

  /** Empties this tab's memory (setUser(), clear(), a reset). */
  clear(): void {
    this.#generation += 1;
    this.#store.clear();
  }

  stats(): MemoryStats {
    return { hits: this.#hits, misses: this.#misses, entries: this.#store.size, bytes: this.#store.bytes };
  }

  dispose(): void {
    this.#follower.dispose();
    this.clear();
  }
}

/** Only plain GETs: a request that asks to bypass or revalidate caches goes to the worker. */
function usesMemory(request: Request): boolean {
  return request.method === 'GET' && request.cache === 'default' && !request.headers.has('Cache-Control') && !request.headers.has('Pragma');
}

/** The URL and every request header (as the worker's stampede key): another Accept is another entry. */
function memoryKey(request: Request): string {
  const headers: string[] = [];
  request.headers.forEach((value, name) => headers.push(`${name}:${value}`));
  return [request.url, ...headers.sort()].join('\n');
}

interface MemoryHint {
  epoch: string;
  seq: number;
  ttlMs: number;
  ownNotice: number | undefined;
}

function parseHint(value: string | null): MemoryHint | undefined {
  const [epoch, seq, ttlMs, own] = (value ?? '').split(' ');
  if (!epoch || !(Number(ttlMs) > 0) || !Number.isInteger(Number(seq))) return undefined;
  return { epoch, seq: Number(seq), ttlMs: Number(ttlMs), ownNotice: own === '-' || own === undefined ? undefined : Number(own) };
}

/** A made-up Response has an empty `url`; fetch()'s callers may read it. */
function withUrl(response: Response, url: string): Response {
  Object.defineProperty(response, 'url', { value: url });
  return response;
}
