/**
 * Idempotency-Key support (draft-ietf-httpapi-idempotency-key-header).
 *
 * The key alone is a write's identity: the record is found by the key whichever session, or none,
 * a retry carries (a replay after a browser crash has lost its session cookie, issue 9 §1).
 *
 * The key lookup, the write itself and the stored response share one transaction, so a
 * crash can never leave an effect without its record (which would let a retry apply it twice) or
 * a record without its effect.
 *
 * Only 2xx responses are stored: those are the writes that took effect. A 4xx (validation, 404,
 * 412) changed nothing, so the client may fix the request and retry with the same key, as the
 * draft allows.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError, jsonReply, sha256 } from './http';
import type { Reply } from './http';
import { replayFromRecord } from './idempotency-record';
import type { InFlightKeys } from './in-flight-keys';
import type { Store, Transaction } from './store/store';

/** The draft defines the key as a Structured Field string; bare tokens are accepted too. */
export function readIdempotencyKey(req: IncomingMessage): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  let key = (Array.isArray(raw) ? raw.join(', ') : raw).trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (key === '' || key.length > 255) {
    throw new HttpError(400, { error: 'invalid-idempotency-key', detail: 'must be 1-255 characters' });
  }
  return key;
}

export interface WriteCall {
  store: Store;
  inFlight: InFlightKeys;
  req: IncomingMessage;
  /** Path including query; part of the fingerprint. */
  path: string;
  /** The session user, or undefined without a session: recorded with the write, never part of its identity. */
  principal: string | undefined;
  /** Reads the request body; the request is in progress from the moment its key is claimed. */
  readBody: () => Promise<Buffer>;
  /** Performs the write inside `tx`, the transaction its record is stored in. */
  perform: (raw: Buffer, tx: Transaction) => Promise<Reply>;
}

export async function runIdempotentWrite(call: WriteCall): Promise<Reply> {
  const { store, inFlight, req, path, principal, perform } = call;
  const key = readIdempotencyKey(req);
  if (key === undefined) {
    const raw = await call.readBody();
    return store.transaction((tx) => perform(raw, tx));
  }
  // Claimed before the body is read: the original is "still being processed" until it commits.
  if (!inFlight.claim(key)) {
    return jsonReply(409, { error: 'idempotency-key-in-use', detail: 'a request with this key is being processed' }, { 'Retry-After': '1' });
  }
  try {
    const raw = await call.readBody();
    const request = { method: req.method ?? 'POST', path, fingerprint: sha256(raw) };
    // The transaction takes the write lock before the key lookup: with several app servers on one
    // database (issue 14), a retry on the other server waits for the first one's commit and then
    // finds its record.
    return await store.transaction(async (tx) => {
      const stored = await tx.getIdempotency(key);
      if (stored) return replayFromRecord(stored, request, principal);
      const reply = await perform(raw, tx);
      if (reply.status >= 200 && reply.status < 300) {
        const record = {
          principal: principal ?? null, ...request, status: reply.status, headers: JSON.stringify(reply.headers), body: reply.body ?? null,
        };
        await tx.insertIdempotency(key, record, new Date().toISOString());
      }
      return reply;
    });
  } finally {
    inFlight.release(key);
  }
}
