/**
 * The `Cache-Status` response field (RFC 9211): a Structured Fields List (RFC 8941) with one member
 * per cache that handled the response, from the origin outwards. Stowage appends its own member after
 * whatever the server or a proxy sent; the page's memory (src/client/memory/) appends after that.
 */

export const CACHE_STATUS = 'Cache-Status';
/** The worker's member. */
export const WORKER_CACHE = 'Stowage';
/** The page's memory's member: the layer nearest the user, so always the last. */
export const MEMORY_CACHE = 'Stowage-Memory';

/** RFC 9211 §2.2: why the cache forwarded the request (absent on a hit). */
export type ForwardReason = 'bypass' | 'method' | 'uri-miss' | 'vary-miss' | 'miss' | 'request' | 'stale' | 'partial';

export interface CacheStatusParams {
  hit?: boolean;
  fwd?: ForwardReason;
  /** The status the next hop answered (a 304 that refreshed the entry stays 304 here). */
  fwdStatus?: number;
  /** Remaining freshness in whole seconds; negative when served stale. */
  ttl?: number;
  stored?: boolean;
  /** The request joined another one's network fetch. */
  collapsed?: boolean;
  key?: string;
  /** A token: why, beyond the other parameters (`offline`, `timeout`, `stale-if-error`…). */
  detail?: string;
}

/** One member, parameters in the RFC's order: `Stowage; fwd=stale; fwd-status=304; stored`. */
export function formatMember(cache: string, params: CacheStatusParams): string {
  const parts = [cache];
  if (params.hit) parts.push('hit');
  if (params.fwd) parts.push(`fwd=${params.fwd}`);
  if (params.fwdStatus !== undefined) parts.push(`fwd-status=${params.fwdStatus}`);
  if (params.ttl !== undefined && Number.isFinite(params.ttl)) parts.push(`ttl=${Math.floor(params.ttl)}`);
  if (params.stored) parts.push('stored');
  if (params.collapsed) parts.push('collapsed');
  if (params.key !== undefined) parts.push(`key=${JSON.stringify(params.key)}`);
  if (params.detail !== undefined) parts.push(`detail=${params.detail}`);
  return parts.join('; ');
}

/**
 * The field with `member` appended, after dropping any earlier member of the same cache (a stored
 * copy must not repeat what the cache said when it stored it). Commas inside quoted strings do not
 * split members (RFC 8941 §3.3.3).
 */
export function appendCacheStatus(field: string | null, member: string): string {
  const cache = cacheOf(member);
  const kept = splitMembers(field ?? '').filter((existing) => cacheOf(existing) !== cache);
  return [...kept, member].join(', ');
}

/** The members of a field, trimmed; empty ones dropped. */
export function splitMembers(field: string): string[] {
  const members: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < field.length; i++) {
    const char = field[i]!;
    if (quoted && char === '\\') {
      current += char + (field[++i] ?? '');
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      members.push(current);
      current = '';
    } else current += char;
  }
  members.push(current);
  return members.map((member) => member.trim()).filter((member) => member.length > 0);
}

function cacheOf(member: string): string {
  return member.split(';', 1)[0]!.trim().toLowerCase();
}
