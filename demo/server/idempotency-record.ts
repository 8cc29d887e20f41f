/**
 * How a stored idempotency record answers a repeated key. Pure: the caller has found the record by
 * the key alone and says who is asking.
 */
import type { IdempotencyRow } from './store/store';
import { errorReply } from './http';
import type { Reply } from './http';

/** What identifies the request a key was first used for (the draft's request fingerprint). */
export interface KeyedRequest {
  method: string;
  /** Path including the query string. */
  path: string;
  /** SHA-256 of the body bytes. */
  fingerprint: string;
}

/**
 * A reply meant for one user only: `Cache-Control: private` (RFC 9111 §5.2.2.7, which the demo's
 * per-user reads and any per-user write answer carry), or a `Set-Cookie` (one client's credential,
 * as the login answer's session cookie). The shared notes' answers are neither.
 */
export function isPrivateReply(headers: Record<string, string>): boolean {
  const field = (name: string): string | undefined =>
    Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  if (field('set-cookie') !== undefined) return true;
  return (field('cache-control') ?? '')
    .split(',')
    .some((directive) => directive.split('=')[0]?.trim().toLowerCase() === 'private');
}

/**
 * The answer to a request whose key has a record: `422` when the key was first used for another
 * method, path or body; otherwise the stored answer, marked `Idempotent-Replayed: true`. A
 * principal other than the one that made the write gets the stored status alone when the stored
 * answer is private: it learns that the write it resent took effect, and nothing it could
 * not read otherwise. Without a session nobody is proven, so no session is never the owner.
 */
export function replayFromRecord(record: IdempotencyRow, request: KeyedRequest, principal: string | undefined): Reply {
  if (record.method !== request.method || record.path !== request.path || record.fingerprint !== request.fingerprint) {
    return errorReply(422, 'idempotency-key-mismatch');
  }
  const headers = JSON.parse(record.headers) as Record<string, string>;
  const owner = record.principal !== null && record.principal === principal;
  if (!owner && isPrivateReply(headers)) {
    return { status: record.status, headers: { 'Cache-Control': 'no-store', 'Idempotent-Replayed': 'true' } };
  }
  const reply: Reply = { status: record.status, headers: { ...headers, 'Idempotent-Replayed': 'true' } };
  if (record.body !== null) reply.body = record.body;
  return reply;
}
