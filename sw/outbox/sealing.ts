import { StowageError } from '../../src/shared/errors.js';
import type { CurrentUser } from '../users/current-user.js';
import type { KeyStore } from '../crypto/keys.js';
import { open, seal } from '../crypto/seal.js';

/** Marks a stored outbox entry whose body is sealed; never sent to the server. */
const SEALED_BODY_HEADER = 'x-stowage-sealed-body';
const SEALED_FORMAT = 'aes-gcm-1';

interface Binding {
  id: string;
  method: string;
  url: string;
}

/**
 * Outbox bodies at rest: every entry is scoped to the user who queued it, and the body of an
 * `encrypt` write route is sealed with that user's key, bound to the entry (id, method, URL) so it
 * cannot be replayed as another entry or by another user. Replay opens it just before sending.
 */
export class OutboxSealing {
  readonly #currentUser: CurrentUser;
  readonly #keys: KeyStore;

  constructor(currentUser: CurrentUser, keys: KeyStore) {
    this.#currentUser = currentUser;
    this.#keys = keys;
  }

  /**
   * The user scope, body and extra stored headers of a new entry. Returns undefined for an `encrypt`
   * route with no user set: there is no key, and the body must not be stored in clear.
   */
  async seal(
    encrypt: boolean,
    entry: Binding & { body: ArrayBuffer | null },
  ): Promise<{ userScope: string | null; body: ArrayBuffer | null; headers: Record<string, string> } | undefined> {
    const { partitionId } = await this.#currentUser.get();
    if (!encrypt || entry.body === null) return { userScope: partitionId, body: entry.body, headers: {} };
    if (partitionId === null) return undefined;
    const key = await this.#keys.getOrCreate(partitionId);
    const sealed = await seal(key, entry.body, additionalData(partitionId, entry));
    return { userScope: partitionId, body: sealed.buffer, headers: { [SEALED_BODY_HEADER]: SEALED_FORMAT } };
  }

  /**
   * The body to store when the app replaces an entry's body (retry(id, { body })): sealed again, with
   * the key of the user who queued the entry, when the entry is sealed or its route encrypts.
   */
  async replaceBody(
    encrypt: boolean,
    entry: Binding & { headers: Record<string, string>; userScope: string | null },
    body: ArrayBuffer,
  ): Promise<{ body: ArrayBuffer; headers: Record<string, string> }> {
    if (!encrypt && entry.headers[SEALED_BODY_HEADER] === undefined) return { body, headers: {} };
    const scope = entry.userScope;
    const key = scope === null ? undefined : await this.#keys.get(scope);
    if (scope === null || !key) throw new StowageError('no-user', 'The key of the user who queued this entry was deleted', { details: { id: entry.id } });
    const sealed = await seal(key, body, additionalData(scope, entry));
    return { body: sealed.buffer, headers: { [SEALED_BODY_HEADER]: SEALED_FORMAT } };
  }

  /** The headers and body to send for a stored entry; throws StowageError('decrypt-failed') when it cannot be opened. */
  async open(
    entry: Binding & { body: ArrayBuffer | null; headers: Record<string, string>; userScope: string | null },
  ): Promise<{ headers: Record<string, string>; body: ArrayBuffer | null }> {
    const { [SEALED_BODY_HEADER]: format, ...headers } = entry.headers;
    if (format === undefined || entry.body === null) return { headers, body: entry.body };
    const scope = entry.userScope;
    const key = scope === null ? undefined : await this.#keys.get(scope);
    // Shredded by clear(): the entry can never be sent.
    if (scope === null || !key) throw new StowageError('decrypt-failed', 'The outbox entry\'s key was deleted', { details: { id: entry.id } });
    return { headers, body: await open(key, entry.body, additionalData(scope, entry)) };
  }
}

function additionalData(partitionId: string, { id, method, url }: Binding): string {
  return JSON.stringify([partitionId, 'outbox', id, method, url]);
}
