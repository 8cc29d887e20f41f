/**
 * Idempotency-Key support (draft-ietf-httpapi-idempotency-key-header).
 *
 * The key lookup, the write itself and the stored response share one SQLite
 * transaction, so a crash can never leave an effect without its record (which
 * would let a retry apply it twice) or a record without its effect.
 *
 * Only 2xx responses are stored: those are the writes that took effect. A 4xx
 * (validation, 404, 412) changed nothing, so the client may fix the request
 * and retry with the same key, as the draft allows.
 */
import type { IncomingMessage } from 'node:http';
import type { Store } from './db';
import { errorReply, HttpError, sha256 } from './http';
import type { Reply } from './http';

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
  req: IncomingMessage;
  /** Path including query; part of the fingerprint. */
  path: string;
  raw: Buffer;
  /** Session user, or '' so anonymous keys share one scope. */
  scope: string;
  /** Performs the write synchronously inside the transaction. */
  perform: () => Reply;
}

export function runIdempotentWrite(call: WriteCall): Reply {
  const { store, req, path, raw, scope, perform } = call;
  const key = readIdempotencyKey(req);
  const method = req.method ?? 'POST';
  const fingerprint = sha256(raw);
  const transaction = store.db.transaction((): Reply => {
    if (key === undefined) return perform();
    const stored = store.q.getIdempotency.get(scope, key);
    if (stored) {
      if (stored.method !== method || stored.path !== path || stored.fingerprint !== fingerprint) {
        return errorReply(422, 'idempotency-key-mismatch');
      }
      const headers = JSON.parse(stored.headers) as Record<string, string>;
      const reply: Reply = { status: stored.status, headers: { ...headers, 'Idempotent-Replayed': 'true' } };
      if (stored.body !== null) reply.body = stored.body;
      return reply;
    }
    const reply = perform();
    if (reply.status >= 200 && reply.status < 300) {
      store.q.insertIdempotency.run(
        scope, key, method, path, fingerprint, reply.status,
        JSON.stringify(reply.headers), reply.body ?? null, new Date().toISOString(),
      );
    }
    return reply;
  });
  return transaction();
}
