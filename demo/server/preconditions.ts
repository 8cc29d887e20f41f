import type { IncomingMessage } from 'node:http';
import { ifMatchPasses, unmodifiedSincePasses } from './conditional';

/**
 * Evaluates If-Match, or If-Unmodified-Since when If-Match is absent
 * (RFC 9110 §13.2.2 steps 1–2), for a write to an existing resource.
 * Returns false when the request must be answered 412.
 */
export function writePreconditionsPass(req: IncomingMessage, etag: string, lastModifiedMs: number): boolean {
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined) return ifMatchPasses(ifMatch, etag);
  const ifUnmodifiedSince = req.headers['if-unmodified-since'];
  if (ifUnmodifiedSince !== undefined) return unmodifiedSincePasses(ifUnmodifiedSince, lastModifiedMs);
  return true;
}
