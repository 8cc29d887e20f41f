import { CACHE_STATUS, appendCacheStatus, type ForwardReason } from '../../src/shared/cache-status.js';
import { PENDING_HEADER } from '../../src/shared/headers.js';
import { wallNow } from '../clock.js';
import type { StoredPolicy } from '../http/policy.js';
import { withoutUnstoredFields } from '../http/unstored-fields.js';

/**
 * The one owner of a stored cache entry's format: a Cache Storage response whose headers are the
 * server's, plus Stowage's bookkeeping fields below. Everything else reads and writes entries through
 * these functions, never through the header names.
 */

/** When Stowage stored (or last revalidated) the entry, in ms of the worker's clock: Cache Storage keeps no such date. */
const STORED_AT = 'X-Stowage-Stored-At';
/** The entry's StoredPolicy (HTTP routes): `1 <requestAt> <responseAt> <initialAgeMs>`. */
const POLICY = 'X-Stowage-Policy';
/** When a write made the entry stale: never fresh again, but still an offline fallback. */
const INVALIDATED = 'X-Stowage-Invalidated';
/** The entry is sealed (encryption at rest): its real status, headers and body are inside its body. */
const SEALED = 'X-Stowage-Sealed';
/** The entry's tags (sw/invalidation/), each URI-encoded, comma-separated. */
const TAGS = 'X-Stowage-Tags';
/** The invalidation sequence number of its partition at which the entry's request started. */
const START_SEQ = 'X-Stowage-Start-Seq';
/** The route version (sw/invalidation/versions.ts) the entry was stored under. */
const VERSION = 'X-Stowage-Version';

/**
 * On a network response while it travels to the page (and to the requests sharing it): what Stowage
 * did to get it, for its Cache-Status member. Never stored: stampStored() starts from the server's headers.
 */
const FORWARD = 'X-Stowage-Forward';
const POLICY_FORMAT = '1';

/**
 * On what the page gets from an entry an invalidation covered (`stale` or `expire`): it was served
 * because nothing newer could be had (offline, server unreachable) or while it revalidates.
 */
export const STALE_HEADER = 'X-Stowage-Stale';

/** Fields of the worker's own: the page never sees them. (PENDING_HEADER is the page's to see.) */
const BOOKKEEPING = [STORED_AT, POLICY, INVALIDATED, TAGS, START_SEQ, VERSION, FORWARD];

/** What is stamped on an entry as it is stored. */
export interface EntryStamps {
  storedAt: number;
  /** HTTP routes: what the entry's age is computed from. */
  policy?: StoredPolicy | undefined;
  /** Invalidation: what the entry is tagged with, and the sequence number at which its request started. */
  invalidation?: InvalidationStamps | undefined;
}

export interface InvalidationStamps {
  tags: readonly string[];
  startSeq: number;
  /** The route's version when it was stored; undefined for a route without one. */
  version?: string | undefined;
}

/**
 * A response as it is stored: the server's headers without any earlier bookkeeping (a 304 merged into
 * an entry, or an invalidated entry being replaced, starts over) and without the fields a cache does
 * not store (sw/http/unstored-fields.ts), with these stamps. A response without
 * `Date` gets the time of arrival (RFC 9110 §6.6.1: a recipient with a clock that caches it MUST).
 */
export function stampStored(response: Response, { storedAt, policy, invalidation }: EntryStamps): Response {
  const headers = withoutUnstoredFields(serverHeadersOf(response));
  headers.set(STORED_AT, String(storedAt));
  if (invalidation) {
    headers.set(TAGS, invalidation.tags.map(encodeURIComponent).join(','));
    headers.set(START_SEQ, String(invalidation.startSeq));
    if (invalidation.version !== undefined) headers.set(VERSION, encodeURIComponent(invalidation.version));
  }
  if (policy) {
    headers.set(POLICY, [POLICY_FORMAT, policy.requestAt, policy.responseAt, policy.initialAgeMs].join(' '));
    if (!headers.has('Date')) headers.set('Date', new Date(wallNow()).toUTCString());
  }
  return withHeaders(response, headers);
}

/** When the entry was stored, or NaN for one stored without the stamp. */
export function storedAtOf(entry: Response): number {
  return Number(entry.headers.get(STORED_AT) ?? Number.NaN);
}

/** The entry's stored policy; undefined when stored without HTTP rules (or in another format). */
export function policyOf(entry: Response): StoredPolicy | undefined {
  const [format, requestAt, responseAt, initialAgeMs] = (entry.headers.get(POLICY) ?? '').split(' ').map(Number);
  if (format !== Number(POLICY_FORMAT) || !(requestAt! >= 0 && responseAt! >= 0 && initialAgeMs! >= 0)) return undefined;
  return { requestAt: requestAt!, responseAt: responseAt!, initialAgeMs: initialAgeMs! };
}

/**
 * The entry's invalidation stamps. An entry stored without them (by an older worker, or a copy a
 * write put there) has no tags and counts as started at sequence 0: every invalidation covers it.
 */
export function invalidationStampsOf(entry: Response): InvalidationStamps {
  const tags = entry.headers.get(TAGS);
  const version = entry.headers.get(VERSION);
  return {
    tags: tags ? tags.split(',').map(decodeURIComponent) : [],
    startSeq: Number(entry.headers.get(START_SEQ) ?? 0) || 0,
    version: version === null ? undefined : decodeURIComponent(version),
  };
}

/** Marks what the page gets as served although an invalidation covered it. */
export function markServedStale(response: Response, mode: 'stale' | 'expire'): Response {
  return withHeaderSet(response, STALE_HEADER, mode);
}

/** The response with one header set: in place where its headers allow it, else a copy whose body is streamed through. */
function withHeaderSet(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    // Immutable headers (a response from fetch()).
    const headers = new Headers(response.headers);
    headers.set(name, value);
    return withHeaders(response, headers);
  }
}

export function markInvalidated(entry: Response, atMs: number): Response {
  const headers = new Headers(entry.headers);
  headers.set(INVALIDATED, String(atMs));
  return withHeaders(entry, headers);
}

export function isInvalidated(entry: Response): boolean {
  return entry.headers.has(INVALIDATED);
}

/**
 * The representation a queued write will produce, for reads-your-writes before it is delivered:
 * marked pending (the page can tell) and invalidated, so the next online read revalidates it.
 */
export function pendingCopy({ body, contentType, entryId, atMs }: { body: ArrayBuffer; contentType: string; entryId: string; atMs: number }): Response {
  const at = String(atMs);
  return new Response(body, { headers: { 'Content-Type': contentType, [PENDING_HEADER]: entryId, [STORED_AT]: at, [INVALIDATED]: at } });
}

/** The outbox entry whose pending copy this is, or null. */
export function pendingIdOf(entry: Response): string | null {
  return entry.headers.get(PENDING_HEADER);
}

/** A sealed entry: nothing but its format is in clear (see sw/plugins/encryption.ts). */
export function sealedEntry(sealed: BodyInit, format: string): Response {
  return new Response(sealed, { headers: { 'Content-Type': 'application/octet-stream', [SEALED]: format } });
}

export function sealFormatOf(entry: Response): string | null {
  return entry.headers.get(SEALED);
}

/** The entry's headers as the server sent them (updated by 304s), without Stowage's bookkeeping. */
export function serverHeadersOf(entry: Response): Headers {
  const headers = new Headers(entry.headers);
  for (const name of [...BOOKKEEPING, PENDING_HEADER]) headers.delete(name);
  return headers;
}

/**
 * A stored entry as the page gets it: without the bookkeeping, with its current `Age` when known
 * (RFC 9111 §5.1). Chromium lets a worker change the headers of a response Cache Storage returned,
 * and that response handed to the page as it is keeps its blob-backed body: a new Response around
 * `entry.body` would pipe every byte through a stream (1.5x the floor for a 1 MB hit, against about
 * 1.0x). Where the headers are immutable, as the Service Workers spec has them, the body is streamed
 * into a new Response instead, never copied.
 */
export function forPage(entry: Response, ageMs?: number): Response {
  const strip = (headers: Headers): Headers => {
    for (const name of BOOKKEEPING) headers.delete(name);
    if (ageMs !== undefined) headers.set('Age', String(Math.floor(ageMs / 1000)));
    return headers;
  };
  try {
    strip(entry.headers);
    return entry;
  } catch {
    // TypeError: the headers are immutable (the first change throws, so nothing was changed).
    return withHeaders(entry, strip(new Headers(entry.headers)));
  }
}

/** How a network response was obtained: Stowage's half of its Cache-Status member (RFC 9211). */
export interface ForwardNote {
  fwd: ForwardReason;
  /** The status the server answered (304 for a revalidation merged into the entry). */
  fwdStatus: number;
  stored: boolean;
  /** Remaining freshness of what was stored, in ms (NaN: unknown, Infinity: for ever). */
  ttlMs: number;
  /** The notice announcing this response as the entry's new representation (sw/notices.ts), if any. */
  notice?: number | undefined;
  /** Handed to a request that joined another one's fetch (sw/strategies/in-flight.ts). */
  collapsed?: boolean | undefined;
}

/**
 * The network response carrying its note, for the page and for every request sharing it (the note
 * survives clone()). A response from fetch() has immutable headers: its body is streamed into a new one.
 */
export function noteForward(response: Response, note: ForwardNote): Response {
  if (response.type === 'opaque' || response.status === 0) return response;
  return withHeaderSet(response, FORWARD, [note.fwd, note.fwdStatus, note.stored ? 1 : 0, note.ttlMs, note.notice ?? '-', note.collapsed ? 1 : 0].join(' '));
}

/** The response with its note's `fwd` replaced (a variants lookup knows a miss was a Vary miss). */
export function reviseForward(response: Response, revise: (fwd: ForwardReason) => ForwardReason): Response {
  const note = forwardNoteOf(response);
  if (!note || revise(note.fwd) === note.fwd) return response;
  return noteForward(response, { ...note, fwd: revise(note.fwd) });
}

export function forwardNoteOf(response: Response): ForwardNote | undefined {
  const value = response.headers.get(FORWARD);
  if (!value) return undefined;
  const [fwd, fwdStatus, stored, ttlMs, notice, collapsed] = value.split(' ');
  return {
    fwd: fwd as ForwardReason,
    fwdStatus: Number(fwdStatus),
    stored: stored === '1',
    ttlMs: Number(ttlMs),
    notice: notice === '-' ? undefined : Number(notice),
    collapsed: collapsed === '1',
  };
}

/**
 * What the page gets: Stowage's Cache-Status member appended after the server's and proxies' (a
 * stale one of Stowage's own is replaced), the forwarding note gone, and `extra` headers set. Changed
 * in place where the headers allow it (a cache hit), else streamed into a new response.
 */
export function withCacheStatus(response: Response, member: string, extra: Record<string, string> = {}): Response {
  if (response.type === 'opaque' || response.status === 0) return response;
  const apply = (headers: Headers): Headers => {
    headers.delete(FORWARD);
    headers.set(CACHE_STATUS, appendCacheStatus(headers.get(CACHE_STATUS), member));
    for (const [name, value] of Object.entries(extra)) headers.set(name, value);
    return headers;
  };
  try {
    apply(response.headers);
    return response;
  } catch {
    return withHeaders(response, apply(new Headers(response.headers)));
  }
}

/** Fetch's null body statuses: a Response of one takes no body (Chromium still gives a fetched 204 an empty one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function isNullBodyStatus(status: number): boolean {
  return NULL_BODY_STATUSES.has(status);
}

/** The response with other headers; its body streamed through, never copied. */
export function withHeaders(response: Response, headers: Headers): Response {
  return new Response(isNullBodyStatus(response.status) ? null : response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * A network response with (or, given undefined, without) the sequence number its request started
 * at, while it travels through a route's plugins; stampStored() replaces it with the stored stamp.
 */
export function withStartSeq(response: Response, startSeq: number | undefined): Response {
  // An opaque response has no headers to carry it (and cannot be rebuilt).
  if (response.type === 'opaque' || response.status === 0) return response;
  if (startSeq === undefined ? !response.headers.has(START_SEQ) : response.headers.get(START_SEQ) === String(startSeq)) return response;
  const headers = new Headers(response.headers);
  if (startSeq === undefined) headers.delete(START_SEQ);
  else headers.set(START_SEQ, String(startSeq));
  return withHeaders(response, headers);
}

/** The start sequence number a response carries, or undefined. */
export function startSeqOf(response: Response): number | undefined {
  const value = response.headers.get(START_SEQ);
  return value === null ? undefined : Number(value);
}
